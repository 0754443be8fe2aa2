"""Assignment: the three strategies (manual, claim, automatic), the automatic assigner's fairness, and
assignment on submission through the real permohonan and keluhan services. Services are called directly."""

from __future__ import annotations

import pytest

from antrian import selectors, services
from antrian.exceptions import TidakDiizinkan
from antrian.izin import Aktor
from antrian.models import (
    JenisTiket,
    Peristiwa,
    Status,
    StrategiPenugasan,
)
from antrian.models.catatan import JenisPeristiwa
from antrian.services import Kontak
from keluhan.models import KategoriKeluhan
from keluhan.services import keluhan_ajukan
from layanan.services import permohonan_ajukan
from tests.antrian._penugasan_umum import atur_strategi, beri_beban, menganggur_sejak, penugasan_sistem
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, buat_layanan_akta, dokumen_akta

pytestmark = pytest.mark.django_db


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
