# ruff: noqa: E501
"""Websocket fan-out: N officer clients (10 units) on ONE uvicorn process, transitions (`ambil`) driven
through the HTTP API at R per second for D seconds from a separate process; delivery latency from each
event's commit to client receipt (and, for comparison, from the API call's return and from the event's
`dibuat_pada`), the commit rate reached, delivered/expected, lost, duplicates, server RSS per connection,
and the ws server's CPU per delivered message next to the API server's and the client's CPU.

The API is served by a separate gunicorn process (1 worker, 4 threads), as production routes HTTP to WSGI
workers and /ws/ to ASGI workers; both share PostgreSQL and Redis (db 13, prefix sigap-bench). The API
server records each commit and publish time (benchmarks/_gunicorn_komit.py).

    .venv/bin/python benchmarks/fanout.py [--klien 1000] [--laju 20] [--detik 30] [--ulang 3]
        [--tanpa-deflate] [--profil FILE] [--tanpa-tulis]

benchmarks/reconnect.py reuses `jalankan` with a mid-stream drop and `?sejak=` reconnect.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _umum as u
from benchmarks._klien_ws import UNIT, Klien, _pengemudi, _sesi_klien


def parser(klien: int = 1000, laju: float = 20, detik: float = 30) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser()
    ap.add_argument("--klien", type=int, default=klien)
    ap.add_argument("--laju", type=float, default=laju, help="transitions per second")
    ap.add_argument("--detik", type=float, default=detik, help="seconds of transitions")
    ap.add_argument("--paralel", type=int, default=50, help="connections opened at once")
    ap.add_argument("--ulang", type=int, default=1, help="runs, one after another (figures of each)")
    ap.add_argument(
        "--tanpa-deflate",
        dest="tanpa_deflate",
        action="store_true",
        help="run uvicorn with --ws-per-message-deflate false (no per-connection compression)",
    )
    ap.add_argument(
        "--profil",
        help="write py-spy's collapsed stacks of the ws server during the stream to this file (py-spy is "
        "not a project dependency: pip-install it into .venv to use this)",
    )
    ap.add_argument(
        "--tanpa-tulis", dest="tanpa_tulis", action="store_true", help="print only; leave RESULTS.md alone"
    )
    return ap


def jalankan(arg: argparse.Namespace, nama_db: str, judul: str) -> dict[str, Any]:
    u.siapkan_django(nama_db)
    server: list[Any] = []
    try:
        return _jalankan(arg, nama_db, server)
    finally:
        for p in server:
            u.hentikan(p)
        u.hapus_db(nama_db)


def _jalankan(arg: argparse.Namespace, nama_db: str, server: list[Any]) -> dict[str, Any]:
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from antrian import realtime, selectors
    from antrian.models import Peristiwa

    lunak, keras = resource.getrlimit(resource.RLIMIT_NOFILE)
    if lunak < arg.klien * 2 + 256:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(keras, arg.klien * 2 + 1024), keras))

    per_unit = max(1, arg.klien // UNIT)
    transisi = int(arg.laju * arg.detik)
    tiket_per_unit = transisi // UNIT + 2
    t = time.monotonic()
    klien: list[Klien] = []
    rencana_unit: list[list[tuple[str, str]]] = []
    for i in range(UNIT):
        unit = u.buat_unit(f"fan-{i}", "klaim")
        petugas = u.buat_petugas_massal(unit, per_unit, awal=i * per_unit, kapasitas=10000)
        kuki = u.kuki_sesi_massal([p.pengguna for p in petugas])
        klien += [Klien(p.pk, unit.pk, kuki[p.pengguna.pk]) for p in petugas]
        token = Token.objects.create(user=petugas[0].pengguna).key
        rencana_unit.append([(n, token) for n in u.buat_tiket_massal(unit, tiket_per_unit)])
    realtime.tunggu_siaran(30)
    rencana = [rencana_unit[j % UNIT][j // UNIT] for j in range(transisi)]  # round robin over units
    sejak = selectors.urutan_terakhir()
    print(
        f"[setup] {len(klien)} officers in {UNIT} units, {UNIT * tiket_per_unit} tikets in "
        f"{time.monotonic() - t:.1f}s; stream position {sejak}",
        flush=True,
    )
    connections.close_all()

    env = u.env_server(nama_db)
    log_dir = Path(tempfile.mkdtemp(prefix="sigap-bench-"))
    port_ws, port_api = u.port_bebas(), u.port_bebas()
    uv = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    uv += ["--port", str(port_ws), "--lifespan", "off", "--log-level", "warning", "--backlog", "4096"]
    if getattr(arg, "tanpa_deflate", False):
        uv += ["--ws-per-message-deflate", "false"]
    gu = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port_api}"]
    gu += ["-w", "1", "--threads", "4", "--log-level", "warning", "-c", "python:benchmarks._gunicorn_komit"]
    komit = log_dir / "komit.txt"
    server.append(u.mulai_server(uv, log_dir / "uvicorn.log", env))
    server.append(u.mulai_server(gu, log_dir / "gunicorn.log", {**env, "SIGAP_BENCH_KOMIT": str(komit)}))
    u.tunggu_menerima(port_ws, server[0], log_dir / "uvicorn.log")
    u.tunggu_menerima(port_api, server[1], log_dir / "gunicorn.log")
    time.sleep(1)

    ctx = mp.get_context("fork")
    mulai, hasil = ctx.Event(), ctx.Queue()
    driver = ctx.Process(target=_pengemudi, args=(port_api, rencana, arg.laju, mulai, hasil), daemon=True)
    driver.start()
    try:
        random.shuffle(klien)
        ukur = asyncio.run(
            _sesi_klien(arg, port_ws, klien, sejak, server[0].pid, server[1].pid, mulai, hasil)
        )
    finally:
        driver.join(timeout=5)
        if driver.is_alive():
            driver.kill()
    ukur["log_dir"] = str(log_dir)
    log_uv = (log_dir / "uvicorn.log").read_text(errors="replace")

    # --- figures ------------------------------------------------------------------------------------------
    panggilan = ukur["panggilan"]
    kembali = {n: t_kembali for n, _t, t_kembali, s in panggilan if s == "200"}
    status_api = collections.Counter(s for *_x, s in panggilan)
    api_ms = [(b - a) * 1000 for _n, a, b, s in panggilan if s == "200"]
    peristiwa = list(
        Peristiwa.objects.filter(urutan__gt=sejak).values_list("urutan", "id", "unit_id", "dibuat_pada")
    )
    dibuat = {ur: d.timestamp() for ur, _i, _u, d in peristiwa}
    # When each event's transaction had committed: its on_commit hand-over in the API process.
    t_komit: dict[int, float] = {}
    t_terbit: dict[int, float] = {}
    for baris_komit in komit.read_text().splitlines() if komit.exists() else []:
        jenis, pid_teks, t_teks = baris_komit.split()
        (t_komit if jenis == "K" else t_terbit).setdefault(int(pid_teks), float(t_teks))
    lat_terbit = [(t_terbit[i] - t_komit[i]) * 1000 for i in t_komit if i in t_terbit]
    per_unit_urutan: dict[int, set[int]] = collections.defaultdict(set)
    for ur, _i, unit_id, _d in peristiwa:
        if ur is not None:  # committed events always have their position
            per_unit_urutan[unit_id].add(ur)
    lat_api, lat_dibuat, lat_komit = [], [], []
    diharap = terkirim = hilang = ganda = lebih = 0
    hilang_per_klien: list[int] = []
    for k in klien:
        if k.gagal is not None:
            continue
        harap = per_unit_urutan[k.unit_id]
        lihat = collections.Counter(ur for _t, ur, _i, _n in k.terima)
        ganda += sum(n - 1 for n in lihat.values() if n > 1)
        dapat = harap & set(lihat)
        diharap += len(harap)
        terkirim += len(dapat)
        hilang_per_klien.append(len(harap) - len(dapat))
        hilang += len(harap) - len(dapat)
        lebih += len(set(lihat) - harap)
        pertama: dict[int, tuple[float, int, str]] = {}
        for t_terima, ur, id_peristiwa, nomor in k.terima:
            pertama.setdefault(ur, (t_terima, id_peristiwa, nomor))
        for ur, (t_terima, id_peristiwa, nomor) in pertama.items():
            if id_peristiwa in t_komit:
                lat_komit.append((t_terima - t_komit[id_peristiwa]) * 1000)
            if nomor in kembali:
                lat_api.append((t_terima - kembali[nomor]) * 1000)
            if ur in dibuat:
                lat_dibuat.append((t_terima - dibuat[ur]) * 1000)
    p = u.persentil
    waktu_komit = sorted(t_komit.values())
    rentang_komit = waktu_komit[-1] - waktu_komit[0] if len(waktu_komit) > 1 else 0.0
    laju_capai = (len(waktu_komit) - 1) / rentang_komit if rentang_komit > 0 else 0.0
    tersambung = ukur["tersambung"]
    per_koneksi = (ukur["rss_sesudah"] - ukur["rss_sebelum"]) / max(1, tersambung)
    gagal = collections.Counter((k.gagal or "").split(":")[0] for k in klien if k.gagal)
    lag = ukur["lag_klien_ms"]
    cpu = ukur["cpu_akhir"] - ukur["cpu_awal"]
    jendela = ukur["t_cpu_akhir"] - ukur["t_cpu_awal"]
    cpu_api = ukur["cpu_api_akhir"] - ukur["cpu_api_awal"]
    cpu_klien = ukur["cpu_klien_akhir"] - ukur["cpu_klien_awal"]
    baris = [
        f"clients: {tersambung}/{len(klien)} connected+live in {ukur['detik_connect']:.1f}s"
        + (f"; connect failures {dict(gagal)}" if gagal else ""),
        f"API calls: {len(panggilan)} planned at {arg.laju:g}/s over {arg.detik:g}s; status {dict(status_api)}; "
        f"API latency ms p50 {p(api_ms, 50):.0f} p95 {p(api_ms, 95):.0f} max {max(api_ms, default=0):.0f}",
        f"events committed after start: {len(peristiwa)}; achieved commit rate {laju_capai:.1f}/s "
        f"(first to last commit {rentang_komit:.1f} s; planned {arg.laju:g}/s)",
        f"delivery latency from COMMIT (on_commit in the API process) to client receipt, ms: "
        f"p50 {p(lat_komit, 50):.1f} p95 {p(lat_komit, 95):.1f} p99 {p(lat_komit, 99):.1f} "
        f"max {max(lat_komit, default=0):.1f} (n={len(lat_komit)})",
        f"  of which commit -> published to Redis (the API process's sender thread): p50 {p(lat_terbit, 50):.1f} "
        f"p95 {p(lat_terbit, 95):.1f} p99 {p(lat_terbit, 99):.1f} max {max(lat_terbit, default=0):.1f} ms per event",
        f"  for comparison, from the API call's return (after commit): p50 {p(lat_api, 50):.1f} "
        f"p99 {p(lat_api, 99):.1f}; from the event's dibuat_pada (insert, before commit): "
        f"p50 {p(lat_dibuat, 50):.1f} p99 {p(lat_dibuat, 99):.1f}",
        f"delivered/expected: {terkirim}/{diharap}; lost: {hilang} (clients missing any: "
        f"{sum(1 for h in hilang_per_klien if h)}); duplicates: {ganda}; unexpected: {lebih}; "
        f"muat_ulang frames: {sum(k.muat_ulang for k in klien)}",
        f"server RSS: {ukur['rss_sebelum'] / 1024:.1f} MiB before, {ukur['rss_sesudah'] / 1024:.1f} MiB after "
        f"connecting, {ukur['rss_akhir'] / 1024:.1f} MiB after the stream -> {per_koneksi:.1f} KiB per connection",
        f"ws server CPU from the first API call to the end of the drain ({jendela:.0f} s): {cpu:.1f} s -> "
        f"{cpu / max(1, terkirim) * 1e6:.0f} µs per delivered message (n={terkirim}); same window: API server "
        f"{cpu_api:.1f} s, client process {cpu_klien:.1f} s (of {2 * jendela:.0f} core-seconds on 2 cores)",
        f"client event-loop lag (one process for all clients), ms: p50 {p(lag, 50):.1f} p99 {p(lag, 99):.1f} "
        f"max {max(lag, default=0):.1f}",
    ]
    if "detik_reconnect" in ukur:
        baris.append(f"reconnect of all clients took {ukur['detik_reconnect']:.1f}s")
    galat_log = [b for b in log_uv.splitlines() if "Error" in b or "error" in b][:3]
    if galat_log:
        baris.append(f"uvicorn log errors (first 3): {galat_log}")
    for b in baris:
        print(b)
    ukur.update(
        laju_capai=laju_capai,
        lat_komit=lat_komit,
        lat_api=lat_api,
        hilang=hilang,
        ganda=ganda,
        diharap=diharap,
        terkirim=terkirim,
        baris=baris,
        tersambung=tersambung,
        hilang_per_klien=hilang_per_klien,
    )
    return ukur


def tulis(
    arg: argparse.Namespace,
    judul: str,
    ukur: dict[str, Any] | list[dict[str, Any]],
    tambahan: str,
    makna: str,
) -> None:
    """Write the section: one block of figures per run (`--ulang`)."""
    print(f"Meaning: {makna}")
    if arg.tanpa_tulis:
        return
    semua = ukur if isinstance(ukur, list) else [ukur]
    blok: list[str] = []
    for i, satu in enumerate(semua, 1):
        if len(semua) > 1:
            blok.append(f"run {i} of {len(semua)} (load average at start {satu.get('beban', '?')}):")
        blok += [*satu["baris"], ""]
    isi = "\n".join(
        [
            f"- date: {u.sekarang()}; machine: {u.mesin()}; everything (servers, PostgreSQL, Redis, clients, "
            "driver) on the same 2 cores",
            f"- parameters: {arg.klien} officer websocket clients (/ws/petugas/, {UNIT} units x "
            f"{arg.klien // UNIT}) on ONE uvicorn process (config.asgi:application); `ambil` transitions through "
            f"the HTTP API (Token auth, gunicorn 1 worker x 4 threads) at {arg.laju:g}/s for {arg.detik:g}s from "
            f"a separate process; Redis channel layer db 13, prefix sigap-bench; uvicorn websocket compression "
            f"(permessage-deflate) {'off' if getattr(arg, 'tanpa_deflate', False) else 'on (its default)'}"
            f"{tambahan}",
            "",
            "```",
            *blok[:-1],
            "```",
            "",
            f"Meaning: {makna}",
        ]
    )
    u.tulis_bagian(judul, isi)


def main() -> None:
    arg = parser().parse_args()
    arg.putus_pada, arg.jeda = None, 0.0
    judul = f"Fan-out ({arg.klien} clients, {arg.laju:g}/s, {arg.detik:g}s{tanda_deflate(arg)})"
    semua = []
    for i in range(arg.ulang):
        beban = Path("/proc/loadavg").read_text().split()[0]
        print(f"=== run {i + 1} of {arg.ulang} (load average {beban})", flush=True)
        semua.append({**jalankan(arg, "sigap_bench_fanout", judul), "beban": beban})
    p99 = [u.persentil(ukur["lat_komit"], 99) for ukur in semua]
    lulus = [
        q < 100 and ukur["hilang"] == 0 and ukur["ganda"] == 0 and ukur["tersambung"] == arg.klien
        for q, ukur in zip(p99, semua, strict=True)
    ]
    hilang, ganda = sum(ukur["hilang"] for ukur in semua), sum(ukur["ganda"] for ukur in semua)
    makna = (
        f"p99 from commit to receipt {', '.join(f'{q:.0f}' for q in p99)} ms "
        + (f"in {len(semua)} runs " if len(semua) > 1 else "")
        + f"with {arg.klien} clients at {arg.laju:g}/s; {hilang} lost, {ganda} duplicated. "
        + (
            "Meets"
            if all(lulus)
            else (f"Meets in {sum(lulus)} of {len(lulus)} runs" if any(lulus) else "Does NOT meet")
        )
        + " the target (p99 < 100 ms at 20/s with 1,000 clients, nothing lost, no duplicates)"
        + ("" if arg.klien == 1000 and arg.laju == 20 else " — note these are not the target's parameters")
        + ". Servers, databases and the 1-process client share 2 cores: the CPU line shows where they went."
    )
    tulis(arg, judul, semua, "", makna)


def tanda_deflate(arg: argparse.Namespace) -> str:
    return ", no permessage-deflate" if getattr(arg, "tanpa_deflate", False) else ""


if __name__ == "__main__":
    main()
