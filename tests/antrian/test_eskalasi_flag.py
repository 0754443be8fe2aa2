"""Escalation flags derived from the tenggat at read time: `terlambat` and `hampir_jatuh_tempo`.

Moments are fixed in a holiday-free July 2026 week (Monday 6 to Friday 10) so the working-day arithmetic
is plain to read: from Monday 09:00 WIB, "within 1 working day" reaches Tuesday's close, 16:00 WIB.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antrian import kalender, services
from antrian.eskalasi import anotasi_flag
from antrian.models import JadwalKerja, Status, Tiket, ZonaWaktu
from tests.antrian.factories import UnitFactory, buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SENIN = dt.datetime(2026, 7, 6, 9, 0, tzinfo=WIB)
SELASA_TUTUP = dt.datetime(2026, 7, 7, 16, 0, tzinfo=WIB)
JUMAT = dt.datetime(2026, 7, 10, 9, 0, tzinfo=WIB)
SENIN_BERIKUTNYA = dt.datetime(2026, 7, 13, 10, 0, tzinfo=WIB)
SEMENIT = dt.timedelta(minutes=1)


def _setel_tenggat(tiket: Tiket, tenggat: dt.datetime | None) -> None:
    Tiket.objects.filter(pk=tiket.pk).update(tenggat=tenggat)


def _flag(tiket: Tiket, sekarang: dt.datetime) -> tuple[bool, bool]:
    t = Tiket.objects.annotate(**anotasi_flag(sekarang)).get(pk=tiket.pk)
    return t.terlambat, t.hampir_jatuh_tempo  # type: ignore[attr-defined]


@pytest.fixture
def tiket(unit, warga):  # type: ignore[no-untyped-def]
    return buat_tiket(unit, pemohon=warga).tiket


# --- the boundaries of terlambat --------------------------------------------------------------------


def test_tepat_pada_tenggat_belum_terlambat_tetapi_hampir_jatuh_tempo(tiket):
    _setel_tenggat(tiket, SENIN)
    assert _flag(tiket, SENIN) == (False, True)


def test_semenit_sebelum_tenggat_hampir_jatuh_tempo_belum_terlambat(tiket):
    _setel_tenggat(tiket, SENIN)
    assert _flag(tiket, SENIN - SEMENIT) == (False, True)


def test_semenit_setelah_tenggat_terlambat_dan_tidak_lagi_hampir_jatuh_tempo(tiket):
    _setel_tenggat(tiket, SENIN)
    assert _flag(tiket, SENIN + SEMENIT) == (True, False)


def test_tiket_tanpa_tenggat_tidak_berbendera(tiket):
    _setel_tenggat(tiket, None)
    assert _flag(tiket, SENIN) == (False, False)


# --- the boundaries of hampir jatuh tempo -----------------------------------------------------------


def test_hampir_jatuh_tempo_sampai_tutup_hari_kerja_berikutnya(tiket):
    _setel_tenggat(tiket, SELASA_TUTUP)
    assert _flag(tiket, SENIN) == (False, True)
    _setel_tenggat(tiket, SELASA_TUTUP + SEMENIT)
    assert _flag(tiket, SENIN) == (False, False)


def test_jumat_sudah_memperingatkan_tenggat_senin_karena_akhir_pekan_bukan_hari_kerja(tiket):
    _setel_tenggat(tiket, SENIN_BERIKUTNYA)
    assert _flag(tiket, JUMAT) == (False, True)
    # Four calendar days ahead, but only one working day: a calendar count would miss it.
    assert _flag(tiket, JUMAT - dt.timedelta(days=1)) == (False, False)


def test_jumlah_hari_peringatan_dapat_diatur(tiket, settings):
    rabu_siang = dt.datetime(2026, 7, 8, 15, 0, tzinfo=WIB)
    _setel_tenggat(tiket, rabu_siang)
    assert _flag(tiket, SENIN) == (False, False)
    settings.ESKALASI_HARI_KERJA = 2
    assert _flag(tiket, SENIN) == (False, True)


# --- a clock that is not running is never flagged ---------------------------------------------------


def _ke_menunggu_warga(tiket: Tiket, petugas: object) -> None:
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Mohon unggah KK.")


def _ke_selesai(tiket: Tiket, petugas: object) -> None:
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Jalan sudah ditambal.")


def _ke_ditolak(tiket: Tiket, petugas: object) -> None:
    services.tiket_tolak(tiket=tiket, aktor=aktor(petugas), alasan="duplikat", catatan="Sama dengan ADU-1.")


@pytest.mark.parametrize(
    ("ke_status", "status"),
    [
        (_ke_menunggu_warga, Status.MENUNGGU_WARGA),
        (_ke_selesai, Status.SELESAI),
        (_ke_ditolak, Status.DITOLAK),
    ],
)
def test_tiket_yang_jamnya_tidak_berjalan_tidak_terlambat_walau_tenggat_lewat(
    tiket, petugas, ke_status, status
):
    ke_status(tiket, petugas)
    assert Tiket.objects.get(pk=tiket.pk).status == status
    _setel_tenggat(tiket, SENIN)
    assert _flag(tiket, SENIN + dt.timedelta(days=3)) == (False, False)
    assert _flag(tiket, SENIN - SEMENIT) == (False, False)


# --- each unit's own calendar -----------------------------------------------------------------------


def test_ambang_memakai_zona_waktu_unit(tiket, warga):
    unit_papua = UnitFactory(kode="jayapura", zona_waktu=ZonaWaktu.WIT)
    tiket_papua = buat_tiket(unit_papua, pemohon=warga).tiket
    # Tuesday 15:00 WIB is 17:00 WIT: after the close of Tuesday in Jayapura, before it in Jakarta.
    selasa_15_wib = dt.datetime(2026, 7, 7, 15, 0, tzinfo=WIB)
    _setel_tenggat(tiket, selasa_15_wib)
    _setel_tenggat(tiket_papua, selasa_15_wib)
    assert _flag(tiket, SENIN) == (False, True)
    assert _flag(tiket_papua, SENIN) == (False, False)


def test_zona_waktu_unit_yang_diubah_langsung_berlaku(tiket, unit):
    selasa_15_wib = dt.datetime(2026, 7, 7, 15, 0, tzinfo=WIB)
    _setel_tenggat(tiket, selasa_15_wib)
    assert _flag(tiket, SENIN) == (False, True)
    unit.zona_waktu = ZonaWaktu.WIT
    unit.save()
    assert _flag(tiket, SENIN) == (False, False)
    unit.zona_waktu = ""
    unit.save()
    assert _flag(tiket, SENIN) == (False, True)


def test_ambang_memakai_jadwal_kerja_unit_yang_buka_sabtu(tiket, warga):
    samsat = UnitFactory(kode="samsat")
    tiket_samsat = buat_tiket(samsat, pemohon=warga).tiket
    _setel_tenggat(tiket, SENIN_BERIKUTNYA)
    _setel_tenggat(tiket_samsat, SENIN_BERIKUTNYA)
    assert _flag(tiket_samsat, JUMAT) == (False, True)
    for hari in range(6):
        JadwalKerja.objects.create(unit=samsat, hari=hari, jam_mulai=dt.time(8), jam_selesai=dt.time(14))
    kalender.hapus_cache()
    # On Friday the next working day of a Saturday-serving unit is Saturday, so Monday is two days away.
    assert _flag(tiket, JUMAT) == (False, True)
    assert _flag(tiket_samsat, JUMAT) == (False, False)


# --- what the API shows -----------------------------------------------------------------------------


def test_antrian_dan_rincian_menampilkan_kedua_bendera(klien_untuk, unit, petugas, warga):
    sekarang = timezone.now()
    lewat = buat_tiket(unit, pemohon=warga, judul="Lewat").tiket
    dekat = buat_tiket(unit, pemohon=warga, judul="Dekat").tiket
    jauh = buat_tiket(unit, pemohon=warga, judul="Jauh").tiket
    _setel_tenggat(lewat, sekarang - dt.timedelta(hours=1))
    # The nearly-due threshold is at least the close of the next working day, so a minute ahead is in it.
    _setel_tenggat(dekat, sekarang + dt.timedelta(minutes=5))
    _setel_tenggat(jauh, sekarang + dt.timedelta(days=30))
    klien = klien_untuk(petugas)

    item = {i["nomor"]: i for i in klien.get("/api/v1/antrian/").json()["results"]}
    assert (item[lewat.nomor]["terlambat"], item[lewat.nomor]["hampir_jatuh_tempo"]) == (True, False)
    assert (item[dekat.nomor]["terlambat"], item[dekat.nomor]["hampir_jatuh_tempo"]) == (False, True)
    assert (item[jauh.nomor]["terlambat"], item[jauh.nomor]["hampir_jatuh_tempo"]) == (False, False)

    rincian = klien.get(f"/api/v1/tiket/{dekat.nomor}/").json()
    assert (rincian["terlambat"], rincian["hampir_jatuh_tempo"]) == (False, True)
    rincian_warga = klien_untuk(warga).get(f"/api/v1/tiket/{lewat.nomor}/").json()
    assert (rincian_warga["terlambat"], rincian_warga["hampir_jatuh_tempo"]) == (True, False)


def test_bendera_tidak_menambah_kueri_per_tiket_walau_ada_unit_berkalender_sendiri(
    klien_untuk, unit, petugas, warga
):
    unit.zona_waktu = ZonaWaktu.WITA
    unit.save()
    JadwalKerja.objects.create(unit=unit, hari=5, jam_mulai=dt.time(8), jam_selesai=dt.time(12))
    UnitFactory(kode="jayapura", zona_waktu=ZonaWaktu.WIT)
    kalender.hapus_cache()
    klien = klien_untuk(petugas)

    def kueri_antrian() -> int:
        with CaptureQueriesContext(connection) as kueri:
            assert klien.get("/api/v1/antrian/", {"ukuran": 100}).status_code == 200
        return len(kueri)

    for _ in range(3):
        buat_tiket(unit, pemohon=warga)
    sedikit = kueri_antrian()
    for _ in range(27):
        buat_tiket(unit, pemohon=warga)
    assert kueri_antrian() == sedikit
