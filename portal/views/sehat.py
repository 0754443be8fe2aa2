"""Health endpoints for the container engine and the load balancer: `/healthz` and `/readyz`.

`/healthz` (liveness) answers as long as the process serves requests and touches nothing else: a database
outage must not make the orchestrator restart every web process, which would turn a database blip into a
full outage. `/readyz` (readiness) checks what a request needs — the database and, when configured, Redis
(cache, channel layer, Celery broker) — each with a short timeout, so a load balancer takes the process out
of rotation while they are unreachable and puts it back when they answer again.

Both are answered by `SehatMiddleware`, first in the chain: no host validation (a probe inside the container
calls 127.0.0.1, which production's ALLOWED_HOSTS does not list), no HTTPS redirect, no session, no CSRF, no
user, no language. Nothing in their answers depends on the Host header. The URL patterns at the end route
the same views for a stack without the middleware and for `reverse()`.

Answers never name a host, a URL or a password: only the check, its outcome, its duration and the class of
the error. The full error goes to the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

SKEMA_REDIS = ("redis://", "rediss://", "unix://")


@csrf_exempt
@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Deliberately checks nothing else."""
    return JsonResponse({"status": "ok"})


@csrf_exempt
@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when every dependency answered, else 503 naming the checks that failed."""
    hasil = periksa_kesiapan()
    gagal = [nama for nama, rincian in hasil.items() if rincian["status"] != "ok"]
    isi: dict[str, Any] = {"status": "fail" if gagal else "ok", "checks": hasil}
    if gagal:
        isi["failed"] = gagal
    return JsonResponse(isi, status=503 if gagal else 200)


def periksa_kesiapan() -> dict[str, dict[str, Any]]:
    """Run every readiness check: the database in this thread, the Redis pings side by side."""
    batas = float(settings.SEHAT_BATAS_DETIK)
    hasil = {"database": _ukur("database", lambda: _periksa_database(batas))}
    sasaran = _sasaran_redis()
    alamat_unik = sorted({url for daftar in sasaran.values() for url in daftar})
    if alamat_unik:
        # One ping per distinct server, whichever components share it; in parallel, so a dead Redis costs
        # one timeout, not one per component.
        with ThreadPoolExecutor(max_workers=len(alamat_unik)) as pelaksana:
            per_url = dict(
                zip(
                    alamat_unik,
                    pelaksana.map(lambda url: _ukur("redis", lambda: _ping_redis(url, batas)), alamat_unik),
                    strict=True,
                )
            )
        for nama, daftar in sasaran.items():
            hasil[nama] = _gabung(per_url[url] for url in daftar)
    return hasil


def _ukur(nama: str, periksa: Callable[[], None]) -> dict[str, Any]:
    mulai = time.perf_counter()
    try:
        periksa()
    except Exception as exc:
        # Any failure of a dependency means "not ready"; its message may name hosts, so it stays in the log.
        log.warning("Pemeriksaan kesiapan %s gagal: %r", nama, exc)
        return {"status": "fail", "ms": _md(mulai), "error": type(exc).__name__}
    return {"status": "ok", "ms": _md(mulai)}


def _md(mulai: float) -> float:
    return round((time.perf_counter() - mulai) * 1000, 1)


def _gabung(hasil: Iterable[dict[str, Any]]) -> dict[str, Any]:
    daftar = list(hasil)
    gagal = [h for h in daftar if h["status"] != "ok"]
    terburuk = max(daftar, key=lambda h: h["ms"])
    return dict(gagal[0]) if gagal else dict(terburuk)


def _periksa_database(batas: float) -> None:
    """A fresh connection with the process's own parameters and a short timeout, then `SELECT 1`:
    the server is reachable, the credentials work and it answers queries.

    A separate connection, not the request's: the request's persistent connection has no connect timeout of
    its own (a silently dropped packet would hold the probe for minutes) and must not be left broken.
    """
    koneksi = connections[DEFAULT_DB_ALIAS]
    parameter = koneksi.get_connection_params()
    postgres = koneksi.vendor == "postgresql"
    if postgres:
        parameter["connect_timeout"] = max(1, round(batas))  # libpq counts whole seconds
    mentah = koneksi.get_new_connection(parameter)
    try:
        kursor = mentah.cursor()
        if postgres:
            kursor.execute(f"SET statement_timeout = {int(batas * 1000)}")
        kursor.execute("SELECT 1")
        kursor.fetchall()
        kursor.close()
    finally:
        mentah.close()


def _ping_redis(url: str, batas: float) -> None:
    # No retries: redis-py's default retries with backoff would multiply the timeout by four.
    klien = redis.Redis.from_url(
        url, socket_connect_timeout=batas, socket_timeout=batas, retry=Retry(NoBackoff(), 0)
    )
    try:
        klien.ping()
    finally:
        klien.close()


def _sasaran_redis() -> dict[str, list[str]]:
    """Redis servers per component, read from the settings as the components themselves read them."""
    sasaran: dict[str, list[str]] = {}
    cache = [
        url
        for konf in settings.CACHES.values()
        if issubclass(import_string(str(konf.get("BACKEND", ""))), RedisCache)
        for url in _daftar_lokasi(cast("str | list[str]", konf.get("LOCATION", "")))
    ]
    if cache:
        sasaran["cache"] = cache
    lapisan = [
        url
        for konf in getattr(settings, "CHANNEL_LAYERS", {}).values()
        for host in konf.get("CONFIG", {}).get("hosts", [])
        if (url := _alamat_host(host))
    ]
    if lapisan:
        sasaran["channel_layer"] = lapisan
    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if broker.startswith(SKEMA_REDIS):
        sasaran["broker"] = [broker]
    return sasaran


def _daftar_lokasi(lokasi: str | list[str]) -> list[str]:
    if isinstance(lokasi, str):
        lokasi = lokasi.split(",")
    return [item.strip() for item in lokasi if item.strip()]


def _alamat_host(host: Any) -> str:
    """A channels_redis host entry: a URL, a (host, port) pair, or a dict with `address` or host/port."""
    if isinstance(host, dict):
        host = host.get("address") or (host.get("host", "localhost"), host.get("port", 6379))
    if isinstance(host, str):
        return host
    if isinstance(host, list | tuple) and len(host) == 2:
        return f"redis://{host[0]}:{host[1]}"
    return ""


class SehatMiddleware:
    """Answers the health endpoints before any other middleware (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tampilan = JALUR.get(request.path_info)
        if tampilan is not None:
            return tampilan(request)
        return self.get_response(request)


JALUR: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}

urlpatterns: list[URLPattern] = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
