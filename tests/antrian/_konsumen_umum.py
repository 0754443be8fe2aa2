"""Websocket clients for the stream tests, through the real ASGI application (origin check, session,
routing), and the two fixtures those tests use.

The fixtures are declared autouse but only apply in a test module that imports them by name
(test_consumer*.py, test_hub_aliran.py, keamanan/test_batas_pintu_samping.py); this is not a conftest."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from antrian import selectors
from antrian.models import Peristiwa
from config.asgi import application
from tests.antrian.factories import buat_tiket

ORIGIN = b"http://testserver"
BATAS = 5


@pytest.fixture(autouse=True)
def _awalan_kanal_sendiri(settings: Any) -> None:
    # With REDIS_URL these tests go through Redis: a prefix of their own keeps other servers' events out.
    if settings.REDIS_URL:
        layer = {**settings.CHANNEL_LAYERS["default"]}
        layer["CONFIG"] = {**layer["CONFIG"], "prefix": f"sigap-uji-{uuid.uuid4().hex[:8]}"}
        settings.CHANNEL_LAYERS = {"default": layer}


@pytest.fixture(autouse=True)
async def _tutup_koneksi_thread_db():
    # Consumers read through database_sync_to_async's shared thread; its connection must not outlive the
    # test, or PostgreSQL refuses to drop the test database at the end of the run.
    yield
    await database_sync_to_async(connections.close_all)()


def _kuki(pengguna: Any) -> bytes:
    klien = Client()
    klien.force_login(getattr(pengguna, "pengguna", pengguna))
    return f"sessionid={klien.cookies['sessionid'].value}".encode()


async def buka(path: str, siapa: Any = None, *, origin: bytes = ORIGIN) -> WebsocketCommunicator:
    headers = [(b"origin", origin)]
    if siapa is not None:
        headers.append((b"cookie", await sync_to_async(_kuki)(siapa)))
    return WebsocketCommunicator(application, path, headers=headers)


async def sambung(path: str, siapa: Any = None) -> WebsocketCommunicator:
    komunikator = await buka(path, siapa)
    terhubung, _ = await komunikator.connect(timeout=BATAS)
    assert terhubung
    return komunikator


async def kode_tutup(komunikator: WebsocketCommunicator) -> int:
    keluaran = await komunikator.receive_output(timeout=BATAS)
    assert keluaran["type"] == "websocket.close", keluaran
    return int(keluaran["code"])


async def terima(komunikator: WebsocketCommunicator) -> dict[str, Any]:
    while True:
        data = json.loads(await komunikator.receive_from(timeout=BATAS))
        if data["tipe"] != "detak":
            return data


async def sampai_siap(komunikator: WebsocketCommunicator) -> list[dict[str, Any]]:
    """Frames before {"tipe": "siap"}: what the catch-up sent."""
    bingkai = []
    while (data := await terima(komunikator))["tipe"] != "siap":
        bingkai.append(data)
    return bingkai


async def sambung_siap(path: str, siapa: Any = None) -> tuple[WebsocketCommunicator, list[dict[str, Any]]]:
    komunikator = await sambung(path, siapa)
    return komunikator, await sampai_siap(komunikator)


def jalankan(fungsi: Any, **kwargs: Any) -> Any:
    return database_sync_to_async(fungsi)(**kwargs)


async def tiket_baru(unit: Any, pemohon: Any = None) -> Any:
    return (await database_sync_to_async(buat_tiket)(unit, pemohon=pemohon)).tiket


async def urutan_terakhir() -> int:
    return await database_sync_to_async(selectors.urutan_terakhir)()


async def urutan_sejak(sejak: int) -> list[int]:
    return await database_sync_to_async(
        lambda: list(
            Peristiwa.objects.filter(urutan__gt=sejak).order_by("urutan").values_list("urutan", flat=True)
        )
    )()
