"""Assignment: the claim of the next tiket in queue order (overdue, priority, deadline, then id) and the
queue read behind it. Services are called directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antrian import selectors, services
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.models import (
    Keanggotaan,
    Peristiwa,
    Prioritas,
    Status,
    StrategiPenugasan,
    Tiket,
)
from antrian.models.catatan import JenisPeristiwa
from tests.antrian._penugasan_umum import atur_strategi
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


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
