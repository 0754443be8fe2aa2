"""Assignment: the three strategies, the automatic assigner's fairness, freed capacity pulling the next
tiket, and the claim of the next tiket in queue order. Services are called directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from antrian import selectors, services
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import (
    JenisTiket,
    Keanggotaan,
    Peristiwa,
    Petugas,
    Prioritas,
    Status,
    StrategiPenugasan,
    Tiket,
    Unit,
)
from antrian.models.catatan import JenisPeristiwa
from antrian.services import Kontak
from keluhan.models import KategoriKeluhan
from keluhan.services import keluhan_ajukan
from layanan.services import permohonan_ajukan
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, buat_layanan_akta, dokumen_akta

pytestmark = pytest.mark.django_db


def atur_strategi(unit: Unit, strategi: str) -> Unit:
    unit.strategi_penugasan = strategi
    unit.save(update_fields=["strategi_penugasan"])
    return unit


@pytest.fixture
def otomatis(unit: Unit) -> Unit:
    return atur_strategi(unit, StrategiPenugasan.OTOMATIS)


def beri_beban(petugas: Petugas, jumlah: int, unit_beban: Unit) -> list[Tiket]:
    """Give the officer `jumlah` open tikets in another (claiming) unit: open work counts in every unit."""
    Keanggotaan.objects.get_or_create(petugas=petugas, unit=unit_beban)
    hasil = []
    for _ in range(jumlah):
        tiket = buat_tiket(unit_beban).tiket
        hasil.append(services.tiket_ambil(tiket=tiket, aktor=aktor(petugas)))
    return hasil


def menganggur_sejak(petugas: Petugas, jam_lalu: float | None) -> None:
    waktu = None if jam_lalu is None else timezone.now() - dt.timedelta(hours=jam_lalu)
    Petugas.objects.filter(pk=petugas.pk).update(terakhir_ditugaskan_pada=waktu)


def penugasan_sistem(tiket: Tiket) -> list[Peristiwa]:
    return list(Peristiwa.objects.filter(tiket=tiket, aksi="tugaskan", aktor__isnull=True))


# --- the three strategies ----------------------------------------------------------------------------


def test_unit_manual_tiket_menunggu_supervisor_dan_petugas_tidak_boleh_mengambil(
    unit, petugas, supervisor, warga
):
    atur_strategi(unit, StrategiPenugasan.MANUAL)
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert segarkan(tiket).status == Status.DIAJUKAN

    with pytest.raises(TidakDiizinkan):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    with pytest.raises(TidakDiizinkan):
        services.tiket_klaim_berikutnya(aktor=aktor(petugas))
    assert segarkan(tiket).petugas is None

    services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    assert segarkan(tiket).petugas == petugas


def test_supervisor_unit_manual_boleh_mengambil_tiket_sendiri(unit, supervisor, warga):
    atur_strategi(unit, StrategiPenugasan.MANUAL)
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(supervisor))
    assert segarkan(tiket).petugas == supervisor


def test_unit_klaim_tiket_menunggu_sampai_petugas_mengklaimnya(unit, petugas, warga):
    assert unit.strategi_penugasan == StrategiPenugasan.KLAIM
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert segarkan(tiket).status == Status.DIAJUKAN
    assert penugasan_sistem(tiket) == []

    diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas))

    assert diklaim.pk == tiket.pk
    assert (segarkan(tiket).status, segarkan(tiket).petugas) == (Status.DITUGASKAN, petugas)


def test_unit_otomatis_tiket_baru_langsung_ditugaskan_sistem_dengan_peristiwa(otomatis, petugas, warga):
    baru = buat_tiket(otomatis, pemohon=warga)

    tersimpan = segarkan(baru.tiket)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, petugas)
    # The submission's answer shows the state the tiket is in now, not the one it was inserted with.
    assert (baru.tiket.status, baru.tiket.versi) == (Status.DITUGASKAN, tersimpan.versi)
    [peristiwa] = penugasan_sistem(baru.tiket)
    assert peristiwa.jenis == JenisPeristiwa.PENUGASAN
    assert (peristiwa.dari_status, peristiwa.ke_status) == (Status.DIAJUKAN, Status.DITUGASKAN)
    assert peristiwa.petugas_id == petugas.pk
    assert peristiwa.data == {"petugas": petugas.pk}
    petugas.refresh_from_db()
    assert petugas.terakhir_ditugaskan_pada == tersimpan.ditugaskan_pada
    tampilan = selectors.detail_tiket(tiket=selectors.tiket_segar(baru.tiket), aktor=aktor(petugas))
    assert [p.peran_aktor for p in tampilan.peristiwa if p.aksi == "tugaskan"] == ["sistem"]


def test_penugasan_otomatis_tidak_menyentuh_unit_yang_bukan_otomatis(unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert services.penugasan_otomatis(tiket=tiket) is None
    assert segarkan(tiket).status == Status.DIAJUKAN


def test_penugasan_otomatis_tidak_menyentuh_tiket_yang_sudah_dipegang(
    otomatis, petugas, petugas_kedua, warga
):
    tiket = buat_tiket(otomatis, pemohon=warga).tiket
    pemegang = segarkan(tiket).petugas
    assert services.penugasan_otomatis(tiket=tiket) is None
    assert segarkan(tiket).petugas == pemegang
    assert len(penugasan_sistem(tiket)) == 1


# --- fairness of the automatic assigner ----------------------------------------------------------------


def test_otomatis_memilih_petugas_dengan_beban_terbuka_paling_sedikit(otomatis, unit_lain, warga):
    sibuk, agak_sibuk = buat_petugas(otomatis), buat_petugas(otomatis)
    beri_beban(sibuk, 2, unit_lain)
    beri_beban(agak_sibuk, 1, unit_lain)
    # The busier officer idled longest: load still comes first.
    menganggur_sejak(sibuk, 48)
    menganggur_sejak(agak_sibuk, 1)

    tiket = buat_tiket(otomatis, pemohon=warga).tiket

    assert segarkan(tiket).petugas == agak_sibuk


def test_beban_hanya_menghitung_tiket_yang_masih_terbuka(otomatis, unit_lain, warga):
    banyak_selesai, satu_terbuka = buat_petugas(otomatis), buat_petugas(otomatis)
    for tiket in beri_beban(banyak_selesai, 3, unit_lain):
        services.tiket_tolak(
            tiket=tiket, aktor=aktor(banyak_selesai), alasan="duplikat", catatan="Sudah ada laporannya."
        )
    beri_beban(satu_terbuka, 1, unit_lain)

    tiket = buat_tiket(otomatis, pemohon=warga).tiket

    assert segarkan(tiket).petugas == banyak_selesai


def test_beban_sama_dimenangkan_yang_paling_lama_menganggur(otomatis, warga):
    baru_saja, lama, belum_pernah = buat_petugas(otomatis), buat_petugas(otomatis), buat_petugas(otomatis)
    menganggur_sejak(baru_saja, 1)
    menganggur_sejak(lama, 30)
    menganggur_sejak(belum_pernah, None)

    pertama = buat_tiket(otomatis, pemohon=warga).tiket
    kedua = buat_tiket(otomatis, pemohon=warga).tiket
    ketiga = buat_tiket(otomatis, pemohon=warga).tiket

    assert [segarkan(t).petugas for t in (pertama, kedua, ketiga)] == [belum_pernah, lama, baru_saja]


def test_seri_sempurna_dimenangkan_id_terkecil_lalu_bergiliran(otomatis, warga):
    a, b, c = sorted((buat_petugas(otomatis) for _ in range(3)), key=lambda p: p.pk)

    tiket = [buat_tiket(otomatis, pemohon=warga).tiket for _ in range(6)]

    # Round robin: the least open work, then the longest idle, so no one is skipped or served twice.
    assert [segarkan(t).petugas for t in tiket] == [a, b, c, a, b, c]


def test_petugas_cuti_dan_petugas_penuh_dilewati(otomatis, unit_lain, warga):
    cuti = buat_petugas(otomatis, aktif=False)
    penuh = buat_petugas(otomatis, kapasitas=1)
    beri_beban(penuh, 1, unit_lain)
    menganggur_sejak(cuti, None)
    menganggur_sejak(penuh, None)
    tersedia = buat_petugas(otomatis)
    menganggur_sejak(tersedia, 5)

    tiket = buat_tiket(otomatis, pemohon=warga).tiket

    assert segarkan(tiket).petugas == tersedia


def test_supervisor_tidak_diberi_tiket_otomatis(otomatis, supervisor, warga):
    tiket = buat_tiket(otomatis, pemohon=warga).tiket
    assert segarkan(tiket).status == Status.DIAJUKAN


def test_tanpa_petugas_berkapasitas_tiket_tetap_di_antrian_tanpa_peristiwa(otomatis, warga):
    buat_petugas(otomatis, aktif=False)
    buat_petugas(otomatis, kapasitas=0)

    tiket = buat_tiket(otomatis, pemohon=warga).tiket

    assert services.penugasan_otomatis(tiket=tiket) is None
    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DIAJUKAN, None)
    assert not Peristiwa.objects.filter(tiket=tiket, jenis=JenisPeristiwa.PENUGASAN).exists()


# --- on submission, through the real permohonan and keluhan services -------------------------------------


def test_permohonan_yang_diajukan_ke_unit_otomatis_langsung_ditugaskan(otomatis, petugas, warga):
    layanan = buat_layanan_akta(otomatis)

    baru = permohonan_ajukan(
        layanan=layanan, aktor=aktor(warga), jawaban=JAWABAN_AKTA, dokumen=dokumen_akta(), kontak=None
    )

    tersimpan = segarkan(baru.tiket)
    assert (tersimpan.jenis, tersimpan.status, tersimpan.petugas) == (
        JenisTiket.PERMOHONAN,
        Status.DITUGASKAN,
        petugas,
    )
    assert tersimpan.permohonan.layanan == layanan
    assert baru.tiket.status == Status.DITUGASKAN


def test_keluhan_yang_diajukan_ke_unit_otomatis_langsung_ditugaskan(otomatis, petugas):
    kategori = KategoriKeluhan.objects.create(kode="sampah", nama="Sampah", unit_default=otomatis)

    baru = keluhan_ajukan(
        kategori=kategori,
        aktor=Aktor(),
        judul="Sampah menumpuk",
        isi="Sudah seminggu tidak diangkut.",
        kontak=Kontak(nama="Sari", email="sari@contoh.id"),
    )

    tersimpan = segarkan(baru.tiket)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, petugas)
    assert tersimpan.keluhan.kategori == kategori
    assert len(penugasan_sistem(tersimpan)) == 1


def test_permohonan_ke_unit_klaim_tetap_menunggu(unit, petugas, warga):
    layanan = buat_layanan_akta(unit)
    baru = permohonan_ajukan(
        layanan=layanan, aktor=aktor(warga), jawaban=JAWABAN_AKTA, dokumen=dokumen_akta(), kontak=None
    )
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


# --- freed capacity pulls the next tiket ---------------------------------------------------------------


def _selesaikan(tiket: Tiket, petugas: Petugas, warga: object, supervisor: Petugas, unit_lain: Unit) -> None:
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Lubang sudah ditambal.")


CARA_MEMBEBASKAN: dict[str, Callable[[Tiket, Petugas, object, Petugas, Unit], object]] = {
    "selesaikan": _selesaikan,
    "tolak": lambda t, p, w, s, u: services.tiket_tolak(
        tiket=t, aktor=aktor(p), alasan="duplikat", catatan="Sama dengan laporan lain."
    ),
    "batalkan": lambda t, p, w, s, u: services.tiket_batalkan(tiket=t, aktor=aktor(w)),
    "lepaskan": lambda t, p, w, s, u: services.tiket_lepaskan(tiket=t, aktor=aktor(p)),
    "alihkan": lambda t, p, w, s, u: services.tiket_alihkan(
        tiket=t, aktor=aktor(s), unit_tujuan=u, alasan="Wewenang unit lain."
    ),
}


@pytest.mark.parametrize("cara", list(CARA_MEMBEBASKAN))
def test_kapasitas_yang_bebas_menarik_tiket_berikutnya(cara, otomatis, unit_lain, supervisor, warga):
    satu_satunya = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    menunggu = buat_tiket(otomatis, pemohon=warga).tiket
    assert segarkan(dipegang).petugas == satu_satunya
    assert segarkan(menunggu).status == Status.DIAJUKAN

    CARA_MEMBEBASKAN[cara](dipegang, satu_satunya, warga, supervisor, unit_lain)

    tersimpan = segarkan(menunggu)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, satu_satunya)
    assert len(penugasan_sistem(menunggu)) == 1
    if cara == "lepaskan":
        # Released to the queue, and not handed straight back to the officer who let it go.
        assert (segarkan(dipegang).status, segarkan(dipegang).petugas) == (Status.DIAJUKAN, None)


def test_tiket_yang_dilepas_diberikan_ke_petugas_lain(otomatis, warga):
    a = buat_petugas(otomatis)
    tiket = buat_tiket(otomatis, pemohon=warga).tiket
    b = buat_petugas(otomatis)
    assert segarkan(tiket).petugas == a

    services.tiket_lepaskan(tiket=tiket, aktor=aktor(a), catatan="Bukan keahlian saya.")

    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, b)
    aksi = list(Peristiwa.objects.filter(tiket=tiket).order_by("id").values_list("aksi", flat=True))
    assert aksi == ["ajukan", "tugaskan", "lepaskan", "tugaskan"]


def test_kapasitas_bebas_menarik_tiket_menurut_urutan_antrian(otomatis, warga):
    petugas = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    biasa = buat_tiket(otomatis, pemohon=warga, tenggat_hari=3).tiket
    darurat = buat_tiket(otomatis, pemohon=warga, tenggat_hari=10).tiket
    telat = buat_tiket(otomatis, pemohon=warga, tenggat_hari=10).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    Tiket.objects.filter(pk=telat.pk).update(
        prioritas=Prioritas.RENDAH, tenggat=timezone.now() - dt.timedelta(hours=1)
    )

    urutan = []
    for _ in range(3):
        services.tiket_tolak(
            tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Bukan pengaduan pelayanan."
        )
        dipegang = Tiket.objects.get(petugas=petugas, status=Status.DITUGASKAN)
        urutan.append(dipegang)

    assert urutan == [telat, darurat, biasa]


def test_kapasitas_bebas_mengisi_antrian_selama_masih_ada_yang_muat(otomatis, warga):
    a = buat_petugas(otomatis, kapasitas=2)
    b = buat_petugas(otomatis, kapasitas=0)
    dipegang = [buat_tiket(otomatis, pemohon=warga).tiket for _ in range(2)]
    menunggu = [buat_tiket(otomatis, pemohon=warga).tiket for _ in range(4)]
    assert all(segarkan(t).status == Status.DIAJUKAN for t in menunggu)
    # B gets room without any trigger (as a bulk update would); A's next completion fills everyone up.
    Petugas.objects.filter(pk=b.pk).update(kapasitas=2)

    services.tiket_tolak(tiket=dipegang[0], aktor=aktor(a), alasan="spam", catatan="Iklan.")

    pemegang = [segarkan(t).petugas for t in menunggu]
    assert sorted(p.pk for p in pemegang if p) == sorted([a.pk, b.pk, b.pk])
    assert pemegang[3] is None
    assert Tiket.objects.filter(petugas=a, status__in=[Status.DITUGASKAN]).count() == 2


def test_kapasitas_bebas_tidak_menugaskan_di_unit_klaim(unit, unit_lain, warga):
    petugas = buat_petugas(unit, kapasitas=1)
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=dipegang, aktor=aktor(petugas))
    menunggu = buat_tiket(unit, pemohon=warga).tiket

    services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(menunggu).status == Status.DIAJUKAN


def test_kapasitas_bebas_menarik_dari_unit_otomatis_lain_tempat_petugas_juga_bertugas(unit, unit_lain, warga):
    """An officer of a claiming unit and an automatic one: work done in the first pulls from the second."""
    atur_strategi(unit_lain, StrategiPenugasan.OTOMATIS)
    petugas = buat_petugas(unit, kapasitas=1)
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=dipegang, aktor=aktor(petugas))
    menunggu = buat_tiket(unit_lain, pemohon=warga).tiket
    assert segarkan(menunggu).status == Status.DIAJUKAN

    services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(menunggu).petugas == petugas


def test_tiket_yang_dialihkan_ke_unit_otomatis_langsung_ditugaskan(
    unit, unit_lain, supervisor_unit_lain, warga
):
    atur_strategi(unit, StrategiPenugasan.OTOMATIS)
    penerima = buat_petugas(unit)
    tiket = buat_tiket(unit_lain, pemohon=warga).tiket

    services.tiket_alihkan(
        tiket=tiket, aktor=aktor(supervisor_unit_lain), unit_tujuan=unit, alasan="Wewenang Dukcapil."
    )

    tersimpan = segarkan(tiket)
    assert (tersimpan.unit, tersimpan.status, tersimpan.petugas) == (unit, Status.DITUGASKAN, penerima)


def test_pemicu_dan_penugasan_berada_dalam_satu_transaksi(otomatis, warga, monkeypatch):
    """If the auto-assignment fails, the change that triggered it is rolled back with it."""
    petugas = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    buat_tiket(otomatis, pemohon=warga)

    def gagal(**kwargs: object) -> None:
        raise RuntimeError("gangguan")

    monkeypatch.setattr("antrian.services.penugasan.penugasan_isi_antrian", gagal)
    with pytest.raises(RuntimeError):
        services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(dipegang).status == Status.DITUGASKAN
    assert not Peristiwa.objects.filter(tiket=dipegang, aksi="tolak").exists()


# --- claiming the next tiket -----------------------------------------------------------------------------


def test_klaim_mengikuti_urutan_antrian_terlambat_prioritas_tenggat_lalu_id(unit, petugas, warga):
    jauh = buat_tiket(unit, pemohon=warga, tenggat_hari=10).tiket
    dekat_a = buat_tiket(unit, pemohon=warga, tenggat_hari=2).tiket
    dekat_b = buat_tiket(unit, pemohon=warga, tenggat_hari=2).tiket
    darurat = buat_tiket(unit, pemohon=warga, tenggat_hari=20).tiket
    telat = buat_tiket(unit, pemohon=warga, tenggat_hari=20).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    Tiket.objects.filter(pk=telat.pk).update(
        prioritas=Prioritas.RENDAH, tenggat=timezone.now() - dt.timedelta(minutes=5)
    )
    Tiket.objects.filter(pk=dekat_b.pk).update(tenggat=Tiket.objects.get(pk=dekat_a.pk).tenggat)

    klaim = [services.tiket_klaim_berikutnya(aktor=aktor(petugas)).pk for _ in range(5)]

    assert klaim == [t.pk for t in (telat, darurat, dekat_a, dekat_b, jauh)]
    antrian = selectors.antrian_untuk_petugas(aktor=aktor(petugas))
    assert [t.pk for t in antrian] == klaim


def test_klaim_melewati_tiket_yang_sudah_dipegang(unit, petugas, petugas_kedua, warga):
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=dipegang, aktor=aktor(petugas_kedua))
    berikut = buat_tiket(unit, pemohon=warga).tiket

    assert services.tiket_klaim_berikutnya(aktor=aktor(petugas)).pk == berikut.pk


def test_klaim_hanya_dari_unit_petugas_sendiri(unit, unit_lain, petugas, warga):
    buat_tiket(unit_lain, pemohon=warga)
    with pytest.raises(TidakDitemukan):
        services.tiket_klaim_berikutnya(aktor=aktor(petugas))


def test_klaim_dari_unit_tertentu(unit, unit_lain, petugas, warga):
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    buat_tiket(unit, pemohon=warga)
    di_unit_lain = buat_tiket(unit_lain, pemohon=warga, tenggat_hari=30).tiket

    diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit_lain)

    assert diklaim.pk == di_unit_lain.pk


def test_klaim_dari_unit_yang_bukan_unitnya_ditolak(unit_lain, petugas, warga):
    buat_tiket(unit_lain, pemohon=warga)
    with pytest.raises(TidakDiizinkan):
        services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit_lain)


@pytest.mark.parametrize("strategi", [StrategiPenugasan.MANUAL, StrategiPenugasan.OTOMATIS])
def test_klaim_di_unit_yang_tidak_memakai_klaim_ditolak(strategi, unit, petugas, warga):
    atur_strategi(unit, strategi)
    with pytest.raises(TidakDiizinkan):
        services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit)
    with pytest.raises(TidakDiizinkan):
        services.tiket_klaim_berikutnya(aktor=aktor(petugas))


def test_klaim_tanpa_unit_hanya_dari_unit_yang_memakai_klaim(unit, unit_lain, petugas, warga):
    atur_strategi(unit_lain, StrategiPenugasan.MANUAL)
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    buat_tiket(unit_lain, pemohon=warga)
    di_unit_klaim = buat_tiket(unit, pemohon=warga, tenggat_hari=30).tiket

    assert services.tiket_klaim_berikutnya(aktor=aktor(petugas)).pk == di_unit_klaim.pk


def test_klaim_antrian_kosong_dijawab_tidak_ditemukan_dengan_pesan_jelas(unit, petugas):
    with pytest.raises(TidakDitemukan) as info:
        services.tiket_klaim_berikutnya(aktor=aktor(petugas))
    assert str(info.value.pesan) == "Tidak ada tiket yang menunggu di antrian."


def test_petugas_cuti_tidak_bisa_mengklaim(unit, warga):
    cuti = buat_petugas(unit, aktif=False)
    tiket = buat_tiket(unit, pemohon=warga).tiket
    with pytest.raises(DataTidakValid) as info:
        services.tiket_klaim_berikutnya(aktor=aktor(cuti))
    assert "petugas" in info.value.rincian
    assert segarkan(tiket).status == Status.DIAJUKAN


def test_petugas_penuh_tidak_bisa_mengklaim(unit, warga):
    penuh = buat_petugas(unit, kapasitas=1)
    buat_tiket(unit, pemohon=warga)
    services.tiket_klaim_berikutnya(aktor=aktor(penuh))
    sisa = buat_tiket(unit, pemohon=warga).tiket
    with pytest.raises(DataTidakValid) as info:
        services.tiket_klaim_berikutnya(aktor=aktor(penuh))
    assert "petugas" in info.value.rincian
    assert segarkan(sisa).status == Status.DIAJUKAN


def test_warga_tidak_bisa_mengklaim(unit, warga):
    buat_tiket(unit, pemohon=warga)
    with pytest.raises(TidakDiizinkan):
        services.tiket_klaim_berikutnya(aktor=aktor(warga))


def test_klaim_menulis_peristiwa_ambil_dan_menyiarkan_setelah_commit(
    unit, petugas, warga, django_capture_on_commit_callbacks
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    with django_capture_on_commit_callbacks() as siaran:
        services.tiket_klaim_berikutnya(aktor=aktor(petugas))

    [peristiwa] = Peristiwa.objects.filter(tiket=tiket, aksi="ambil")
    assert (peristiwa.jenis, peristiwa.aktor_id, peristiwa.petugas_id) == (
        JenisPeristiwa.PENUGASAN,
        petugas.pengguna_id,
        petugas.pk,
    )
    assert len(siaran) >= 1
    petugas.refresh_from_db()
    assert petugas.terakhir_ditugaskan_pada is not None


# --- the queue read ---------------------------------------------------------------------------------------


def test_antrian_menaruh_tiket_terlambat_paling_atas_walau_prioritasnya_rendah(unit, petugas, warga):
    darurat = buat_tiket(unit, pemohon=warga).tiket
    telat = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    Tiket.objects.filter(pk=telat.pk).update(
        prioritas=Prioritas.RENDAH, tenggat=timezone.now() - dt.timedelta(days=1)
    )
    antrian = list(selectors.antrian_untuk_petugas(aktor=aktor(petugas)))
    assert [t.pk for t in antrian] == [telat.pk, darurat.pk]
    assert antrian[0].terlambat is True  # type: ignore[attr-defined]  # an annotation of the queue read
