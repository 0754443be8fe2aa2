# ruff: noqa: E501
"""The submission path profiled in-process, for benchmarks/load_tunggal.py: queries per submission by kind, ms
per submission as is / without the broadcast / without the Celery enqueue, the PostgreSQL backend's CPU,
and cProfile's heaviest functions. Runs after `benchmarks._umum.siapkan_django` set Django up."""

from __future__ import annotations

import re
import time
from typing import Any

from benchmarks import _umum as u


def profil_pengajuan(data: dict[str, Any], jumlah: int = 200) -> list[str]:
    """The submission path in this process (Django's test client, same database, same settings): queries per
    submission by kind, ms per submission as is / without the broadcast / without the Celery enqueue, and
    the heaviest functions under cProfile."""
    import collections
    import cProfile
    import io
    import json
    import pstats
    import uuid

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from antrian import realtime
    from antrian.pesan import tugas

    klien = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Token {data['token']}")
    badan = json.dumps(
        {"kategori": data["kategori"], "judul": "Jalan berlubang", "isi": "Jalan berlubang di depan pasar."}
    )

    cpu_ms: list[float] = []

    def kirim(n: int) -> float:
        mulai, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            r = klien.post(
                "/api/v1/keluhan/",
                badan,
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
            )
            assert r.status_code == 201, r.content[:300]
        cpu_ms.append((time.process_time() - cpu) * 1000 / n)
        return (time.perf_counter() - mulai) * 1000 / n

    kirim(20)  # warm
    with CaptureQueriesContext(connection) as q:
        kirim(10)
    jenis = collections.Counter(x["sql"].split()[0].upper() for x in q.captured_queries)
    per = len(q.captured_queries) / 10
    with connection.cursor() as kursor:
        kursor.execute("SELECT pg_backend_pid()")
        backend = kursor.fetchone()[0]
    pg0 = u.cpu_detik(backend)
    biasa = kirim(jumlah)
    pg_ms = (u.cpu_detik(backend) - pg0) * 1000 / jumlah
    kirim_asli, antrekan_asli = realtime._kirim, tugas.antrekan
    realtime._kirim = lambda *a, **k: None  # type: ignore[assignment]
    tanpa_siaran = kirim(jumlah)
    realtime._kirim = kirim_asli  # type: ignore[assignment]
    tugas.antrekan = lambda ids: None  # type: ignore[assignment]
    tanpa_celery = kirim(jumlah)
    tugas.antrekan = antrekan_asli  # type: ignore[assignment]
    # CPU time of this process (Python: view, ORM, serialisers, drivers), not the wait for PostgreSQL.
    profil = cProfile.Profile(time.process_time)
    profil.enable()
    kirim(jumlah)
    profil.disable()
    teks = io.StringIO()
    pstats.Stats(profil, stream=teks).sort_stats("cumulative").print_stats(
        r"(antrian|keluhan|portal|config|rest_framework|django/db|kombu|celery|redis)", 25
    )
    baris_profil = [b for b in teks.getvalue().splitlines() if re.match(r"\s*\d", b)][:25]
    teks = io.StringIO()
    pstats.Stats(profil, stream=teks).sort_stats("tottime").print_stats(15)
    baris_sendiri = [b for b in teks.getvalue().splitlines() if re.match(r"\s*\d", b)][1:16]
    pendek = str(u.AKAR / ".venv" / "lib" / "python3.11" / "site-packages") + "/"
    return [
        f"profile of the submission path in-process (Django test client, {jumlah} submissions per figure, same database):",
        f"  queries per submission: {per:.1f} ({', '.join(f'{k} {v / 10:.1f}' for k, v in jenis.most_common())})",
        f"  ms per submission (wall): as is {biasa:.2f}; without the broadcast {tanpa_siaran:.2f}; without the Celery "
        f"enqueue {tanpa_celery:.2f}; Python CPU of the same: {cpu_ms[2]:.2f}, {cpu_ms[3]:.2f}, {cpu_ms[4]:.2f} "
        f"(the rest of the wall time is PostgreSQL, Redis and waiting for a core); CPU of this process's PostgreSQL "
        f"backend per submission: {pg_ms:.2f} ms",
        "  cProfile of this process's CPU time, heaviest by cumulative time (ncalls tottime percall cumtime percall function):",
        *(f"    {b.strip().replace(pendek, '')}" for b in baris_profil),
        "  the same, heaviest by own time (tottime):",
        *(f"    {b.strip().replace(pendek, '')}" for b in baris_sendiri),
    ]
