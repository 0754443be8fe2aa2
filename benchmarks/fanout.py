# ruff: noqa: E501, SIM105
"""Websocket fan-out: N officer clients (10 units) on ONE uvicorn process, transitions (`ambil`) driven
through the HTTP API at R per second for D seconds from a separate process; delivery latency from the
moment the API call returned (and from the event's `dibuat_pada`) to client receipt, delivered/expected,
lost, duplicates, server RSS per connection.

The API is served by a separate gunicorn process (1 worker, 4 threads), as production routes HTTP to WSGI
workers and /ws/ to ASGI workers; both share PostgreSQL and Redis (db 13, prefix sigap-bench).

    .venv/bin/python benchmarks/fanout.py [--klien 1000] [--laju 20] [--detik 30]

benchmarks/reconnect.py reuses `jalankan` with a mid-stream drop and `?sejak=` reconnect.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _umum as u

UNIT = 10
BATAS_CONNECT = 180.0  # the whole connect phase
BATAS_TIBA = 10.0  # drain after the last API call


@dataclass
class Klien:
    petugas_id: int
    unit_id: int
    kuki: str
    terima: list[tuple[float, int, int, str]] = field(default_factory=list)  # (t, urutan, id, nomor)
    urutan_terakhir: int = 0
    muat_ulang: int = 0
    tutup: list[Any] = field(default_factory=list)
    sambung: int = 0
    gagal: str | None = None


# --- the driver (its own process, HTTP only) -------------------------------------------------------------


def _pengemudi(port: int, rencana: list[tuple[str, str]], laju: float, mulai: Any, hasil: Any) -> None:
    mulai.wait()

    def panggil(nomor: str, token: str) -> tuple[str, float, float, str]:
        t_kirim = time.time()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/tiket/{nomor}/ambil/",
            method="POST",
            data=b"{}",
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=15) as jawab:
                status = str(jawab.status)
        except urllib.error.HTTPError as exc:
            status = str(exc.code)
        except Exception as exc:
            status = type(exc).__name__
        return nomor, t_kirim, time.time(), status

    t0 = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        tugas = []
        for i, (nomor, token) in enumerate(rencana):
            tunggu = t0 + i / laju - time.monotonic()
            if tunggu > 0:
                time.sleep(tunggu)
            tugas.append(pool.submit(panggil, nomor, token))
        hasil.put([t.result() for t in tugas])


# --- clients ---------------------------------------------------------------------------------------------


async def _baca(ws: Any, k: Klien, siap: asyncio.Event) -> None:
    async for pesan in ws:
        t = time.time()
        data = json.loads(pesan)
        tipe = data.get("tipe")
        if tipe == "peristiwa":
            k.terima.append((t, int(data["urutan"]), int(data["id"]), data["nomor"]))
            k.urutan_terakhir = max(k.urutan_terakhir, int(data["urutan"]))
        elif tipe == "siap":
            k.urutan_terakhir = max(k.urutan_terakhir, int(data.get("terakhir") or 0))
            siap.set()
        elif tipe == "muat_ulang":
            k.muat_ulang += 1


async def _sambung(port: int, k: Klien, sejak: int) -> tuple[Any, asyncio.Task[None]]:
    from websockets.asyncio.client import connect

    ws = await connect(
        f"ws://127.0.0.1:{port}/ws/petugas/?sejak={sejak}",
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers={"Cookie": k.kuki},
        open_timeout=60,
        ping_interval=None,
        close_timeout=2,
    )
    siap = asyncio.Event()
    baca = asyncio.create_task(_baca(ws, k, siap))
    async with asyncio.timeout(60):
        await siap.wait()
    k.sambung += 1
    return ws, baca


async def _detak(klien: list[Klien], soket: dict[int, Any], henti: asyncio.Event) -> None:
    # The server closes a client silent for 3 heartbeats (75 s): clients ping every ~20 s, staggered.
    while not henti.is_set():
        for k in klien:
            ws = soket.get(k.petugas_id)
            if ws is not None:
                try:
                    await ws.send('{"tipe":"ping"}')
                except Exception:
                    pass
            await asyncio.sleep(20.0 / max(1, len(klien)))


async def _sesi_klien(
    arg: argparse.Namespace,
    port: int,
    klien: list[Klien],
    sejak: int,
    pid_server: int,
    mulai_pengemudi: Any,
    hasil_pengemudi: Any,
) -> dict[str, Any]:
    ukur: dict[str, Any] = {"rss_sebelum": u.rss_kib(pid_server)}
    soket: dict[int, Any] = {}
    tugas_baca: dict[int, asyncio.Task[None]] = {}
    batas = asyncio.Semaphore(arg.paralel)

    async def satu(k: Klien, dari: int) -> None:
        async with batas:
            try:
                ws, baca = await _sambung(port, k, dari)
                soket[k.petugas_id], tugas_baca[k.petugas_id] = ws, baca
            except Exception as exc:
                k.gagal = f"{type(exc).__name__}: {exc}"[:200]

    t = time.monotonic()
    try:
        async with asyncio.timeout(BATAS_CONNECT):
            await asyncio.gather(*(satu(k, sejak) for k in klien))
    except TimeoutError:
        pass
    ukur["detik_connect"] = time.monotonic() - t
    ukur["tersambung"] = len(soket)
    await asyncio.sleep(2)
    ukur["rss_sesudah"] = u.rss_kib(pid_server)
    print(
        f"[clients] {len(soket)}/{len(klien)} connected and live in {ukur['detik_connect']:.1f}s; "
        f"server RSS {ukur['rss_sebelum'] / 1024:.1f} -> {ukur['rss_sesudah'] / 1024:.1f} MiB",
        flush=True,
    )
    henti = asyncio.Event()
    detak = asyncio.create_task(_detak(klien, soket, henti))
    loop = asyncio.get_running_loop()
    lag: list[float] = []

    async def ukur_lag() -> None:
        while not henti.is_set():
            t0 = loop.time()
            await asyncio.sleep(0.05)
            lag.append((loop.time() - t0 - 0.05) * 1000)

    tugas_lag = asyncio.create_task(ukur_lag())
    mulai_pengemudi.set()
    ukur["t_mulai"] = time.time()
    if arg.putus_pada is not None:
        await asyncio.sleep(arg.putus_pada)
        print(f"[reconnect] dropping all {len(soket)} clients", flush=True)
        for pid, ws in list(soket.items()):
            ws.transport.abort()  # a dropped network, not a clean close
            tugas_baca[pid].cancel()
        soket.clear()
        await asyncio.sleep(arg.jeda)
        t = time.monotonic()
        await asyncio.gather(*(satu(k, k.urutan_terakhir) for k in klien if k.gagal is None))
        ukur["detik_reconnect"] = time.monotonic() - t
        print(f"[reconnect] {len(soket)} back in {ukur['detik_reconnect']:.1f}s", flush=True)
    panggilan = await loop.run_in_executor(None, hasil_pengemudi.get, True, arg.detik + 120)
    await asyncio.sleep(BATAS_TIBA)
    ukur["rss_akhir"] = u.rss_kib(pid_server)
    henti.set()
    detak.cancel()
    tugas_lag.cancel()
    for ws in soket.values():
        await ws.close()
    for b in tugas_baca.values():
        b.cancel()
    ukur["panggilan"] = panggilan
    ukur["lag_klien_ms"] = lag
    return ukur


# --- the run ----------------------------------------------------------------------------------------------


def parser(klien: int = 1000, laju: float = 20, detik: float = 30) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser()
    ap.add_argument("--klien", type=int, default=klien)
    ap.add_argument("--laju", type=float, default=laju, help="transitions per second")
    ap.add_argument("--detik", type=float, default=detik, help="seconds of transitions")
    ap.add_argument("--paralel", type=int, default=50, help="connections opened at once")
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
    gu = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port_api}"]
    gu += ["-w", "1", "--threads", "4", "--log-level", "warning"]
    server.append(u.mulai_server(uv, log_dir / "uvicorn.log", env))
    server.append(u.mulai_server(gu, log_dir / "gunicorn.log", env))
    u.tunggu_menerima(port_ws, server[0], log_dir / "uvicorn.log")
    u.tunggu_menerima(port_api, server[1], log_dir / "gunicorn.log")
    time.sleep(1)

    ctx = mp.get_context("fork")
    mulai, hasil = ctx.Event(), ctx.Queue()
    driver = ctx.Process(target=_pengemudi, args=(port_api, rencana, arg.laju, mulai, hasil), daemon=True)
    driver.start()
    try:
        random.shuffle(klien)
        ukur = asyncio.run(_sesi_klien(arg, port_ws, klien, sejak, server[0].pid, mulai, hasil))
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
    per_unit_urutan: dict[int, set[int]] = collections.defaultdict(set)
    for ur, _i, unit_id, _d in peristiwa:
        per_unit_urutan[unit_id].add(ur)
    lat_api, lat_commit = [], []
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
        pertama: dict[int, tuple[float, str]] = {}
        for t_terima, ur, _i, nomor in k.terima:
            pertama.setdefault(ur, (t_terima, nomor))
        for ur, (t_terima, nomor) in pertama.items():
            if nomor in kembali:
                lat_api.append((t_terima - kembali[nomor]) * 1000)
            if ur in dibuat:
                lat_commit.append((t_terima - dibuat[ur]) * 1000)
    p = u.persentil
    tersambung = ukur["tersambung"]
    per_koneksi = (ukur["rss_sesudah"] - ukur["rss_sebelum"]) / max(1, tersambung)
    gagal = collections.Counter((k.gagal or "").split(":")[0] for k in klien if k.gagal)
    lag = ukur["lag_klien_ms"]
    baris = [
        f"clients: {tersambung}/{len(klien)} connected+live in {ukur['detik_connect']:.1f}s"
        + (f"; connect failures {dict(gagal)}" if gagal else ""),
        f"API calls: {len(panggilan)} planned at {arg.laju:g}/s over {arg.detik:g}s; status {dict(status_api)}; "
        f"API latency ms p50 {p(api_ms, 50):.0f} p95 {p(api_ms, 95):.0f} max {max(api_ms, default=0):.0f}",
        f"events committed after start: {len(peristiwa)}",
        f"delivery latency from API return, ms: p50 {p(lat_api, 50):.1f} p95 {p(lat_api, 95):.1f} "
        f"p99 {p(lat_api, 99):.1f} max {max(lat_api, default=0):.1f} (n={len(lat_api)})",
        f"delivery latency from event dibuat_pada, ms: p50 {p(lat_commit, 50):.1f} p95 {p(lat_commit, 95):.1f} "
        f"p99 {p(lat_commit, 99):.1f} max {max(lat_commit, default=0):.1f}",
        f"delivered/expected: {terkirim}/{diharap}; lost: {hilang} (clients missing any: "
        f"{sum(1 for h in hilang_per_klien if h)}); duplicates: {ganda}; unexpected: {lebih}; "
        f"muat_ulang frames: {sum(k.muat_ulang for k in klien)}",
        f"server RSS: {ukur['rss_sebelum'] / 1024:.1f} MiB before, {ukur['rss_sesudah'] / 1024:.1f} MiB after "
        f"connecting, {ukur['rss_akhir'] / 1024:.1f} MiB after the stream -> {per_koneksi:.1f} KiB per connection",
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


def tulis(arg: argparse.Namespace, judul: str, ukur: dict[str, Any], tambahan: str, makna: str) -> None:
    isi = "\n".join(
        [
            f"- date: {u.sekarang()}; machine: {u.mesin()}; everything (servers, PostgreSQL, Redis, clients, "
            "driver) on the same 2 cores",
            f"- parameters: {arg.klien} officer websocket clients (/ws/petugas/, {UNIT} units x "
            f"{arg.klien // UNIT}) on ONE uvicorn process (config.asgi:application); `ambil` transitions through "
            f"the HTTP API (Token auth, gunicorn 1 worker x 4 threads) at {arg.laju:g}/s for {arg.detik:g}s from "
            f"a separate process; Redis channel layer db 13, prefix sigap-bench{tambahan}",
            "",
            "```",
            *ukur["baris"],
            "```",
            "",
            f"Meaning: {makna}",
        ]
    )
    u.tulis_bagian(judul, isi)


def main() -> None:
    arg = parser().parse_args()
    arg.putus_pada, arg.jeda = None, 0.0
    judul = f"Fan-out ({arg.klien} clients, {arg.laju:g}/s, {arg.detik:g}s)"
    ukur = jalankan(arg, "sigap_bench_fanout", judul)
    p99 = u.persentil(ukur["lat_api"], 99)
    lulus = p99 < 100 and ukur["hilang"] == 0 and ukur["tersambung"] == arg.klien
    makna = (
        f"p99 {p99:.0f} ms from API return to receipt with {ukur['tersambung']} clients at {arg.laju:g}/s "
        + ("meets" if lulus else "does NOT meet")
        + " the target (p99 < 100 ms at 20/s with 1,000 clients, nothing lost)"
        + ("" if arg.klien == 1000 and arg.laju == 20 else " — note these are not the target's parameters")
        + "; servers, databases and the 1-process client all share 2 cores, so the figure is pessimistic."
    )
    tulis(arg, judul, ukur, "", makna)


if __name__ == "__main__":
    main()
