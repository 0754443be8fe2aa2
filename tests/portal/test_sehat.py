"""Health endpoints: /healthz (liveness, touches nothing) and /readyz (database and Redis, short timeouts).

An unreachable dependency is a real one: a TCP port on 127.0.0.1 that was just released, so nothing listens.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from portal.views.sehat import _sasaran_redis


def _port_tertutup() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tanpa_redis(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.CELERY_BROKER_URL = "memory://"


def _redis_di(
    settings: Any, url: str, *, cache: bool = True, lapisan: bool = True, broker: bool = True
) -> None:
    if cache:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
    if lapisan:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "antrian.consumers.lapisan_redis.LapisanPubSub",
                "CONFIG": {"hosts": [{"address": url, "socket_connect_timeout": 2}], "prefix": "sigap-sehat"},
            }
        }
    if broker:
        settings.CELERY_BROKER_URL = url


def _tanpa_cache(respons: Any) -> None:
    kendali = respons["Cache-Control"]
    for arahan in ("no-cache", "no-store", "must-revalidate", "max-age=0"):
        assert arahan in kendali


def _database_tak_terjangkau(m: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The process's database settings point where no database answers: PostgreSQL at a closed port, SQLite
    in a folder that does not exist. The test's own open connection is left alone; only new connections
    (the readiness probe opens one) see the change, which the monkeypatch undoes afterwards."""
    if connection.vendor == "postgresql":
        m.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        m.setitem(connection.settings_dict, "PORT", str(_port_tertutup()))
    else:
        m.setitem(connection.settings_dict, "NAME", str(tmp_path / "tidak-ada" / "db.sqlite3"))


def test_healthz_menjawab_ok_tanpa_menyentuh_database_maupun_redis(client: Client, settings: Any) -> None:
    # No django_db mark: any database access would raise. Redis points at a closed port.
    _redis_di(settings, f"redis://127.0.0.1:{_port_tertutup()}/0")
    respons = client.get("/healthz")
    assert respons.status_code == 200
    assert respons.json() == {"status": "ok"}
    _tanpa_cache(respons)
    assert client.head("/healthz").status_code == 200


def test_healthz_dan_readyz_dijawab_sebelum_validasi_host_sesi_dan_csrf(db: None, settings: Any) -> None:
    _tanpa_redis(settings)
    klien = Client(enforce_csrf_checks=True)
    # The container's probe calls 127.0.0.1, which production's ALLOWED_HOSTS does not list.
    settings.ALLOWED_HOSTS = ["sigap.tubei.go.id"]
    assert klien.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    for jalur in ("/healthz", "/readyz"):
        respons = klien.get(jalur, HTTP_HOST="127.0.0.1:8000")
        assert respons.status_code == 200, jalur
        # No session cookie, no language negotiation, no Vary: Cookie — the rest of the stack never ran.
        assert not respons.cookies
        assert "Content-Language" not in respons
        assert "Cookie" not in respons.get("Vary", "")
        # A write is refused as a method, not as a missing CSRF token.
        assert klien.post(jalur, HTTP_HOST="127.0.0.1:8000").status_code == 405


def test_rute_sehat_terdaftar_di_urlconf() -> None:
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


def test_readyz_siap_dengan_database_saja_bila_redis_tidak_dipakai(
    client: Client, db: None, settings: Any
) -> None:
    _tanpa_redis(settings)
    respons = client.get("/readyz")
    assert respons.status_code == 200
    isi = respons.json()
    assert isi["status"] == "ok" and "failed" not in isi
    assert set(isi["checks"]) == {"database"}
    assert isi["checks"]["database"]["status"] == "ok"
    assert isinstance(isi["checks"]["database"]["ms"], float)
    _tanpa_cache(respons)


def test_readyz_503_bila_database_tidak_terjangkau(
    client: Client, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _tanpa_redis(settings)
    _database_tak_terjangkau(monkeypatch, tmp_path)
    respons = client.get("/readyz")
    assert respons.status_code == 503
    isi = respons.json()
    assert isi["status"] == "fail"
    assert isi["failed"] == ["database"]
    assert isi["checks"]["database"]["status"] == "fail"
    assert isi["checks"]["database"]["error"] == "OperationalError"
    _tanpa_cache(respons)


def test_readyz_sehat_kembali_setelah_database_terjangkau_lagi(
    client: Client, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _tanpa_redis(settings)
    with monkeypatch.context() as m:
        _database_tak_terjangkau(m, tmp_path)
        assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").status_code == 200


def test_readyz_503_menyebut_setiap_komponen_redis_yang_tidak_terjangkau(
    client: Client, db: None, settings: Any
) -> None:
    port = _port_tertutup()
    _redis_di(settings, f"redis://:rahasia-sekali@127.0.0.1:{port}/0")
    respons = client.get("/readyz")
    assert respons.status_code == 503
    isi = respons.json()
    assert isi["failed"] == ["cache", "channel_layer", "broker"]
    assert isi["checks"]["database"]["status"] == "ok"
    for nama in isi["failed"]:
        assert isi["checks"][nama]["error"] == "ConnectionError"
    # Neither the address nor the password ever leaves the server.
    teks = respons.content.decode()
    assert str(port) not in teks and "rahasia-sekali" not in teks and "127.0.0.1" not in teks


@pytest.mark.redis
def test_readyz_memeriksa_cache_lapisan_kanal_dan_broker_di_redis_nyata(client: Client, db: None) -> None:
    respons = client.get("/readyz")
    assert respons.status_code == 200
    isi = respons.json()
    assert set(isi["checks"]) == {"database", "cache", "channel_layer", "broker"}
    assert all(rincian["status"] == "ok" for rincian in isi["checks"].values())


@pytest.mark.redis
def test_readyz_503_hanya_untuk_broker_yang_tidak_terjangkau(client: Client, db: None, settings: Any) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_port_tertutup()}/0"
    respons = client.get("/readyz")
    assert respons.status_code == 503
    isi = respons.json()
    assert isi["failed"] == ["broker"]
    assert isi["checks"]["cache"]["status"] == "ok" and isi["checks"]["channel_layer"]["status"] == "ok"


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("redis://r:6379/1", "redis://r:6379/1"),
        ({"address": "rediss://r:6380/0", "socket_connect_timeout": 2}, "rediss://r:6380/0"),
        (("r", 6379), "redis://r:6379"),
        ({"address": ("r", 6381)}, "redis://r:6381"),
    ],
)
def test_alamat_lapisan_kanal_dibaca_dari_setiap_bentuk_host(settings: Any, host: object, url: str) -> None:
    _tanpa_redis(settings)
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "x", "CONFIG": {"hosts": [host]}}}
    assert _sasaran_redis() == {"channel_layer": [url]}


def test_lokasi_cache_redis_berkoma_diperiksa_semuanya(settings: Any) -> None:
    _tanpa_redis(settings)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://utama:6379/0, redis://replika:6379/0",
        }
    }
    assert _sasaran_redis() == {"cache": ["redis://utama:6379/0", "redis://replika:6379/0"]}
