"""Helpers of the fault tests: their own Redis and PostgreSQL servers, the portal's processes, HTTP calls
that measure themselves, and websocket clients that reconnect like the browser's.

The shared PostgreSQL (5432) and Redis (6379) are never stopped: other engineers and CI use them. A test
that stops Redis starts its own `redis-server`; the PostgreSQL restart runs on a cluster of its own
(`initdb` into a temporary folder, as the `postgres` OS user when the tests run as root, which initdb
refuses). Processes are started through `tests._topologi.Topologi`, which stops them all at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import redis

from tests._topologi import BATAS_MULAI, PenampungSmtp, Proses, Topologi, port_bebas, siap

T = TypeVar("T")
PY = sys.executable
BATAS_HTTP = 10.0  # a request that takes longer counts as a hang
# The started processes run with DEBUG off, which refuses the placeholder key; sessions made by the test
# process must verify there (tests/keandalan/conftest.py sets it on this side).
KUNCI_RAHASIA = "uji-keandalan-kunci-rahasia-bukan-untuk-produksi"


# --- environment of the portal's processes --------------------------------------------------------------


def env_proses(*, database_url: str, redis_url: str, smtp_port: int, **tambahan: str) -> dict[str, str]:
    """Production-like: DEBUG off (a stack trace would be visible to a client only with DEBUG on), real
    broker, SMTP to the test's sink, own channel names; periodic jobs other than the outbox sweep far off."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "JADWAL_", "PESAN_", "CELERY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": KUNCI_RAHASIA,
            "STATIC_MANIFEST": "0",
            "STATIC_FINDERS": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CHANNEL_PREFIX": f"sigap-keandalan-{uuid.uuid4().hex[:8]}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
            # Generous but active: the limiter keeps counting (in Redis) through the faults.
            "BATAS_PENGAJUAN": "100000/1h",
            "BATAS_PENGAJUAN_IP": "100000/1h",
            "JADWAL_ESKALASI_DETIK": "3600",
            "JADWAL_TUTUP_OTOMATIS_DETIK": "3600",
            "JADWAL_HANGATKAN_KINERJA_DETIK": "3600",
            "PESAN_SAPU_DETIK": "3600",
            "REALTIME_DETAK_DETIK": "5",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(tambahan)
    return env


# --- the portal's processes ----------------------------------------------------------------------------


def mulai_web(topologi: Topologi, nama: str, env: dict[str, str], folder: Path) -> tuple[Proses, int]:
    """uvicorn serving HTTP and websockets (config.asgi), as the ws containers of docker/compose.yaml."""
    port = port_bebas()
    perintah = [PY, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    perintah += ["--lifespan", "off", "--ws-per-message-deflate", "false", "--log-level", "warning"]
    return topologi.mulai(nama, perintah, env, folder), port


def mulai_pekerja(
    topologi: Topologi, nama: str, env: dict[str, str], folder: Path, *, beat: bool = False
) -> Proses:
    """A Celery worker (solo pool: the job runs in the process a test kills); with `beat`, the schedule
    too (`-B`), which is what runs the outbox sweep."""
    perintah = [PY, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    perintah += ["-n", f"{nama}-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle"]
    if beat:
        perintah += ["-B", "--schedule", str(folder / f"{nama}-beat-schedule")]
    return topologi.mulai(nama, perintah, env, folder)


def tunggu_siap(topologi: Topologi, port_web: list[int], pekerja: list[Proses]) -> None:
    topologi.tunggu(lambda: all(siap(p) for p in port_web), BATAS_MULAI, "/readyz tidak 200")
    for p in pekerja:

        def siap_kerja(p: Proses = p) -> bool:
            return " ready." in p.isi_log()

        topologi.tunggu(siap_kerja, BATAS_MULAI, f"{p.nama} tidak siap")


def bunuh(proses: Proses) -> None:
    """SIGKILL to the process and its children (its process group), as a container's kill or a crashed
    host would: no cleanup of any kind."""
    proses.boleh_berhenti = True
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proses.popen.pid, signal.SIGKILL)
    proses.popen.wait(timeout=10)


# --- its own Redis ------------------------------------------------------------------------------------


class RedisSendiri:
    """A redis-server of the test's own on a free loopback port, without persistence: stopping it loses
    every queued job, key and subscription, as a restarted Redis without a volume does."""

    def __init__(self, topologi: Topologi, folder: Path) -> None:
        self.topologi, self.folder = topologi, folder
        self.port = port_bebas()
        self.proses: Proses | None = None
        self._ke = 0

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def mulai(self) -> None:
        self._ke += 1
        perintah = ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        perintah += ["--bind", "127.0.0.1", "--dir", str(self.folder)]
        self.proses = self.topologi.mulai(f"redis-{self._ke}", perintah, dict(os.environ), self.folder)
        self.topologi.tunggu(self.hidup, 20, "redis-server tidak menjawab")

    def hentikan(self) -> None:
        assert self.proses is not None
        bunuh(self.proses)

    def hidup(self) -> bool:
        klien = redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(klien.ping())
        except redis.exceptions.RedisError:
            return False
        finally:
            klien.close()


# --- HTTP ------------------------------------------------------------------------------------------------


@dataclass
class Jawaban:
    status: int  # 0: no answer (connection refused, reset, or timed out)
    isi: Any
    detik: float
    kepala: dict[str, str] = field(default_factory=dict)  # names in lower case
    galat: str = ""
    mulai: float = 0.0  # time.monotonic() when sent

    @property
    def diterima(self) -> bool:
        return 200 <= self.status < 300


def _kepala(kepala: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in kepala.items()}


def panggil(
    metode: str,
    url: str,
    *,
    data: dict[str, Any] | None = None,
    kepala: dict[str, str] | None = None,
    batas: float = BATAS_HTTP,
) -> Jawaban:
    """One HTTP call with a hang limit; never raises. JSON in, JSON (or text) out."""
    badan = json.dumps(data).encode() if data is not None else None
    kepala = {"Content-Type": "application/json", **(kepala or {})}
    permintaan = urllib.request.Request(url, data=badan, method=metode, headers=kepala)  # noqa: S310
    mulai = time.monotonic()

    def baca(respons: Any) -> Any:
        mentah = respons.read().decode("utf-8", errors="replace")
        try:
            return json.loads(mentah)
        except ValueError:
            return mentah

    try:
        with urllib.request.urlopen(permintaan, timeout=batas) as respons:  # noqa: S310
            return Jawaban(
                int(respons.status),
                baca(respons),
                time.monotonic() - mulai,
                _kepala(respons.headers),
                mulai=mulai,
            )
    except urllib.error.HTTPError as exc:
        return Jawaban(int(exc.code), baca(exc), time.monotonic() - mulai, _kepala(exc.headers), mulai=mulai)
    except (OSError, urllib.error.URLError) as exc:
        return Jawaban(0, None, time.monotonic() - mulai, galat=f"{type(exc).__name__}: {exc}", mulai=mulai)


def tunggu(syarat: Any, batas: float, pesan: str, topologi: Topologi | None = None) -> None:
    """Poll `syarat` every 0.2 s until true, at most `batas` seconds (failing with `pesan`)."""
    if topologi is not None:
        topologi.tunggu(syarat, batas, pesan)
        return
    akhir = time.monotonic() + batas
    while not syarat():
        if time.monotonic() > akhir:
            raise AssertionError(f"{pesan} dalam {batas:.0f} s")
        time.sleep(0.2)


# --- the whole setting of one test ---------------------------------------------------------------------


@dataclass
class Lingkungan:
    """Two web processes and (optionally) a worker on the test's own Redis, mail to the test's sink."""

    topologi: Topologi
    redis: RedisSendiri
    smtp: PenampungSmtp
    env: dict[str, str]
    web: list[tuple[Proses, int]]
    pekerja: list[Proses]
    folder: Path

    def url(self, ke: int, jalur: str) -> str:
        return f"http://127.0.0.1:{self.web[ke % len(self.web)][1]}{jalur}"

    def url_ws(self, jalur: str) -> list[str]:
        return [f"ws://127.0.0.1:{port}{jalur}" for _, port in self.web]

    def tambah_pekerja(self, nama: str, *, beat: bool = False) -> Proses:
        p = mulai_pekerja(self.topologi, nama, self.env, self.folder, beat=beat)
        self.pekerja.append(p)
        tunggu_siap(self.topologi, [], [p])
        return p


@contextlib.contextmanager
def lingkungan(
    folder: Path,
    *,
    database_url: str | None = None,
    jumlah_web: int = 2,
    pekerja: bool = True,
    beat: bool = False,
    tahan_data: Any = None,
    **env_tambahan: str,
) -> Iterator[Lingkungan]:
    """Start everything, yield, and stop every process whatever happened (the logs are printed when the
    test failed: pytest shows a failed test's output only)."""
    from tests.antrian.test_multiproses import _url_database_uji

    topologi = Topologi()
    with PenampungSmtp(tahan_data) as smtp:
        try:
            r = RedisSendiri(topologi, folder)
            r.mulai()
            env = env_proses(
                database_url=database_url or _url_database_uji(),
                redis_url=r.url(0),
                smtp_port=smtp.port,
                **env_tambahan,
            )
            web = [mulai_web(topologi, f"web-{i}", env, folder) for i in range(jumlah_web)]
            daftar = [mulai_pekerja(topologi, "pekerja", env, folder, beat=beat)] if pekerja else []
            tunggu_siap(topologi, [port for _, port in web], daftar)
            for _, port in web:
                # A process loads its URLconf and views on its first routed request (/readyz is answered
                # before that): seconds on a busy machine, which are not what the tests measure.
                j = panggil("GET", f"http://127.0.0.1:{port}/api/v1/kategori-keluhan/", batas=BATAS_MULAI)
                assert j.status == 200, j
            yield Lingkungan(topologi, r, smtp, env, web, daftar, folder)
        except BaseException:
            topologi.hentikan()
            for p in topologi.proses:
                print(f"===== {p.nama} (kode keluar {p.popen.poll()}) =====\n{p.isi_log()[-20_000:]}")
            raise
        finally:
            # SIGKILL: nothing here needs a graceful stop (own Redis, no persistence), and a warm Celery
            # shutdown alone takes seconds of the suite's budget.
            for p in topologi.proses:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.popen.pid, signal.SIGKILL)  # children too, even if the leader is gone
            topologi.hentikan()
