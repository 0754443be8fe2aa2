"""Working days (Perpres 21/2023): Monday–Friday, minus national holidays and the admin's table."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from antrian import kalender, services
from antrian.izin import Aktor
from antrian.models import HariLibur, JenisTiket

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mulai", "hari", "tenggat"),
    [
        # Monday 6 July 2026 + 1 -> Tuesday, closing at 16:00.
        (wib(2026, 7, 6, 9), 1, wib(2026, 7, 7, 16)),
        # Thursday + 1 -> Friday, which closes at 16:30.
        (wib(2026, 7, 2, 9), 1, wib(2026, 7, 3, 16, 30)),
        # Friday + 1 -> Monday: the weekend does not count.
        (wib(2026, 7, 3, 9), 1, wib(2026, 7, 6, 16)),
        # Friday + 5 -> the next Friday.
        (wib(2026, 7, 3, 9), 5, wib(2026, 7, 10, 16, 30)),
        # Friday 14 August + 1 -> Tuesday 18 August: Monday the 17th is Independence Day.
        (wib(2026, 8, 14, 9), 1, wib(2026, 8, 18, 16)),
        # 17 August and 25 August (Maulid Nabi) both fall in this span of 10 working days.
        (wib(2026, 8, 10, 9), 10, wib(2026, 8, 26, 16)),
        # Filed on Sunday: the first working day after it is Monday.
        (wib(2026, 7, 5, 10), 1, wib(2026, 7, 6, 16)),
        # Zero days on a Sunday: by the close of the next working day.
        (wib(2026, 7, 5, 10), 0, wib(2026, 7, 6, 16)),
        # Zero days on a working day: by its own close.
        (wib(2026, 7, 7, 10), 0, wib(2026, 7, 7, 16)),
    ],
)
def test_tambah_hari_kerja_melewati_akhir_pekan_dan_libur_nasional(mulai, hari, tenggat):
    assert kalender.tambah_hari_kerja(mulai, hari) == tenggat


def test_waktu_utc_dihitung_menurut_tanggal_lokal_wib():
    # 20:00 UTC on Friday is already 03:00 Saturday in Tubei: the next working day is Monday, then Tuesday.
    jumat_malam_utc = dt.datetime(2026, 7, 3, 20, tzinfo=dt.UTC)

    assert kalender.tambah_hari_kerja(jumat_malam_utc, 1) == wib(2026, 7, 6, 16)


def test_hari_libur_dari_admin_tidak_dihitung():
    # Tuesday 7 July 2026 declared a regional holiday.
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")

    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 8, 16)
    assert not kalender.hari_kerja(dt.date(2026, 7, 7))


def test_koreksi_admin_menjadikan_libur_nasional_hari_kerja():
    HariLibur.objects.create(tanggal=dt.date(2026, 8, 17), nama="Koreksi (contoh)", libur=False)

    assert kalender.tambah_hari_kerja(wib(2026, 8, 14, 9), 1) == wib(2026, 8, 17, 16)


def test_sabtu_yang_dijadikan_hari_kerja_oleh_admin_dihitung():
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 4), nama="Pelayanan Sabtu", libur=False)

    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1) == wib(2026, 7, 4, 16)


def test_tabel_libur_disimpan_di_cache_sampai_cache_dihapus():
    kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1)  # fills the cache
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Libur mendadak")

    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 7, 16)
    kalender.hapus_cache()
    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 8, 16)


@pytest.mark.parametrize(
    ("awal", "akhir", "jumlah"),
    [
        (wib(2026, 7, 6, 9), wib(2026, 7, 6, 15), 0),  # same day
        (wib(2026, 7, 3, 9), wib(2026, 7, 6, 9), 1),  # Friday -> Monday
        (wib(2026, 7, 6, 9), wib(2026, 7, 20, 9), 10),
        (wib(2026, 8, 14, 9), wib(2026, 8, 18, 9), 1),  # over Independence Day
        (wib(2026, 7, 6, 9), wib(2026, 7, 3, 9), 0),  # backwards: nothing
    ],
)
def test_hari_kerja_antara_dua_waktu(awal, akhir, jumlah):
    assert kalender.hari_kerja_antara(awal, akhir) == jumlah


def test_tiket_yang_diajukan_hari_minggu_bertenggat_dari_hari_senin(unit, warga):
    baru = services.tiket_buat(
        jenis=JenisTiket.KELUHAN,
        unit=unit,
        judul="Lampu jalan mati",
        aktor=Aktor.dari_pengguna(warga),
        tenggat_hari=5,
        tenggat_respons_hari=1,
        waktu=wib(2026, 7, 5, 21),  # Sunday evening
    )

    assert baru.tiket.tenggat_respons == wib(2026, 7, 6, 16)  # Monday's close
    assert baru.tiket.tenggat == wib(2026, 7, 10, 16, 30)  # the fifth working day is Friday
    assert baru.tiket.nomor.startswith("ADU-2607-")
