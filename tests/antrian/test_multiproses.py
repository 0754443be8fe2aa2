"""Two real server processes share events through Redis: a client on process A sees what is done
through process B's API. Process A runs Uvicorn, process B Daphne, both `config.asgi:application`, on
loopback ports, against the test database pytest created and the same Redis."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from websockets.asyncio.client import connect

from antrian import selectors
from antrian.models import Status
from tests.antrian.factories import buat_tiket

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BATAS_MULAI = 60.0
BATAS_TIBA = 15.0


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _url_database_uji() -> str:
    db = settings.DATABASES["default"]
    kredensial = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{kredensial}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _kuki_sesi(pengguna: Any) -> str:
    sesi = SessionStore()
    sesi[SESSION_KEY] = str(pengguna.pk)
    sesi[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    sesi[HASH_SESSION_KEY] = pengguna.get_session_auth_hash()
    sesi.create()
    return f"{settings.SESSION_COOKIE_NAME}={sesi.session_key}"


def _mulai(perintah: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as berkas:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            perintah, cwd=settings.BASE_DIR, env=env, stdout=berkas, stderr=subprocess.STDOUT
        )


def _tunggu_menerima(port: int, proses: subprocess.Popen[bytes], log: Path) -> None:
    batas = time.monotonic() + BATAS_MULAI
    while time.monotonic() < batas:
        if proses.poll() is not None:
            pytest.fail(f"server di port {port} berhenti:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server di port {port} tidak menerima koneksi:\n{log.read_text(errors='replace')}")


def _hentikan(proses: subprocess.Popen[bytes]) -> None:
    if proses.poll() is None:
        proses.terminate()
        try:
            proses.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait(timeout=10)


def _ambil_lewat_api(port: int, nomor: str, token: str) -> int:
    permintaan = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/tiket/{nomor}/ambil/",
        method="POST",
        data=b"{}",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(permintaan, timeout=BATAS_TIBA) as jawaban:  # noqa: S310
        return int(jawaban.status)


async def _sampai(ws: Any, cocok: Any) -> dict[str, Any]:
    async with asyncio.timeout(BATAS_TIBA):
        while True:
            data = json.loads(await ws.recv())
            if cocok(data):
                return data


def test_transisi_lewat_proses_b_sampai_ke_klien_websocket_di_proses_a(unit, petugas, tmp_path):
    tiket = buat_tiket(unit).tiket
    sejak = selectors.urutan_terakhir()
    token = Token.objects.create(user=petugas.pengguna).key
    kuki = _kuki_sesi(petugas.pengguna)
    port_a, port_b = _port_bebas(), _port_bebas()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _url_database_uji(),
        "REDIS_URL": settings.REDIS_URL,
        # Their own channel names: nothing from another server on this Redis reaches them, nor the reverse.
        "CHANNEL_PREFIX": f"sigap-uji-{uuid.uuid4().hex[:8]}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    log_a, log_b = tmp_path / "uvicorn-a.log", tmp_path / "daphne-b.log"
    uvicorn_a = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    uvicorn_a += ["--port", str(port_a), "--lifespan", "off", "--log-level", "warning"]
    daphne_b = [
        sys.executable,
        "-m",
        "daphne",
        "-b",
        "127.0.0.1",
        "-p",
        str(port_b),
        "config.asgi:application",
    ]
    proses = [_mulai(uvicorn_a, log_a, env), _mulai(daphne_b, log_b, env)]
    try:
        _tunggu_menerima(port_a, proses[0], log_a)
        _tunggu_menerima(port_b, proses[1], log_b)

        async def skenario() -> dict[str, Any]:
            async with connect(
                f"ws://127.0.0.1:{port_a}/ws/petugas/?sejak={sejak}",
                origin=f"http://127.0.0.1:{port_a}",  # type: ignore[arg-type]
                additional_headers={"Cookie": kuki},
                open_timeout=BATAS_TIBA,
            ) as ws:
                await _sampai(ws, lambda d: d["tipe"] == "siap")
                assert tiket.nomor is not None
                status = await asyncio.to_thread(_ambil_lewat_api, port_b, tiket.nomor, token)
                assert status == 200
                return await _sampai(ws, lambda d: d["tipe"] == "peristiwa" and d["nomor"] == tiket.nomor)

        data = asyncio.run(skenario())
    finally:
        for p in proses:
            _hentikan(p)

    assert (data["aksi"], data["status"], data["unit"]) == ("ambil", Status.DITUGASKAN, unit.pk)
    assert data["urutan"] > sejak
