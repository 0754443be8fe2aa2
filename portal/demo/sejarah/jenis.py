"""The records of a simulated life: what was filed, the events and the replies that came with them."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Balasan:
    """A Tanggapan row that comes with an event."""

    penulis_id: int | None
    dari_petugas: bool
    isi: str
    internal: bool = False
    id: int = 0


@dataclass
class Kejadian:
    """One event as `catat_peristiwa` would write it (ids are given when the batch is written)."""

    jenis: str
    aksi: str
    dari: str
    ke: str
    waktu: dt.datetime
    aktor_id: int | None
    petugas_id: int | None
    unit_id: int
    catatan: str = ""
    publik: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    balasan: Balasan | None = None
    jeda_kerja: dt.timedelta = dt.timedelta(0)  # lengkapi: the paused working time the tenggat moved by
    id: int = 0


@dataclass(frozen=True)
class Pengajuan:
    """What was filed, by whom, where and when."""

    waktu: dt.datetime
    jenis: str  # permohonan / keluhan
    layanan: str  # "layanan:<pk>" / "keluhan:<pk>"
    unit_id: int
    jangka_hari: int
    pemohon_id: int | None  # None: a guest or an anonymous complaint
    produk: str = ""


@dataclass
class Hidup:
    """The simulated life: events up to now, and the speed and promptness behind them (for the SKM)."""

    kejadian: list[Kejadian]
    tenggat_awal: dt.datetime
    laju: float = 1.0


def lognormal(acak: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(acak.gauss(0.0, sigma))
