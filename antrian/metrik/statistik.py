"""Distributions of durations per group: count, mean, median and p90, in hours — plus conditional counts
over the same rows, and optionally the total over all groups, in ONE pass over the rows.

On PostgreSQL the database computes them: `percentile_cont(ARRAY[0.5, 0.9])` takes both percentiles from
one sort, `date_part` gives double precision (EXTRACT gives numeric, several times slower to sort), and
GROUPING SETS yields the groups and the total from the same scan. Elsewhere (the embedded SQLite) the rows
are read and computed here with the same interpolation, so both give the same figures.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.db.models import QuerySet

_JAM = 3600.0
# The total row's key in `sebaran_per`'s result (a group value can itself be None).
TOTAL = "__total__"


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


@dataclass(frozen=True)
class Hitung:
    """A conditional count over the same rows: `kolom` tested by `sql` (with `{c}` for the column) on
    PostgreSQL and by `py` on other databases."""

    kolom: str
    sql: str
    py: Callable[[Any], bool]


@dataclass
class Kelompok:
    sebaran: dict[str, Sebaran] = field(default_factory=dict)
    hitung: dict[str, int] = field(default_factory=dict)


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


@contextmanager
def memori_kerja() -> Iterator[None]:
    """On PostgreSQL, let the metrics' sorts run in memory (the default 4 MB spills a 90-day range of all
    units to disk). SET LOCAL lasts until the end of this transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = '32MB'")
        yield


# Two threads per process, each with its own database connection (kept for CONN_MAX_AGE like any other).
_UTAS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="metrik")


def serentak(*fungsi: Callable[[], Any]) -> Callable[[], list[Any]]:
    """Start the reads in `fungsi` and return a function that waits for their results, in order.

    On PostgreSQL outside a transaction they run at once, each on a connection of its own, so two
    expensive sorts use two cores instead of queueing on one. Inside a transaction (tests, or a caller
    that needs one snapshot) other connections would not see the same data: they run one after another
    in this thread, when the results are asked for."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return lambda: [f() for f in fungsi]
    tugas = [_UTAS.submit(_di_utas, f) for f in fungsi]
    return lambda: [t.result() for t in tugas]


def _di_utas(f: Callable[[], Any]) -> Any:
    # A pooled thread's connection may have outlived CONN_MAX_AGE or broken since its last use.
    close_old_connections()
    return f()


def sebaran_per(
    qs: QuerySet[Any],
    dimensi: str | None,
    medan: Iterable[str],
    hitung: dict[str, Hitung] | None = None,
    *,
    total: bool = False,
) -> dict[Hashable, Kelompok]:
    """{group value: Kelompok} of duration fields and conditional counts over `qs`, grouped by `dimensi`
    (None: one group, keyed TOTAL), with the TOTAL row as well when `total`. Rows where a duration field
    is empty do not count for that field."""
    medan = tuple(medan)
    hitung = hitung or {}
    if connection.vendor == "postgresql":
        return _sebaran_pg(qs, dimensi, medan, hitung, total=total or dimensi is None)
    return _sebaran_python(qs, dimensi, medan, hitung, total=total or dimensi is None)


def _sebaran_python(
    qs: QuerySet[Any], dimensi: str | None, medan: tuple[str, ...], hitung: dict[str, Hitung], *, total: bool
) -> dict[Hashable, Kelompok]:
    kolom_hitung = sorted({h.kolom for h in hitung.values()})
    kolom = ([dimensi] if dimensi else []) + list(medan) + kolom_hitung
    nilai: dict[Hashable, dict[str, list[float]]] = defaultdict(lambda: {m: [] for m in medan})
    jumlah: dict[Hashable, dict[str, int]] = defaultdict(lambda: dict.fromkeys(hitung, 0))
    geser = 1 if dimensi else 0
    for baris in qs.order_by().values_list(*kolom):
        kunci_kunci = ([baris[0]] if dimensi else []) + ([TOTAL] if total else [])
        isi = dict(zip(kolom[geser:], baris[geser:], strict=True))
        for kunci in kunci_kunci:
            for m in medan:
                if isinstance(isi[m], dt.timedelta):
                    nilai[kunci][m].append(isi[m].total_seconds() / _JAM)
            for nama, h in hitung.items():
                if h.py(isi[h.kolom]):
                    jumlah[kunci][nama] += 1
    hasil = {
        k: Kelompok(sebaran={m: sebaran_dari(v) for m, v in per.items()}, hitung=dict(jumlah[k]))
        for k, per in nilai.items()
    }
    if total and TOTAL not in hasil:
        hasil[TOTAL] = Kelompok(sebaran=dict.fromkeys(medan, KOSONG), hitung=dict.fromkeys(hitung, 0))
    return hasil


def _sebaran_pg(
    qs: QuerySet[Any], dimensi: str | None, medan: tuple[str, ...], hitung: dict[str, Hitung], *, total: bool
) -> dict[Hashable, Kelompok]:
    kolom_hitung = sorted({h.kolom for h in hitung.values()})
    kolom = ([dimensi] if dimensi else []) + list(medan) + [k for k in kolom_hitung if k not in medan]
    sql_dalam, param = qs.order_by().values(*kolom).query.sql_with_params()
    pilih = []
    for i, m in enumerate(medan):
        detik = f"date_part('epoch', s.{_q(m)})"
        pilih += [
            f"count(s.{_q(m)}) AS n{i}",
            f"avg({detik}) AS r{i}",
            f"percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {detik}) AS p{i}",
        ]
    nama_hitung = list(hitung)
    for j, nama in enumerate(nama_hitung):
        syarat = hitung[nama].sql.format(c=f"s.{_q(hitung[nama].kolom)}")
        pilih.append(f"count(*) FILTER (WHERE {syarat}) AS h{j}")
    if dimensi:
        d = f"s.{_q(dimensi)}"
        pilih = [d, f"GROUPING({d}) AS g", *pilih]
        kelompok = f"GROUP BY GROUPING SETS (({d}), ())" if total else f"GROUP BY {d}"
    else:
        pilih = ["NULL", "1 AS g", *pilih]
        kelompok = ""
    sql = f"SELECT {', '.join(pilih)} FROM ({sql_dalam}) s {kelompok}"  # noqa: S608 - columns are field names
    hasil: dict[Hashable, Kelompok] = {}
    with memori_kerja(), connection.cursor() as cur:
        cur.execute(sql, param)
        for baris in cur.fetchall():
            kunci = TOTAL if baris[1] else baris[0]
            k = Kelompok()
            for i, m in enumerate(medan):
                n, rerata, p = baris[2 + 3 * i : 5 + 3 * i]
                k.sebaran[m] = _jam(n, rerata, p)
            awal = 2 + 3 * len(medan)
            k.hitung = {nama: baris[awal + j] for j, nama in enumerate(nama_hitung)}
            hasil[kunci] = k
    if total and TOTAL not in hasil:
        hasil[TOTAL] = Kelompok(sebaran=dict.fromkeys(medan, KOSONG), hitung=dict.fromkeys(hitung, 0))
    return hasil


def _q(nama: str) -> str:
    return connection.ops.quote_name(nama)


def _jam(n: int | None, rerata: float | None, p: list[float | None] | None) -> Sebaran:
    if not n:
        return KOSONG
    median, p90 = (p or [None, None])[:2]
    return Sebaran(
        n=n,
        rerata=None if rerata is None else float(rerata) / _JAM,
        median=None if median is None else float(median) / _JAM,
        p90=None if p90 is None else float(p90) / _JAM,
    )
