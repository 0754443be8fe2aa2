"""Filing a complaint through the service: who may file how, what is stored, and what is refused."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from antrian import kalender
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import HariLibur, JenisTiket, Lampiran, Peristiwa, Status, Tiket
from antrian.models.catatan import JenisPeristiwa
from antrian.services import Kontak
from keluhan.models import ISI_MAKS, TENGGAT_TINDAK_LANJUT_HARI, Keluhan
from keluhan.services import keluhan_ajukan
from tests.conftest import aktor
from tests.keluhan.berkas_uji import jpeg, menyamar, png

pytestmark = pytest.mark.django_db

TAMU = Aktor()


def ajukan(kategori, pelapor=TAMU, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("judul", "Jalan berlubang di depan pasar")
    kwargs.setdefault("isi", "Lubang sedalam 20 cm, sudah dua motor jatuh minggu ini.")
    if pelapor is TAMU and not kwargs.get("anonim"):
        kwargs.setdefault("kontak", Kontak(nama="Budi", email="budi@contoh.id"))
    return keluhan_ajukan(kategori=kategori, aktor=pelapor, **kwargs)


def rincian_galat(info: pytest.ExceptionInfo[DataTidakValid]) -> dict[str, list[str]]:
    return info.value.rincian


# --- who files -----------------------------------------------------------------------------------------


def test_warga_mengajukan_keluhan_ke_unit_kategori(kategori, unit, warga):
    baru = ajukan(kategori, aktor(warga), lintang="-3.123456", bujur="102.5", alamat="Jl. Pasar No. 1")

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.jenis == JenisTiket.KELUHAN
    assert tiket.status == Status.DIAJUKAN
    assert tiket.unit == unit
    assert tiket.pemohon == warga
    assert tiket.judul == "Jalan berlubang di depan pasar"
    keluhan = Keluhan.objects.get(tiket=tiket)
    assert keluhan.kategori == kategori
    assert keluhan.lintang == Decimal("-3.123456")
    assert keluhan.bujur == Decimal("102.500000")
    assert keluhan.alamat == "Jl. Pasar No. 1"
    assert (keluhan.anonim, keluhan.rahasia) == (False, False)
    assert baru.token_lacak and tiket.token_lacak_hash != baru.token_lacak


def test_tamu_dengan_kontak_dapat_mengajukan_dan_telepon_dinormalkan(kategori):
    baru = ajukan(kategori, kontak=Kontak(nama="  Siti  ", telepon="0812-3456-7890"))

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.pemohon is None
    assert tiket.kontak_nama == "Siti"
    assert tiket.kontak_telepon == "+6281234567890"


def test_tamu_tanpa_kontak_ditolak(kategori):
    with pytest.raises(DataTidakValid) as info:
        keluhan_ajukan(kategori=kategori, aktor=TAMU, judul="Lampu mati", isi="Sudah seminggu.")

    assert set(rincian_galat(info)) == {"kontak_nama", "kontak"}
    assert not Tiket.objects.exists()


def test_tamu_dengan_nama_saja_tanpa_email_atau_telepon_ditolak(kategori):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, kontak=Kontak(nama="Budi"))

    assert set(rincian_galat(info)) == {"kontak"}


@pytest.mark.parametrize(
    ("kontak", "medan"),
    [
        (Kontak(nama="Budi", email="bukan-email"), "kontak_email"),
        (Kontak(nama="Budi", telepon="12345"), "kontak_telepon"),
    ],
)
def test_kontak_tamu_yang_tidak_sah_ditolak(kategori, kontak, medan):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, kontak=kontak)

    assert set(rincian_galat(info)) == {medan}


def test_keluhan_anonim_warga_yang_masuk_tidak_menyimpan_identitas_apa_pun(kategori, warga):
    baru = ajukan(
        kategori,
        aktor(warga),
        anonim=True,
        kontak=Kontak(nama="Warga A", email="warga.a@contoh.id", telepon="081234567890"),
        lampiran=[png()],
    )

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.pemohon is None
    assert (tiket.kontak_nama, tiket.kontak_email, tiket.kontak_telepon) == ("", "", "")
    assert tiket.anonim and tiket.identitas_rahasia
    # Nor does the audit trail or the attachment name who filed it.
    assert list(Peristiwa.objects.filter(tiket=tiket).values_list("aktor_id", flat=True)) == [None]
    assert list(Lampiran.objects.filter(tiket=tiket).values_list("diunggah_oleh_id", flat=True)) == [None]
    keluhan = Keluhan.objects.get(tiket=tiket)
    assert keluhan.anonim and keluhan.rahasia
    assert not Tiket.objects.filter(pemohon=warga).exists()


def test_tamu_anonim_tidak_perlu_kontak(kategori):
    baru = ajukan(kategori, anonim=True)

    assert Tiket.objects.get(pk=baru.tiket.pk).anonim


def test_keluhan_rahasia_menyimpan_identitas_tetapi_menandai_tiket(kategori, warga):
    baru = ajukan(kategori, aktor(warga), rahasia=True)

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.identitas_rahasia is True
    assert tiket.anonim is False
    assert tiket.pemohon == warga
    assert Keluhan.objects.get(tiket=tiket).rahasia is True


# --- what is recorded ----------------------------------------------------------------------------------


def test_nomor_keluhan_berformat_adu_tahun_bulan_urut(kategori, warga):
    baru = ajukan(kategori, aktor(warga))

    yymm = timezone.localtime(baru.tiket.diajukan_pada).strftime("%y%m")
    assert re.fullmatch(rf"ADU-{yymm}-\d{{5,}}", Tiket.objects.get(pk=baru.tiket.pk).nomor)


def test_tenggat_lima_hari_kerja_dan_respons_pertama_dari_kategori(kategori, warga):
    baru = ajukan(kategori, aktor(warga))

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.tenggat == kalender.tambah_hari_kerja(tiket.diajukan_pada, TENGGAT_TINDAK_LANJUT_HARI)
    assert kalender.hari_kerja_antara(tiket.diajukan_pada, tiket.tenggat) == 5
    # The category asks for a first response within 2 working days, not the default 1.
    assert tiket.tenggat_respons == kalender.tambah_hari_kerja(tiket.diajukan_pada, 2)


def test_tenggat_melompati_akhir_pekan_dan_hari_libur_daerah(kategori, warga, monkeypatch):
    # Wednesday 1 October 2025, 10:00 WIB; the admin declares Monday 6 October a regional holiday.
    rabu = dt.datetime(2025, 10, 1, 10, 0, tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: rabu)
    HariLibur.objects.create(tanggal=dt.date(2025, 10, 6), nama="Hari jadi kabupaten")
    kalender.hapus_cache()

    baru = ajukan(kategori, aktor(warga))

    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    # Thu 2, Fri 3, (weekend, holiday Mon 6), Tue 7, Wed 8, Thu 9: the close of Thursday 9 October.
    assert timezone.localtime(tiket.tenggat) == dt.datetime(2025, 10, 9, 16, 0, tzinfo=rabu.tzinfo)
    assert timezone.localtime(tiket.tenggat_respons).date() == dt.date(2025, 10, 3)
    assert tiket.nomor.startswith("ADU-2510-")


def test_pengajuan_mencatat_tepat_satu_peristiwa_pengajuan(kategori, warga):
    baru = ajukan(kategori, aktor(warga))

    peristiwa = list(Peristiwa.objects.filter(tiket=baru.tiket))
    assert len(peristiwa) == 1
    assert peristiwa[0].jenis == JenisPeristiwa.PENGAJUAN
    assert peristiwa[0].ke_status == Status.DIAJUKAN
    assert peristiwa[0].aktor == warga
    assert peristiwa[0].unit_id == kategori.unit_default_id


# --- what is refused -----------------------------------------------------------------------------------


def test_kategori_nonaktif_ditolak(kategori_nonaktif, warga):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori_nonaktif, aktor(warga))

    assert "kategori" in rincian_galat(info)
    assert not Tiket.objects.exists()


def test_kategori_dengan_unit_nonaktif_ditolak(kategori, unit, warga):
    unit.aktif = False
    unit.save()

    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga))

    assert "kategori" in rincian_galat(info)


@pytest.mark.parametrize(
    ("ubah", "medan"),
    [
        ({"judul": "   "}, "judul"),
        ({"judul": "j" * 151}, "judul"),
        ({"isi": ""}, "isi"),
        ({"isi": "x" * (ISI_MAKS + 1)}, "isi"),
        ({"alamat": "a" * 501}, "alamat"),
    ],
)
def test_judul_isi_dan_alamat_diperiksa(kategori, warga, ubah, medan):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga), **ubah)

    assert set(rincian_galat(info)) == {medan}
    assert not Tiket.objects.exists()


def test_isi_tepat_empat_ribu_karakter_diterima(kategori, warga):
    baru = ajukan(kategori, aktor(warga), isi="x" * ISI_MAKS)

    assert len(Keluhan.objects.get(tiket=baru.tiket).isi) == ISI_MAKS


@pytest.mark.parametrize(
    ("lintang", "bujur", "medan"),
    [
        ("-3.8", None, "bujur"),
        (None, "102.26", "lintang"),
        ("90.000001", "102", "lintang"),
        ("-91", "102", "lintang"),
        ("-3.8", "180.5", "bujur"),
        ("-3.8", "-181", "bujur"),
        ("utara", "102", "lintang"),
        ("NaN", "102", "lintang"),
        ("-3.8", "Infinity", "bujur"),
    ],
)
def test_lokasi_tidak_sah_ditolak(kategori, warga, lintang, bujur, medan):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga), lintang=lintang, bujur=bujur)

    assert set(rincian_galat(info)) == {medan}


def test_koordinat_di_batas_diterima_dan_dibulatkan_enam_desimal(kategori, warga):
    baru = ajukan(kategori, aktor(warga), lintang=-90, bujur="179.99999951")

    keluhan = Keluhan.objects.get(tiket=baru.tiket)
    assert keluhan.lintang == Decimal("-90.000000")
    assert keluhan.bujur == Decimal("180.000000")


def test_semua_kesalahan_dilaporkan_sekaligus(kategori):
    with pytest.raises(DataTidakValid) as info:
        keluhan_ajukan(kategori=kategori, aktor=TAMU, judul="", isi="", lintang="1", lampiran=[menyamar()])

    assert set(rincian_galat(info)) == {"judul", "isi", "bujur", "kontak_nama", "kontak", "lampiran"}


# --- attachments ---------------------------------------------------------------------------------------


def test_lampiran_png_dan_jpeg_asli_diterima(kategori, warga):
    baru = ajukan(kategori, aktor(warga), lampiran=[png(), jpeg()])

    lampiran = list(Lampiran.objects.filter(tiket=baru.tiket).order_by("id"))
    assert [(x.nama_asli, x.tipe_mime) for x in lampiran] == [
        ("foto.png", "image/png"),
        ("foto.jpg", "image/jpeg"),
    ]
    assert all(x.diunggah_oleh == warga and x.tanggapan is None for x in lampiran)
    # Stored under a random name, never the citizen's.
    assert all("foto" not in x.berkas.name for x in lampiran)
    assert lampiran[0].berkas.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "berkas",
    [
        menyamar("foto.png"),
        menyamar("surat.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        menyamar("peta.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ids=["html", "exe", "svg"],
)
def test_lampiran_yang_menyamar_ditolak_dan_tidak_ada_yang_tersimpan(kategori, warga, berkas):
    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga), lampiran=[png(), berkas])

    assert set(rincian_galat(info)) == {"lampiran"}
    assert not Tiket.objects.exists()
    assert not Lampiran.objects.exists()


def test_lampiran_terlalu_besar_ditolak(kategori, warga, settings):
    settings.UNGGAHAN_MAKS_MB = 1

    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga), lampiran=[png(padding=1024 * 1024)])

    assert "terlalu besar" in rincian_galat(info)["lampiran"][0]
    assert not Tiket.objects.exists()


def test_lampiran_terlalu_banyak_ditolak(kategori, warga, settings):
    settings.UNGGAHAN_MAKS_BERKAS = 2

    with pytest.raises(DataTidakValid) as info:
        ajukan(kategori, aktor(warga), lampiran=[png("a.png"), png("b.png"), png("c.png")])

    assert set(rincian_galat(info)) == {"lampiran"}
