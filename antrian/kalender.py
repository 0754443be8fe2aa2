"""Working-day arithmetic: Monday–Friday, minus national holidays, cuti bersama and the admin's table.

Deadlines (tenggat) count in hari kerja (Perpres 21/2023). A deadline N working days after a moment
ends at the close of the Nth working day after that moment's day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

JAM_TUTUP = dt.time(16, 0)
JAM_TUTUP_JUMAT = dt.time(16, 30)
_KUNCI_CACHE = "kalender:hari_libur:v1"


@lru_cache(maxsize=32)
def _libur_nasional(tahun: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=tahun).keys())


def _koreksi_admin() -> dict[dt.date, bool]:
    """The admin's table: date -> is it a holiday. Cached; the admin's save clears the cache."""
    data = cache.get(_KUNCI_CACHE)
    if data is None:
        from antrian.models import HariLibur

        data = dict(HariLibur.objects.values_list("tanggal", "libur"))
        cache.set(_KUNCI_CACHE, data, 3600)
    return data


def hapus_cache() -> None:
    cache.delete(_KUNCI_CACHE)


def hari_kerja(tanggal: dt.date, koreksi: dict[dt.date, bool] | None = None) -> bool:
    koreksi = _koreksi_admin() if koreksi is None else koreksi
    if tanggal in koreksi:
        return not koreksi[tanggal]
    if tanggal.weekday() >= 5:
        return False
    return tanggal not in _libur_nasional(tanggal.year)


def tambah_hari_kerja(mulai: dt.datetime, jumlah: int) -> dt.datetime:
    """The end of the `jumlah`-th working day after the day of `mulai` (local time)."""
    koreksi = _koreksi_admin()
    lokal = timezone.localtime(mulai)
    tanggal = lokal.date()
    sisa = max(jumlah, 0)
    while sisa > 0:
        tanggal += dt.timedelta(days=1)
        if hari_kerja(tanggal, koreksi):
            sisa -= 1
    if jumlah <= 0:
        # Zero days: by the close of the same working day (or the next one if filed on a day off).
        while not hari_kerja(tanggal, koreksi):
            tanggal += dt.timedelta(days=1)
    tutup = JAM_TUTUP_JUMAT if tanggal.weekday() == 4 else JAM_TUTUP
    zona = timezone.get_default_timezone() if settings.USE_TZ else None
    return dt.datetime.combine(tanggal, tutup, tzinfo=zona)


def hari_kerja_antara(awal: dt.datetime, akhir: dt.datetime) -> int:
    """Whole working days from the day after `awal` up to and including the day of `akhir`."""
    koreksi = _koreksi_admin()
    tanggal, sampai = timezone.localtime(awal).date(), timezone.localtime(akhir).date()
    jumlah = 0
    while tanggal < sampai:
        tanggal += dt.timedelta(days=1)
        if hari_kerja(tanggal, koreksi):
            jumlah += 1
    return jumlah
