"""Where the calendar's facts come from: the default week in settings, the `holidays` package, the
admin's HariLibur table and the units' JadwalKerja rows.

The two tables are read whole (each is small: a few dozen dates, a few rows per unit) and kept in the
Django cache, shared by every process when Redis is configured; the admin's saves clear it. National
holidays are computed once per year per process. Nothing here queries per day walked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from antrian.models import Unit

# A span of working time within one day, as local wall-clock times (start, end).
Selang = tuple[dt.time, dt.time]
# Weekday (0 = Monday) -> that day's working spans in order, breaks left out.
Pekan = Mapping[int, tuple[Selang, ...]]

_KUNCI_KOREKSI = "kalender:hari_libur:v1"
_KUNCI_JADWAL = "kalender:jadwal_kerja:v1"
_UMUR_CACHE = 3600
# Public holidays ("public") and cuti bersama ("government": the joint leave days of the SKB 3 Menteri
# that ASN take off). Only the categories the installed `holidays` version offers are asked for.
_KATEGORI_LIBUR = ("public", "government")


def selang_hari(
    mulai: dt.time, selesai: dt.time, istirahat_mulai: dt.time | None, istirahat_selesai: dt.time | None
) -> tuple[Selang, ...]:
    """One day's hours as working spans. A break that does not lie inside the day is ignored."""
    if selesai <= mulai:
        return ()
    if (
        istirahat_mulai is not None
        and istirahat_selesai is not None
        and mulai < istirahat_mulai < istirahat_selesai < selesai
    ):
        return ((mulai, istirahat_mulai), (istirahat_selesai, selesai))
    return ((mulai, selesai),)


def _jam(teks: str | dt.time) -> dt.time:
    return teks if isinstance(teks, dt.time) else dt.time.fromisoformat(teks)


@lru_cache(maxsize=8)
def _pekan_dari(
    jam_kerja: tuple[tuple[int, tuple[str | dt.time, ...]], ...],
) -> dict[int, tuple[Selang, ...]]:
    pekan: dict[int, tuple[Selang, ...]] = {}
    for hari, jam in jam_kerja:
        if len(jam) not in (2, 4) or not 0 <= int(hari) <= 6:
            raise ImproperlyConfigured(
                "JAM_KERJA: weekday 0-6 -> (start, end) or (start, end, break start, break end)"
            )
        istirahat = (_jam(jam[2]), _jam(jam[3])) if len(jam) == 4 else (None, None)
        selang = selang_hari(_jam(jam[0]), _jam(jam[1]), *istirahat)
        if selang:
            pekan[int(hari)] = selang
    if not pekan:
        raise ImproperlyConfigured("JAM_KERJA has no working day.")
    return pekan


def pekan_bawaan() -> Pekan:
    """The portal's default week from `settings.JAM_KERJA`."""
    jam_kerja: Mapping[int, Sequence[str | dt.time]] = settings.JAM_KERJA
    return _pekan_dari(tuple(sorted((int(h), tuple(j)) for h, j in jam_kerja.items())))


def zona_waktu(unit: Unit | None) -> ZoneInfo:
    """The unit's time zone, else the portal's. WIB, WITA and WIT keep no daylight saving time."""
    return ZoneInfo((unit.zona_waktu if unit is not None else "") or settings.TIME_ZONE)


@lru_cache(maxsize=64)
def libur_nasional(tahun: int) -> frozenset[dt.date]:
    """National public holidays and cuti bersama of one year, from the `holidays` package."""
    tersedia = getattr(holidays.country_holidays("ID"), "supported_categories", ("public",))
    kategori = tuple(k for k in _KATEGORI_LIBUR if k in tersedia)
    return frozenset(holidays.country_holidays("ID", years=tahun, categories=kategori).keys())


def koreksi_admin() -> dict[dt.date, bool]:
    """The admin's table: date -> is it a day off (False: a correction that makes it a working day)."""
    data = cache.get(_KUNCI_KOREKSI)
    if data is None:
        from antrian.models import HariLibur

        data = dict(HariLibur.objects.values_list("tanggal", "libur"))
        cache.set(_KUNCI_KOREKSI, data, _UMUR_CACHE)
    return data


def _susun_jadwal(
    baris: Iterable[tuple[int, int, dt.time, dt.time, dt.time | None, dt.time | None]],
) -> dict[int, dict[int, tuple[Selang, ...]]]:
    jadwal: dict[int, dict[int, tuple[Selang, ...]]] = {}
    for unit_id, hari, mulai, selesai, istirahat_mulai, istirahat_selesai in baris:
        # A unit with rows follows only them: a weekday without a row (or with no working time in it)
        # is a day off for that unit.
        jadwal.setdefault(unit_id, {})[hari] = selang_hari(mulai, selesai, istirahat_mulai, istirahat_selesai)
    return {unit_id: {h: s for h, s in pekan.items() if s} for unit_id, pekan in jadwal.items()}


def _semua_jadwal() -> dict[int, dict[int, tuple[Selang, ...]]]:
    semua = cache.get(_KUNCI_JADWAL)
    if semua is None:
        from antrian.models import JadwalKerja

        semua = _susun_jadwal(
            JadwalKerja.objects.values_list(
                "unit_id", "hari", "jam_mulai", "jam_selesai", "istirahat_mulai", "istirahat_selesai"
            )
        )
        cache.set(_KUNCI_JADWAL, semua, _UMUR_CACHE)
    return semua


def jadwal_unit(unit: Unit | None) -> Pekan:
    """The unit's own week when it has JadwalKerja rows, else the portal's default week."""
    if unit is None or unit.pk is None:
        return pekan_bawaan()
    return _semua_jadwal().get(unit.pk) or pekan_bawaan()


def unit_berjadwal_sendiri() -> frozenset[int]:
    """Ids of the units that keep their own working week (from the cache: no query once cached)."""
    return frozenset(_semua_jadwal())


def hapus_cache() -> None:
    """Forget the cached tables: called when the admin edits holidays or working hours."""
    cache.delete_many([_KUNCI_KOREKSI, _KUNCI_JADWAL])
