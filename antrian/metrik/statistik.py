"""Distributions of durations per group: count, mean, median and p90, in hours.

On PostgreSQL the database computes them (`percentile_cont`, one query per row set, grouped); elsewhere
(the embedded SQLite) the durations are read and computed here with the same interpolation, so both give
the same figures.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, QuerySet

_JAM = 3600.0


@dataclass(frozen=True)
class Sebaran:
    """How long, over `n` tikets, in hours: mean, median and the 90th percentile."""

    n: int = 0
    rerata: float | None = None
    median: float | None = None
    p90: float | None = None

    def sebagai_dict(self) -> dict[str, Any]:
        return {"n": self.n, "rerata": self.rerata, "median": self.median, "p90": self.p90}


KOSONG = Sebaran()


def persentil(nilai_urut: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's `percentile_cont`."""
    if not nilai_urut:
        return None
    posisi = (len(nilai_urut) - 1) * p
    bawah = math.floor(posisi)
    atas = min(bawah + 1, len(nilai_urut) - 1)
    return nilai_urut[bawah] + (nilai_urut[atas] - nilai_urut[bawah]) * (posisi - bawah)


def sebaran_dari(nilai: Iterable[float]) -> Sebaran:
    urut = sorted(nilai)
    if not urut:
        return KOSONG
    return Sebaran(
        n=len(urut), rerata=sum(urut) / len(urut), median=persentil(urut, 0.5), p90=persentil(urut, 0.9)
    )


class _Detik(Func):
    """A duration in seconds (PostgreSQL interval -> double precision)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class _Persentil(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(p)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, ekspresi: Any, p: float, **extra: Any) -> None:
        super().__init__(ekspresi, p=repr(float(p)), **extra)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def sebaran_per(qs: QuerySet[Any], dimensi: str | None, *medan: str) -> dict[Hashable, dict[str, Sebaran]]:
    """{group value: {field: Sebaran}} of duration fields over `qs`, grouped by `dimensi` (None: one
    group, keyed None). Rows where a field is empty do not count for that field."""
    if _postgres():
        return _sebaran_pg(qs, dimensi, medan)
    kolom = [dimensi] if dimensi else []
    kumpulan: dict[Hashable, dict[str, list[float]]] = defaultdict(lambda: {m: [] for m in medan})
    for baris in qs.values_list(*kolom, *medan):
        kunci = baris[0] if dimensi else None
        for m, nilai in zip(medan, baris[len(kolom) :], strict=True):
            if isinstance(nilai, dt.timedelta):
                kumpulan[kunci][m].append(nilai.total_seconds() / _JAM)
    return {k: {m: sebaran_dari(v) for m, v in per.items()} for k, per in kumpulan.items()}


def _sebaran_pg(
    qs: QuerySet[Any], dimensi: str | None, medan: tuple[str, ...]
) -> dict[Hashable, dict[str, Sebaran]]:
    agregat: dict[str, Any] = {}
    for m in medan:
        detik = _Detik(F(m))
        agregat[f"{m}__n"] = Count(m)
        agregat[f"{m}__rerata"] = Avg(detik)
        agregat[f"{m}__median"] = _Persentil(detik, 0.5)
        agregat[f"{m}__p90"] = _Persentil(detik, 0.9)
    if dimensi:
        baris = list(qs.order_by().values(dimensi).annotate(**agregat))
    else:
        baris = [qs.order_by().aggregate(**agregat)]
    hasil: dict[Hashable, dict[str, Sebaran]] = {}
    for b in baris:
        kunci = b[dimensi] if dimensi else None
        hasil[kunci] = {m: _jam(b, m) for m in medan}
    return hasil


def _jam(b: dict[str, Any], m: str) -> Sebaran:
    n = b[f"{m}__n"] or 0
    if not n:
        return KOSONG

    def j(nilai: float | None) -> float | None:
        return None if nilai is None else float(nilai) / _JAM

    return Sebaran(n=n, rerata=j(b[f"{m}__rerata"]), median=j(b[f"{m}__median"]), p90=j(b[f"{m}__p90"]))
