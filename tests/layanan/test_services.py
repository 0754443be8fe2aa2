"""Filing a permohonan through the service: what citizens, guests and attackers send."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antrian import kalender
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import JenisTiket, Lampiran, Peristiwa, Prioritas, Status, Tiket
from antrian.services import Kontak
from layanan.models import Permohonan
from layanan.services import permohonan_ajukan
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, PDF_KECIL, buat_layanan_akta, dokumen_akta, pdf, png

TAMU = Aktor()


@pytest.fixture
def layanan(unit):
    return buat_layanan_akta(unit)


def ajukan(layanan, *, siapa=TAMU, jawaban=None, dokumen=None, kontak=None, **kwargs):
    if kontak is None and siapa is TAMU:
        kontak = Kontak(nama="Siti", email="siti@contoh.id")
    return permohonan_ajukan(
        layanan=layanan,
        aktor=siapa if isinstance(siapa, Aktor) else aktor(siapa),
        jawaban=JAWABAN_AKTA if jawaban is None else jawaban,
        dokumen=dokumen_akta() if dokumen is None else dokumen,
        kontak=kontak,
        **kwargs,
    )


def galat_ajukan(layanan, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(DataTidakValid) as info:
        ajukan(layanan, **kwargs)
    assert not Tiket.objects.exists(), "nothing may be written when the submission is refused"
    assert not Lampiran.objects.exists()
    return info.value.rincian


def test_warga_mengajukan_permohonan_menjadi_tiket_di_unit_layanan(layanan, unit, warga):
    baru = ajukan(layanan, siapa=warga)
    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert re.fullmatch(r"LYN-\d{4}-\d{5}", tiket.nomor)
    assert tiket.jenis == JenisTiket.PERMOHONAN
    assert tiket.status == Status.DIAJUKAN
    assert tiket.unit == unit
    assert tiket.pemohon == warga
    assert tiket.judul == "Akta Kelahiran"
    assert tiket.tenggat == kalender.tambah_hari_kerja(tiket.diajukan_pada, 5)
    assert tiket.tenggat_respons == kalender.tambah_hari_kerja(tiket.diajukan_pada, 2)
    assert baru.token_lacak
    permohonan = Permohonan.objects.get(tiket=tiket)
    assert permohonan.layanan == layanan
    assert permohonan.jawaban == {
        "nama-anak": "Budi",
        "tanggal-lahir": "2026-11-01",
        "tempat": "rs",
        "berat": "3.25",
    }
    assert list(Peristiwa.objects.filter(tiket=tiket).values_list("jenis", flat=True)) == ["pengajuan"]


def test_dokumen_disimpan_sebagai_lampiran_dengan_kode_persyaratan_dan_nama_acak(layanan, warga):
    baru = ajukan(
        layanan, siapa=warga, dokumen={**dokumen_akta(), "surat-bidan": [pdf("a.pdf"), pdf("b.pdf")]}
    )
    lampiran = list(Lampiran.objects.filter(tiket=baru.tiket).order_by("id"))
    assert [(x.kode_persyaratan, x.tipe_mime, x.nama_asli) for x in lampiran] == [
        ("ktp", "application/pdf", "ktp.pdf"),
        ("kk", "image/png", "kk.png"),
        ("surat-bidan", "application/pdf", "a.pdf"),
        ("surat-bidan", "application/pdf", "b.pdf"),
    ]
    assert all(x.diunggah_oleh == warga and not x.internal for x in lampiran)
    assert "ktp" not in lampiran[0].berkas.name
    with lampiran[0].berkas.open("rb") as berkas:
        assert berkas.read() == PDF_KECIL


def test_tamu_memberi_nama_dan_telepon_yang_dinormalkan(layanan):
    baru = ajukan(layanan, kontak=Kontak(nama=" Siti ", telepon="0812-3456-7890"))
    tiket = Tiket.objects.get(pk=baru.tiket.pk)
    assert tiket.pemohon is None
    assert (tiket.kontak_nama, tiket.kontak_telepon, tiket.kontak_email) == ("Siti", "+6281234567890", "")


def test_tamu_tanpa_kontak_ditolak(layanan):
    rincian = galat_ajukan(layanan, kontak=Kontak())
    assert {"kontak_nama", "kontak"} <= set(rincian)


def test_tamu_dengan_nama_saja_ditolak(layanan):
    assert "kontak" in galat_ajukan(layanan, kontak=Kontak(nama="Siti"))


def test_email_atau_telepon_kontak_yang_tidak_sah_ditolak(layanan):
    rincian = galat_ajukan(layanan, kontak=Kontak(nama="Siti", email="bukan-email", telepon="12345"))
    assert {"kontak_email", "kontak_telepon"} <= set(rincian)


def test_warga_berakun_tidak_wajib_memberi_kontak(layanan, warga):
    assert ajukan(layanan, siapa=warga, kontak=Kontak()).tiket.pemohon == warga


def test_dokumen_wajib_yang_tidak_diunggah_ditolak(layanan, warga):
    rincian = galat_ajukan(layanan, siapa=warga, dokumen={"ktp": [pdf()]})
    assert set(rincian) == {"dokumen.kk"}


def test_dokumen_opsional_boleh_tidak_diunggah(layanan, warga):
    ajukan(layanan, siapa=warga, dokumen=dokumen_akta())
    assert not Lampiran.objects.filter(kode_persyaratan="surat-bidan").exists()


def test_kode_dokumen_yang_tidak_ada_pada_layanan_ditolak(layanan, warga):
    rincian = galat_ajukan(layanan, siapa=warga, dokumen={**dokumen_akta(), "paspor": [pdf()]})
    assert set(rincian) == {"dokumen.paspor"}


def test_berkas_yang_terlalu_besar_ditolak(layanan, warga, settings):
    settings.UNGGAHAN_MAKS_MB = 1
    besar = pdf("ktp.pdf", PDF_KECIL + b"0" * (1024 * 1024))
    rincian = galat_ajukan(layanan, siapa=warga, dokumen={**dokumen_akta(), "ktp": [besar]})
    assert set(rincian) == {"dokumen.ktp"}
    assert "terlalu besar" in rincian["dokumen.ktp"][0]


@pytest.mark.parametrize(
    "isi",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    ],
)
def test_isi_berkas_yang_menyamar_dengan_ekstensi_pdf_ditolak(layanan, warga, isi):
    menyamar = SimpleUploadedFile("ktp.pdf", isi, content_type="application/pdf")
    rincian = galat_ajukan(layanan, siapa=warga, dokumen={**dokumen_akta(), "ktp": [menyamar]})
    assert set(rincian) == {"dokumen.ktp"}


def test_berkas_kosong_ditolak(layanan, warga):
    kosong = SimpleUploadedFile("ktp.pdf", b"", content_type="application/pdf")
    assert "dokumen.ktp" in galat_ajukan(layanan, siapa=warga, dokumen={**dokumen_akta(), "ktp": [kosong]})


def test_terlalu_banyak_berkas_ditolak(layanan, warga, settings):
    settings.UNGGAHAN_MAKS_BERKAS = 3
    dokumen = {**dokumen_akta(), "surat-bidan": [pdf(), pdf()]}
    assert "dokumen" in galat_ajukan(layanan, siapa=warga, dokumen=dokumen)


def test_semua_galat_jawaban_dokumen_dan_kontak_dilaporkan_sekaligus(layanan):
    rincian = galat_ajukan(layanan, jawaban={"tempat": "kapal"}, dokumen={"ktp": [pdf()]}, kontak=Kontak())
    assert {
        "jawaban.nama-anak",
        "jawaban.tanggal-lahir",
        "jawaban.tempat",
        "dokumen.kk",
        "kontak_nama",
        "kontak",
    } <= set(rincian)


def test_layanan_nonaktif_tidak_menerima_permohonan(layanan, warga):
    layanan.aktif = False
    layanan.save()
    assert set(galat_ajukan(layanan, siapa=warga)) == {"layanan"}


def test_layanan_di_unit_nonaktif_tidak_menerima_permohonan(layanan, unit, warga):
    unit.aktif = False
    unit.save()
    assert set(galat_ajukan(layanan, siapa=warga)) == {"layanan"}


def test_warga_tidak_bisa_menaikkan_prioritas_sendiri(layanan, warga):
    baru = ajukan(layanan, siapa=warga, prioritas=Prioritas.DARURAT)
    assert Tiket.objects.get(pk=baru.tiket.pk).prioritas == Prioritas.NORMAL


def test_petugas_unit_di_loket_boleh_memberi_prioritas(layanan, petugas, petugas_unit_lain):
    kontak = Kontak(nama="Warga loket", telepon="081234567890")
    baru = ajukan(layanan, siapa=petugas, kontak=kontak, prioritas=Prioritas.TINGGI)
    assert Tiket.objects.get(pk=baru.tiket.pk).prioritas == Prioritas.TINGGI
    lain = ajukan(layanan, siapa=petugas_unit_lain, kontak=kontak, prioritas=Prioritas.TINGGI)
    assert Tiket.objects.get(pk=lain.tiket.pk).prioritas == Prioritas.NORMAL


def test_png_asli_diterima_sebagai_dokumen(layanan, warga):
    baru = ajukan(layanan, siapa=warga, dokumen={"ktp": [png("ktp.png")], "kk": [png("kk.png")]})
    assert set(Lampiran.objects.filter(tiket=baru.tiket).values_list("tipe_mime", flat=True)) == {"image/png"}
