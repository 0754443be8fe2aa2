"""A unit's calendar with each date's working spans remembered: the history walks the same few hundred
dates millions of times. The arithmetic is `antrian.kalender.Kalender`'s own, unchanged; only the pure
per-date lookups are cached, so every result is the one `manage.py metrik_bangun_ulang` computes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from antrian.kalender import Kalender
from antrian.kalender.sumber import Selang


@dataclasses.dataclass(frozen=True)
class KalenderCepat(Kalender):
    _selang: dict[dt.date, tuple[Selang, ...]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )
    _rentang_: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def dari(cls, kalender: Kalender) -> KalenderCepat:
        return cls(zona=kalender.zona, pekan=kalender.pekan, koreksi=kalender.koreksi)

    def selang(self, tanggal: dt.date) -> tuple[Selang, ...]:
        hasil = self._selang.get(tanggal)
        if hasil is None:
            hasil = self._selang[tanggal] = super().selang(tanggal)
        return hasil

    def _rentang(self, tanggal: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        hasil = self._rentang_.get(tanggal)
        if hasil is None:
            hasil = self._rentang_[tanggal] = super()._rentang(tanggal)
        return hasil
