"""Reassignment by the unit's supervisor: the officer changes, the state does not, one internal event."""

from __future__ import annotations

import pytest

from antrian import services
from antrian.exceptions import DataTidakValid, PerubahanBersamaan, TidakDiizinkan, TransisiTidakSah
from antrian.models import Peristiwa, Petugas, Status, StrategiPenugasan, Tiket
from antrian.models.catatan import JenisPeristiwa
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

ALASAN = "Petugas semula dinas luar seminggu."


def tiket_berstatus(status: str, unit, petugas: Petugas, warga) -> Tiket:  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    if status == Status.DIAJUKAN:
        return tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    if status in (Status.DIPROSES, Status.MENUNGGU_WARGA, Status.SELESAI):
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    if status == Status.MENUNGGU_WARGA:
        services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Mohon kirim foto lokasi.")
    if status == Status.SELESAI:
        services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah ditangani.")
    tiket = segarkan(tiket)
    assert tiket.status == status
    return tiket


@pytest.mark.parametrize("status", [Status.DITUGASKAN, Status.DIPROSES, Status.MENUNGGU_WARGA])
def test_supervisor_menugaskan_ulang_tanpa_mengubah_status(
    status, unit, petugas, petugas_kedua, supervisor, warga
):
    tiket = tiket_berstatus(status, unit, petugas, warga)
    versi = tiket.versi
    sebelum = Peristiwa.objects.filter(tiket=tiket).count()

    services.tiket_tugaskan_ulang(tiket=tiket, petugas=petugas_kedua, aktor=aktor(supervisor), alasan=ALASAN)

    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.petugas) == (status, petugas_kedua)
    assert tersimpan.versi == versi + 1
    assert Peristiwa.objects.filter(tiket=tiket).count() == sebelum + 1
    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert peristiwa is not None
    assert (peristiwa.jenis, peristiwa.aksi) == (JenisPeristiwa.PENUGASAN, "tugaskan_ulang")
    assert (peristiwa.dari_status, peristiwa.ke_status) == (status, status)
    assert peristiwa.data == {"petugas_lama": petugas.pk, "petugas_baru": petugas_kedua.pk}
    assert peristiwa.catatan == ALASAN
    assert peristiwa.aktor_id == supervisor.pengguna_id
    assert peristiwa.publik is False
    petugas_kedua.refresh_from_db()
    assert petugas_kedua.terakhir_ditugaskan_pada is not None


def test_petugas_baru_dapat_melanjutkan_dan_petugas_lama_tidak_lagi(
    unit, petugas, petugas_kedua, supervisor, warga
):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    services.tiket_tugaskan_ulang(tiket=tiket, petugas=petugas_kedua, aktor=aktor(supervisor), alasan=ALASAN)

    with pytest.raises(TidakDiizinkan):
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas_kedua))
    assert segarkan(tiket).status == Status.DIPROSES


def test_tugaskan_ulang_membebaskan_kapasitas_petugas_lama_di_unit_otomatis(unit, supervisor, warga):
    unit.strategi_penugasan = StrategiPenugasan.OTOMATIS
    unit.save(update_fields=["strategi_penugasan"])
    lama = buat_petugas(unit, kapasitas=1)
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    menunggu = buat_tiket(unit, pemohon=warga).tiket
    baru = buat_petugas(unit, kapasitas=1)
    assert segarkan(menunggu).status == Status.DIAJUKAN

    services.tiket_tugaskan_ulang(tiket=dipegang, petugas=baru, aktor=aktor(supervisor), alasan=ALASAN)

    assert segarkan(dipegang).petugas == baru
    assert segarkan(menunggu).petugas == lama


@pytest.mark.parametrize("peran", ["petugas", "petugas_kedua", "supervisor_unit_lain", "manajer", "warga"])
def test_selain_supervisor_unit_tidak_boleh_menugaskan_ulang(
    request, peran, unit, petugas, petugas_kedua, warga
):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    pelaku = aktor(request.getfixturevalue(peran))

    with pytest.raises(TidakDiizinkan):
        services.tiket_tugaskan_ulang(tiket=tiket, petugas=petugas_kedua, aktor=pelaku, alasan=ALASAN)

    assert segarkan(tiket).petugas == petugas
    assert not Peristiwa.objects.filter(tiket=tiket, aksi="tugaskan_ulang").exists()


@pytest.mark.parametrize("status", [Status.DIAJUKAN, Status.SELESAI])
def test_tugaskan_ulang_pada_status_yang_salah_ditolak(
    status, unit, petugas, petugas_kedua, supervisor, warga
):
    tiket = tiket_berstatus(status, unit, petugas, warga)
    with pytest.raises(TransisiTidakSah) as info:
        services.tiket_tugaskan_ulang(
            tiket=tiket, petugas=petugas_kedua, aktor=aktor(supervisor), alasan=ALASAN
        )
    assert info.value.status_http == 409
    assert segarkan(tiket).status == status


def test_tugaskan_ulang_ke_petugas_unit_lain_ditolak(unit, petugas, petugas_unit_lain, supervisor, warga):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan_ulang(
            tiket=tiket, petugas=petugas_unit_lain, aktor=aktor(supervisor), alasan=ALASAN
        )
    assert "petugas" in info.value.rincian
    assert segarkan(tiket).petugas == petugas


@pytest.mark.parametrize("alasan", ["", "   "])
def test_tugaskan_ulang_tanpa_alasan_ditolak(alasan, unit, petugas, petugas_kedua, supervisor, warga):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan_ulang(
            tiket=tiket, petugas=petugas_kedua, aktor=aktor(supervisor), alasan=alasan
        )
    assert "alasan" in info.value.rincian
    assert segarkan(tiket).petugas == petugas


@pytest.mark.parametrize("keadaan", ["cuti", "penuh"])
def test_tugaskan_ulang_ke_petugas_cuti_atau_penuh_ditolak(keadaan, unit, petugas, supervisor, warga):
    tujuan = buat_petugas(unit, aktif=False) if keadaan == "cuti" else buat_petugas(unit, kapasitas=0)
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan_ulang(tiket=tiket, petugas=tujuan, aktor=aktor(supervisor), alasan=ALASAN)
    assert "petugas" in info.value.rincian


def test_tugaskan_ulang_ke_petugas_yang_sama_ditolak(unit, petugas, supervisor, warga):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    with pytest.raises(DataTidakValid):
        services.tiket_tugaskan_ulang(tiket=tiket, petugas=petugas, aktor=aktor(supervisor), alasan=ALASAN)


def test_tugaskan_ulang_dengan_versi_lama_ditolak_409(unit, petugas, petugas_kedua, supervisor, warga):
    tiket = tiket_berstatus(Status.DITUGASKAN, unit, petugas, warga)
    with pytest.raises(PerubahanBersamaan):
        services.tiket_tugaskan_ulang(
            tiket=tiket,
            petugas=petugas_kedua,
            aktor=aktor(supervisor),
            alasan=ALASAN,
            versi=tiket.versi - 1,
        )
    assert segarkan(tiket).petugas == petugas
