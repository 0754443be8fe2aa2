# ruff: noqa: E501
"""The figures table and its reading for benchmarks/metrics.py (the section of benchmarks/RESULTS.md)."""

from __future__ import annotations

import argparse
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import _umum as u

TARGET_P95_MS = 300
PEMANASAN = 3


@dataclass
class Butir:
    kode: str
    nama: str
    jalankan: Callable[[], int]  # returns bytes produced (exports) or rows
    target: bool
    ulang: int | None = None  # measured runs, when fewer than --ulang (the long export)
    ms: list[float] = field(default_factory=list)
    kueri: int = 0
    puncak_kib: float = 0.0
    keluaran: int = 0
    kueri_lambat: list[tuple[float, str]] = field(default_factory=list)


def jelaskan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as kursor:
        kursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in kursor.fetchall())


def _makna(butir: list[Butir]) -> str:
    p95 = {b.kode: u.persentil(b.ms, 95) for b in butir}
    return (
        f"Meaning: computed from the summary, the per-officer table answers in {p95.get('b', 0):.0f} ms (p95). "
        f"The per-unit overview over all units sorts ~300,000 durations per distribution twice (units and the "
        f"total): {p95.get('a', 0):.0f} ms p95 computed, over the {TARGET_P95_MS} ms target on these 2 cores. As "
        f"managers get it — the one-minute store the issue allows (never more than a minute old), kept warm "
        f"by `metrik_hangatkan` — the whole page answers in {p95.get('d', 0):.0f} ms p95; a view nobody asked "
        f"for in the last minute (other filters or dates) costs its first viewer the computed time, "
        f"{p95.get('e', 0) / 1000:.1f} s p95 for the whole page."
    )


def laporan(
    butir: list[Butir], cara: str, info: dict[str, Any], data: dict[str, Any], arg: argparse.Namespace
) -> None:
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baris = [
        "| item | p50 | p95 | max | queries | tracemalloc peak | output | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    analisis: list[str] = []
    for b in butir:
        p95 = u.persentil(b.ms, 95)
        hasil = "—"
        if b.target:
            hasil = "met" if p95 < TARGET_P95_MS else "**missed**"
        keluaran = (
            f"{b.keluaran / 1024:,.0f} KiB CSV"
            if b.kode == "c"
            else f"{b.keluaran / 1024:,.0f} KiB HTML"
            if b.kode in "de"
            else f"{b.keluaran} rows"
        )
        baris.append(
            f"| ({b.kode}) {b.nama} | {u.persentil(b.ms, 50):.1f} ms | {p95:.1f} ms | {max(b.ms):.1f} ms | "
            f"{b.kueri} | {b.puncak_kib / 1024:,.1f} MiB | {keluaran} | {hasil} |"
        )
        if b.target and p95 >= TARGET_P95_MS:
            for ms, sql in b.kueri_lambat[:2]:
                rencana = jelaskan(sql)
                print(f"\n[{b.kode}] {ms:.1f} ms: {sql[:300]}...\n{rencana}\n", flush=True)
                atas = "\n".join(rencana.splitlines()[:12])
                analisis.append(
                    f"({b.kode}) slowest query, {ms:.0f} ms:\n\n```\n{sql[:600]}\n```\n\n```\n{atas}\n```"
                )
    per_status = ", ".join(f"{s} {n:,}" for s, n in sorted(data["per_status"].items(), key=lambda x: -x[1]))
    isi = "\n".join(
        [
            f"{u.sekarang()}, {u.mesin()}; everything (PostgreSQL, Redis, this process) on the same 2 cores "
            f"(load average 1 min at start/end {data['beban'][0]:.1f} / {data['beban'][1]:.1f}). PostgreSQL database `{arg.db}`: {data['tiket']:,} tikets ({per_status}), "
            f"{data['peristiwa']:,} events, {data['metrik']:,} metrics rows, {data['survei']:,} SKM answers, "
            f"loaded by `manage.py muat_demo --tikets {arg.tikets}` (portal.demo.sejarah), then VACUUM ANALYZE.",
            "",
            f"As the manager over the last 90 days ({info['dari']} – {info['sampai']}); largest unit `{info['unit']}`; "
            f"{PEMANASAN} warm-up and {arg.ulang} measured runs per item in the benchmark's process, DEBUG off, "
            f"Redis cache. Export (c): {cara}. Queries: one run. tracemalloc peak: one extra run with tracemalloc "
            f"on. Process ru_maxrss at the end: {rss_mib:,.0f} MiB. Target: p95 < {TARGET_P95_MS} ms for (a), (b) and (d). "
            f"`manage.py metrik_hangatkan` (every default view of every scope) took {data['hangat_s']:.1f} s; run every "
            f"30 s it keeps (d) at most a minute old (antrian/selectors/kinerja/simpan.py).",
            "",
            *baris,
            "",
            _makna(butir),
            "",
            *analisis,
            "",
            f"Re-run: `.venv/bin/python benchmarks/metrics.py --pakai` (measures the loaded `{arg.db}`), or without "
            f"`--pakai` to reload it (`--tikets N`).",
        ]
    )
    print(isi)
    # One section per history size (the demo's own dozen tikets come on top; the text gives the count).
    u.tulis_bagian(f"Metrics at {arg.tikets:,} tikets", isi)
