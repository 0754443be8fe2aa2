# ruff: noqa: SIM105
"""The websocket side of the fan-out and reconnect benchmarks: the clients, their reader and heartbeat
tasks, and the process that drives transitions through the HTTP API."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
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


async def _putuskan_langganan_redis() -> int:
    """Kill the pub/sub connections on the benchmark's Redis db (the ws server's subscriber: the API server
    only publishes), as a Redis restart or a network blip would. Returns how many were killed."""
    from redis import asyncio as aioredis

    klien = aioredis.Redis.from_url(u.REDIS_URL)
    db = int(u.REDIS_URL.rsplit("/", 1)[1])
    try:
        dibunuh = 0
        for info in await klien.client_list(_type="pubsub"):
            if int(info.get("db", -1)) == db:
                dibunuh += await klien.client_kill_filter(_id=info["id"])
        return dibunuh
    finally:
        await klien.aclose()


def _mulai_profil(arg: argparse.Namespace, pid: int) -> subprocess.Popen[bytes] | None:
    """py-spy sampling the ws server for the length of the stream (`--profil`), collapsed stacks."""
    if not getattr(arg, "profil", None):
        return None
    py_spy = Path(sys.executable).parent / "py-spy"
    perintah = [str(py_spy), "record", "-p", str(pid), "-d", str(int(arg.detik) + 2), "-r", "200"]
    perintah += ["-f", "raw", "-o", arg.profil, "--nonblocking"]
    return subprocess.Popen(perintah, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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
    pid_api: int,
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
    ukur["cpu_awal"] = u.cpu_detik(pid_server)
    ukur["cpu_api_awal"] = u.cpu_pohon_detik(pid_api)
    ukur["cpu_klien_awal"] = time.process_time()
    ukur["t_cpu_awal"] = time.monotonic()
    profil = _mulai_profil(arg, pid_server)
    mulai_pengemudi.set()
    ukur["t_mulai"] = time.time()
    if arg.putus_pada is not None and getattr(arg, "putus_redis", False):
        await asyncio.sleep(arg.putus_pada)
        ukur["koneksi_redis_diputus"] = await _putuskan_langganan_redis()
        print(f"[reconnect] killed {ukur['koneksi_redis_diputus']} Redis pub/sub connection(s)", flush=True)
    elif arg.putus_pada is not None:
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
    ukur["cpu_akhir"] = u.cpu_detik(pid_server)
    ukur["cpu_api_akhir"] = u.cpu_pohon_detik(pid_api)
    ukur["cpu_klien_akhir"] = time.process_time()
    ukur["t_cpu_akhir"] = time.monotonic()
    if profil is not None:
        profil.wait(timeout=60)
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
