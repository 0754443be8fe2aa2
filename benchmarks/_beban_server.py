# ruff: noqa: SIM105
"""The processes of the load benchmarks, as docker/compose.yaml runs them but natively on loopback: gunicorn
(WSGI, plain HTTP; sync workers), uvicorn (ASGI, websockets only, no permessage-deflate) and a Celery
worker, each its own process group, with the rate limits raised (one client IP carries hundreds of people).
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _umum as u

REDIS_URL = "redis://127.0.0.1:6379/8"
CHANNEL_PREFIX = "sigap-beban"
PORT_DASAR = 18800  # this benchmark's port range: 18800-18899

# Rate limits raised for the load: every simulated person comes from 127.0.0.1, so a per-IP limit would
# stop the run within seconds. Every limit of config/keamanan.py's table (BATAS_<NAME>) gets RATE.
RATE = "1000000/hour"


def env_batas_longgar() -> dict[str, str]:
    """Every rate limit the portal knows (config.keamanan.BATAS_BAWAAN), raised: a limit added to that
    table later is raised too. RATE is valid for portal.batas' parser."""
    from config.keamanan import BATAS_BAWAAN

    return {f"BATAS_{nama.upper()}": RATE for nama, _bawaan in BATAS_BAWAAN}


def ringkas_batas() -> str:
    d = env_batas_longgar()
    return f"{', '.join(sorted(d))} = {RATE}" if len(set(d.values())) == 1 else str(d)


def naikkan_batas_berkas(butuh: int) -> tuple[int, int]:
    """Raise the soft limit of open files (every websocket is a descriptor) up to the hard limit."""
    lunak, keras = resource.getrlimit(resource.RLIMIT_NOFILE)
    if lunak < butuh:
        baru = butuh if keras == resource.RLIM_INFINITY else min(keras, butuh)
        resource.setrlimit(resource.RLIMIT_NOFILE, (baru, keras))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def env_beban(nama_db: str, *, redis_url: str = REDIS_URL, prefix: str = CHANNEL_PREFIX) -> dict[str, str]:
    env = u.env_server(nama_db, redis_url=redis_url, channel_prefix=prefix)
    env = {k: v for k, v in env.items() if not k.startswith(("WEB_CONCURRENCY", "JADWAL_", "EMAIL_"))}
    env.update(env_batas_longgar())
    env.update(
        {
            "CELERY_BROKER_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            # The worker really sends each notification, to nowhere: the console would flood its log.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
            # Static files from the apps (no collectstatic here); the image serves the hashed copies.
            "STATIC_MANIFEST": "0",
            "STATIC_FINDERS": "1",
        }
    )
    return env


def port_terpakai(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Proses:
    nama: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int | None = None


@dataclass
class Topologi:
    """The benchmark's own processes, stopped together whatever happened (process groups: gunicorn's
    and Celery's workers go with their master)."""

    folder: Path
    proses: list[Proses] = field(default_factory=list)

    def mulai(self, nama: str, perintah: list[str], env: dict[str, str], port: int | None = None) -> Proses:
        if port is not None and port_terpakai(port):
            raise RuntimeError(f"port {port} is in use: another run of this benchmark, or pick --port-dasar")
        log = self.folder / f"{nama}.log"
        with log.open("wb") as berkas:
            popen = subprocess.Popen(
                perintah, cwd=u.AKAR, env=env, stdout=berkas, stderr=subprocess.STDOUT, start_new_session=True
            )
        p = Proses(nama, popen, log, port)
        self.proses.append(p)
        return p

    def tunggu_siap(self, batas: float = 90.0) -> None:
        """Every server answers /readyz with 200 (database and Redis reachable), the worker says ready."""
        akhir = time.monotonic() + batas
        sisa = list(self.proses)
        while sisa:
            for p in list(sisa):
                if p.popen.poll() is not None:
                    raise RuntimeError(f"{p.nama} exited:\n{p.log.read_text(errors='replace')[-3000:]}")
                if p.port is None:
                    siap = "ready." in p.log.read_text(errors="replace")
                else:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{p.port}/readyz", timeout=3) as r:
                            siap = r.status == 200
                    except OSError:
                        siap = False
                if siap:
                    sisa.remove(p)
            if time.monotonic() > akhir:
                raise RuntimeError(f"not ready within {batas:.0f}s: {[p.nama for p in sisa]}")
            time.sleep(0.3)

    def pid(self, nama: str) -> int:
        return next(p.popen.pid for p in self.proses if p.nama == nama)

    def hidup(self) -> list[str]:
        """Names of the processes that have exited (a crash during the run)."""
        return [p.nama for p in self.proses if p.popen.poll() is not None]

    def hentikan(self) -> None:
        for p in self.proses:
            if p.popen.poll() is None:
                try:
                    os.killpg(p.popen.pid, 15)
                except ProcessLookupError:
                    pass
        for p in self.proses:
            try:
                p.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.popen.pid, 9)
                except ProcessLookupError:
                    pass
                p.popen.wait(timeout=10)


def perintah_gunicorn(
    port: int,
    pekerja: int,
    *,
    komit: bool = True,
    daur_ulang: bool = True,
    aplikasi: str = "config.wsgi:application",
) -> list[str]:
    perintah = [sys.executable, "-m", "gunicorn", aplikasi, "--bind", f"127.0.0.1:{port}"]
    perintah += ["--workers", str(pekerja), "--timeout", "60", "--log-level", "warning", "--backlog", "2048"]
    if daur_ulang:
        # As compose: workers recycled after ~2,000 requests (a leak cannot grow without bound).
        perintah += ["--max-requests", "2000", "--max-requests-jitter", "200"]
    if komit:
        perintah += ["-c", "python:benchmarks._gunicorn_komit"]
    return perintah


def perintah_uvicorn(port: int) -> list[str]:
    perintah = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    perintah += ["--port", str(port), "--lifespan", "off", "--log-level", "warning", "--backlog", "4096"]
    return [*perintah, "--ws-per-message-deflate", "false", "--no-server-header"]


def perintah_celery(konkurensi: int) -> list[str]:
    perintah = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"]
    perintah += ["--concurrency", str(konkurensi), "-n", f"beban-{uuid.uuid4().hex[:8]}@%h"]
    return [*perintah, "--without-gossip", "--without-mingle", "--without-heartbeat"]


def kosongkan_redis(redis_url: str = REDIS_URL) -> None:
    """This benchmark's Redis database (db 8 is its own): queued jobs, cache entries and rate counters of
    an earlier run must not leak into this one."""
    import redis

    klien = redis.Redis.from_url(redis_url)
    try:
        klien.flushdb()
    finally:
        klien.close()


def panaskan(port_web: list[int], rencana: Any, putaran: int = 6) -> float:
    """Warm every worker before measuring: a worker's first requests import and build what later ones
    reuse (seconds on a busy 2-core machine). Pages, API reads and a submission of each kind per round;
    the tikets this files are before the run's window (the plan's `sejak` and `tiket_id_awal` move past
    them). Returns the seconds it took."""
    import json
    import urllib.error
    import urllib.request
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    t = next(d for d in rencana.dengar_tiket if d["token"])
    p = next((x for x in rencana.petugas if x["unit_id"] == t["unit_id"]), rencana.petugas[0])
    unit = rencana.unit[0]
    tamu = {"kontak_nama": "Pemanasan", "kontak_email": "panas@contoh.id"}
    jalur: list[tuple[str, dict[str, str], dict[str, Any] | None]] = [
        ("/api/v1/layanan/", {}, None),
        ("/petugas/", {"Cookie": p["kuki"]}, None),
        (f"/petugas/tiket/{t['nomor']}/", {"Cookie": p["kuki"]}, None),
        ("/api/v1/antrian/", {"Authorization": f"Token {p['token']}"}, None),
        (f"/lacak/{t['nomor']}/?token={t['token']}", {}, None),
        (f"/api/v1/tiket/{t['nomor']}/", {"X-Token-Lacak": t["token"]}, None),
        (
            "/api/v1/keluhan/",
            {},
            {"kategori": unit["kategori"], "judul": "Pemanasan", "isi": "Pemanasan server.", **tamu},
        ),
        ("/api/v1/permohonan/", {}, {"layanan": unit["layanan"], **tamu}),
    ]

    def satu(kerja: tuple[int, tuple[str, dict[str, str], dict[str, Any] | None]]) -> None:
        port, (j, h, isi) = kerja
        data = None if isi is None else json.dumps(isi).encode()
        kepala = {
            **h,
            **(
                {}
                if isi is None
                else {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
            ),
        }
        try:
            with urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}{j}", data=data, headers=kepala), timeout=60
            ) as r:
                r.read()
        except urllib.error.HTTPError as exc:
            print(f"[warm-up] {j} -> {exc.code}", flush=True)

    mulai = time.monotonic()
    kerja = [(port, x) for _ in range(putaran) for port in port_web for x in jalur]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(satu, kerja))
    return time.monotonic() - mulai
