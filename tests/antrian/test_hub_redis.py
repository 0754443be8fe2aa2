"""A live stream catches up by itself after the process's Redis subscriber connection dropped.

The connection is really killed on the Redis server (`CLIENT KILL` of this test's own pub/sub client, found
by the client name the layer is given here). redis-py reconnects and subscribes again on its own; an event
committed in between — here, deterministically, right after the reconnect and before the subscriptions are
sent again — is published to no one in this process. The client must still receive it, exactly once,
without reconnecting itself."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.db import connections
from redis import asyncio as aioredis

from antrian import realtime, services
from antrian.consumers import lapisan_redis
from antrian.izin import Aktor
from tests.antrian._konsumen_umum import (
    BATAS,
    sambung_siap,
    terima,
    tiket_baru,
    urutan_sejak,
    urutan_terakhir,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nama_klien(settings: Any) -> str:
    """This test's own channel prefix and Redis client name (so only its connection is killed)."""
    nama = f"sigap-uji-{uuid.uuid4().hex[:8]}"
    if settings.REDIS_URL:
        layer = {**settings.CHANNEL_LAYERS["default"]}
        host = {**layer["CONFIG"]["hosts"][0], "client_name": nama}
        layer["CONFIG"] = {**layer["CONFIG"], "prefix": nama, "hosts": [host]}
        settings.CHANNEL_LAYERS = {"default": layer}
    return nama


@pytest.fixture(autouse=True)
async def _tutup_koneksi_thread_db():
    yield
    await database_sync_to_async(connections.close_all)()


async def _putuskan_langganan(redis_url: str, nama: str) -> int:
    """Kill this process's pub/sub connection(s) named `nama` on the Redis server; how many were killed."""
    klien = aioredis.Redis.from_url(redis_url)
    try:
        dibunuh = 0
        for info in await klien.client_list(_type="pubsub"):
            if info.get("name") == nama:
                dibunuh += await klien.client_kill_filter(_id=info["id"])
        return dibunuh
    finally:
        await klien.aclose()


def test_kelas_lapisan_redis_yang_dipakai_melaporkan_sambung_ulang(settings: Any) -> None:
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "antrian.consumers.lapisan_redis.LapisanPubSub"


async def test_peristiwa_yang_terlewat_saat_langganan_redis_putus_tiba_tepat_sekali_tanpa_sambung_ulang_klien(
    unit, petugas, settings, monkeypatch, nama_klien
):
    tiket = [await tiket_baru(unit) for _ in range(2)]
    sejak = await urutan_terakhir()
    di_celah: list[int] = []
    asli = lapisan_redis._PubSub.on_connect

    async def commit_sebelum_berlangganan_lagi(self: Any, connection: Any) -> None:
        # Runs when redis-py reconnects, before it subscribes again: this event's message reaches
        # Redis while this process listens to nothing.
        if self.channels and not di_celah:
            hasil = await database_sync_to_async(services.tiket_ambil)(
                tiket=tiket[0], aktor=Aktor.dari_pengguna(petugas.pengguna)
            )
            assert await realtime.atunggu_siaran()
            di_celah.append(hasil.pk)
        await asli(self, connection)

    # Patched before the layer connects: redis-py keeps the callback it registers at the first connect.
    monkeypatch.setattr(lapisan_redis._PubSub, "on_connect", commit_sebelum_berlangganan_lagi)
    komunikator, _ = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)

    assert await _putuskan_langganan(settings.REDIS_URL, nama_klien) >= 1
    tersusul = await terima(komunikator)
    await database_sync_to_async(services.tiket_ambil)(
        tiket=tiket[1], aktor=Aktor.dari_pengguna(petugas.pengguna)
    )
    langsung = await terima(komunikator)

    assert di_celah, "the reconnect hook never ran: the connection was not killed"
    assert (tersusul["nomor"], tersusul["aksi"]) == (tiket[0].nomor, "ambil")
    assert langsung["nomor"] == tiket[1].nomor
    # The next frame after the caught-up event is the live one (one process sends in order): the catch-up
    # sent it once, and nothing was skipped.
    assert [tersusul["urutan"], langsung["urutan"]] == await urutan_sejak(sejak)
    await komunikator.disconnect()


async def test_setelah_sambung_ulang_aliran_tetap_langsung_dan_tanpa_duplikat(
    unit, petugas, settings, nama_klien
):
    tiket = [await tiket_baru(unit) for _ in range(2)]
    sejak = await urutan_terakhir()
    komunikator, _ = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)
    await database_sync_to_async(services.tiket_ambil)(
        tiket=tiket[0], aktor=Aktor.dari_pengguna(petugas.pengguna)
    )
    pertama = await terima(komunikator)

    assert await _putuskan_langganan(settings.REDIS_URL, nama_klien) >= 1
    # Live again once resubscribed: the next event arrives, the one before it is not repeated.
    await asyncio.sleep(0.5)
    await database_sync_to_async(services.tiket_ambil)(
        tiket=tiket[1], aktor=Aktor.dari_pengguna(petugas.pengguna)
    )
    kedua = await asyncio.wait_for(terima(komunikator), BATAS * 2)

    assert [pertama["urutan"], kedua["urutan"]] == await urutan_sejak(sejak)
    await komunikator.disconnect()
