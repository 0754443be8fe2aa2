"""The SLA clock's calendar: working days and working hours (Perpres 21/2023), per unit.

- Working hours: the portal's default week (`settings.JAM_KERJA`: Monday–Thursday 07:30–16:00 with a
  break 12:00–13:00, Friday 07:30–16:30 with a break 11:30–13:00, 37.5 hours a week), or the unit's own
  JadwalKerja rows (Pasal 7: a unit serving the public directly may work other days, e.g. Saturday).
- Days off: national holidays and cuti bersama from the `holidays` package (country ID), plus the admin's
  HariLibur table (`libur=True` adds a day off; `libur=False` makes a date a working day, a correction).
- Time zone: the unit's `zona_waktu`, else `settings.TIME_ZONE`. WIB, WITA and WIT keep no DST.

Deadlines (tenggat) in hari kerja end at the close of the Nth working day after the day of submission;
paused time moves them by exactly the paused working time (`tambah_waktu_kerja`).

Each function below loads the calendar once (two cache reads, no query once cached). A caller that walks
many tikets of one unit can load it once with `muat(unit=...)` and use the `Kalender` methods.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from antrian.kalender.hitung import Kalender, KalenderTanpaHariKerja
from antrian.kalender.sumber import (
    hapus_cache,
    jadwal_unit,
    koreksi_admin,
    libur_nasional,
    unit_berjadwal_sendiri,
    zona_waktu,
)

if TYPE_CHECKING:
    from antrian.models import Unit

__all__ = [
    "Kalender",
    "KalenderTanpaHariKerja",
    "hapus_cache",
    "hari_kerja",
    "hari_kerja_antara",
    "libur_nasional",
    "muat",
    "tambah_hari_kerja",
    "tambah_waktu_kerja",
    "unit_berjadwal_sendiri",
    "waktu_kerja_antara",
    "zona_waktu",
]


def muat(*, unit: Unit | None = None) -> Kalender:
    """The calendar of `unit` (None: the portal's default week and time zone)."""
    return Kalender(zona=zona_waktu(unit), pekan=jadwal_unit(unit), koreksi=koreksi_admin())


def hari_kerja(tanggal: dt.date, *, unit: Unit | None = None) -> bool:
    """Is this date a working day (for the unit)?"""
    return muat(unit=unit).hari_kerja(tanggal)


def tambah_hari_kerja(mulai: dt.datetime, jumlah: int, *, unit: Unit | None = None) -> dt.datetime:
    """The close of the `jumlah`-th working day after the day of `mulai`, in the unit's time zone."""
    return muat(unit=unit).tambah_hari_kerja(mulai, jumlah)


def tambah_waktu_kerja(mulai: dt.datetime, durasi: dt.timedelta, *, unit: Unit | None = None) -> dt.datetime:
    """`mulai` plus `durasi` of working time, skipping nights, breaks, days off and holidays."""
    return muat(unit=unit).tambah_waktu_kerja(mulai, durasi)


def waktu_kerja_antara(awal: dt.datetime, akhir: dt.datetime, *, unit: Unit | None = None) -> dt.timedelta:
    """Working time between two moments (zero if `akhir` is not after `awal`)."""
    return muat(unit=unit).waktu_kerja_antara(awal, akhir)


def hari_kerja_antara(awal: dt.datetime, akhir: dt.datetime, *, unit: Unit | None = None) -> int:
    """Whole working days from the day after `awal` up to and including the day of `akhir`."""
    return muat(unit=unit).hari_kerja_antara(awal, akhir)
