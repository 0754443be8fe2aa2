"""Working-time arithmetic over one calendar: a time zone, a week of working spans and the holidays.

Moments are compared and added in UTC, so the arithmetic is exact in any zone; the results are given in the
calendar's zone, whose wall clock is what a deadline is promised in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from antrian.kalender import sumber
from antrian.kalender.sumber import Pekan, Selang

_SATU_HARI = dt.timedelta(days=1)
_NOL = dt.timedelta(0)
# A walk that meets this many days off in a row has a calendar without working days: stop, do not spin.
_BATAS_LIBUR_BERUNTUN = 400


class KalenderTanpaHariKerja(ValueError):
    """The calendar has no working day ahead (every day is off): no deadline can be computed."""


@dataclass(frozen=True)
class Kalender:
    """One unit's (or the portal's) calendar, loaded once and then walked without further queries."""

    zona: ZoneInfo
    pekan: Pekan
    koreksi: Mapping[dt.date, bool]

    # --- days --------------------------------------------------------------------------------------------

    def selang(self, tanggal: dt.date) -> tuple[Selang, ...]:
        """The working spans of a date (local wall clock), empty on a day off."""
        libur = self.koreksi.get(tanggal)
        if libur is not None:
            if libur:
                return ()
            # The admin made this date a working day (say a Saturday in lieu of a holiday): on a weekday
            # the unit does not usually work it keeps the hours of its first working weekday.
            return self.pekan.get(tanggal.weekday()) or self.pekan[min(self.pekan)]
        selang = self.pekan.get(tanggal.weekday(), ())
        if selang and tanggal in sumber.libur_nasional(tanggal.year):
            return ()
        return selang

    def hari_kerja(self, tanggal: dt.date) -> bool:
        return bool(self.selang(tanggal))

    def _rentang(self, tanggal: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The working spans of a date as UTC moments."""
        return [
            (self._momen(tanggal, mulai), self._momen(tanggal, selesai))
            for mulai, selesai in self.selang(tanggal)
        ]

    def _momen(self, tanggal: dt.date, jam: dt.time) -> dt.datetime:
        return dt.datetime.combine(tanggal, jam, tzinfo=self.zona).astimezone(dt.UTC)

    def _tutup(self, tanggal: dt.date) -> dt.datetime:
        """The close of a working day, in the calendar's zone."""
        return dt.datetime.combine(tanggal, self.selang(tanggal)[-1][1], tzinfo=self.zona)

    def _lokal(self, momen: dt.datetime) -> dt.datetime:
        if momen.tzinfo is None or momen.utcoffset() is None:
            momen = momen.replace(tzinfo=self.zona)
        return momen.astimezone(self.zona)

    def _hari_kerja_mulai(self, tanggal: dt.date) -> dt.date:
        """The first working day on or after `tanggal`."""
        for _ in range(_BATAS_LIBUR_BERUNTUN):
            if self.hari_kerja(tanggal):
                return tanggal
            tanggal += _SATU_HARI
        raise KalenderTanpaHariKerja(f"no working day in {_BATAS_LIBUR_BERUNTUN} days from {tanggal}")

    # --- arithmetic --------------------------------------------------------------------------------------

    def tambah_hari_kerja(self, mulai: dt.datetime, jumlah: int) -> dt.datetime:
        """The close of the `jumlah`-th working day after the (local) day of `mulai`.

        The day of submission itself never counts, so a tiket filed at night, on a weekend or a holiday
        starts counting from the next working day. Zero days: by the close of the same working day, or of
        the next one when filed on a day off or after closing time.
        """
        lokal = self._lokal(mulai)
        tanggal = lokal.date()
        if jumlah <= 0:
            tanggal = self._hari_kerja_mulai(tanggal)
            while self._tutup(tanggal) < lokal:
                tanggal = self._hari_kerja_mulai(tanggal + _SATU_HARI)
            return self._tutup(tanggal)
        for _ in range(jumlah):
            tanggal = self._hari_kerja_mulai(tanggal + _SATU_HARI)
        return self._tutup(tanggal)

    def tambah_waktu_kerja(self, mulai: dt.datetime, durasi: dt.timedelta) -> dt.datetime:
        """The earliest moment by which `durasi` of working time has passed since `mulai`.

        Nights, breaks, days off and holidays are skipped. A sum that ends exactly at a closing time is
        that closing time, not the next opening.
        """
        if durasi < _NOL:
            raise ValueError("durasi must not be negative")
        awal = self._lokal(mulai)
        if not durasi:
            return awal
        sisa = durasi
        tanggal = awal.date()
        libur_beruntun = 0
        while True:
            rentang = self._rentang(tanggal)
            for buka, tutup in rentang:
                if tutup <= awal:
                    continue
                buka = max(buka, awal)
                if sisa <= tutup - buka:
                    return (buka + sisa).astimezone(self.zona)
                sisa -= tutup - buka
            libur_beruntun = 0 if rentang else libur_beruntun + 1
            if libur_beruntun >= _BATAS_LIBUR_BERUNTUN:
                raise KalenderTanpaHariKerja(f"no working day in {_BATAS_LIBUR_BERUNTUN} days from {tanggal}")
            tanggal += _SATU_HARI

    def waktu_kerja_antara(self, awal: dt.datetime, akhir: dt.datetime) -> dt.timedelta:
        """Working time between two moments; zero when `akhir` is not after `awal`."""
        dari, sampai = self._lokal(awal), self._lokal(akhir)
        if sampai <= dari:
            return _NOL
        jumlah = _NOL
        tanggal = dari.date()
        while tanggal <= sampai.date():
            for buka, tutup in self._rentang(tanggal):
                potong = min(tutup, sampai) - max(buka, dari)
                if potong > _NOL:
                    jumlah += potong
            tanggal += _SATU_HARI
        return jumlah

    def hari_kerja_antara(self, awal: dt.datetime, akhir: dt.datetime) -> int:
        """Whole working days from the day after `awal` up to and including the day of `akhir`."""
        tanggal, sampai = self._lokal(awal).date(), self._lokal(akhir).date()
        jumlah = 0
        while tanggal < sampai:
            tanggal += _SATU_HARI
            if self.hari_kerja(tanggal):
                jumlah += 1
        return jumlah
