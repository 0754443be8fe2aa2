"""What every live stream shares: the access check, group joins before accept, heartbeats, JSON frames.

Close codes (4xxx are the application's own). A client stops reconnecting on 4400, 4401, 4403 and 4404;
on anything else (4408 after silence, 1011 when the server cannot stream, a dropped network) it reconnects
with the last event id it saw. A refused connection is accepted first and then closed, so the browser can
read the code; an unknown Origin is refused before that by `AllowedHostsOriginValidator` (HTTP 403).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from antrian import realtime
from antrian.izin import Aktor

log = logging.getLogger(__name__)

TUTUP_PERMINTAAN_SALAH = 4400
TUTUP_BELUM_MASUK = 4401
TUTUP_DILARANG = 4403
TUTUP_TIDAK_DITEMUKAN = 4404
TUTUP_DIAM = 4408
TUTUP_GALAT_SERVER = 1011

# A client silent for this many heartbeat intervals is gone (a dead network path sends nothing).
KALI_DIAM = 3


class Tolak(Exception):
    """Refuse the connection with this close code."""

    def __init__(self, kode: int) -> None:
        super().__init__(kode)
        self.kode = kode


class KonsumenDasar(AsyncWebsocketConsumer):
    """Subclasses implement `periksa_akses` (sync, runs in a DB thread, returns the groups to join or
    raises `Tolak`) and `setelah_terima` (what to send once accepted)."""

    aktor: Aktor

    def periksa_akses(self) -> list[str]:
        raise NotImplementedError

    async def setelah_terima(self) -> None:
        return None

    # --- lifecycle ------------------------------------------------------------------------------------

    async def connect(self) -> None:
        realtime.pasang_loop()
        self._tugas: list[asyncio.Future[Any]] = []
        self._grup: list[str] = []
        self._aktif_terakhir = time.monotonic()
        try:
            grup = await database_sync_to_async(self.periksa_akses)()
        except Tolak as tolak:
            await self.accept()
            await self.close(code=tolak.kode)
            return
        try:
            # Groups first: whatever commits from now on reaches this channel, so the catch-up read
            # that follows cannot leave a gap behind it.
            for nama in grup:
                await self.channel_layer.group_add(nama, self.channel_name)
                self._grup.append(nama)
        except Exception:
            log.exception("Bergabung ke grup siaran gagal")
            await self.accept()
            await self.close(code=TUTUP_GALAT_SERVER)
            return
        await self.accept()
        self.jalankan(self._denyut())
        await self.setelah_terima()

    async def disconnect(self, code: int) -> None:
        for tugas in getattr(self, "_tugas", []):
            tugas.cancel()
        for nama in getattr(self, "_grup", []):
            try:
                await self.channel_layer.group_discard(nama, self.channel_name)
            except Exception:
                log.warning("Keluar dari grup %s gagal", nama, exc_info=True)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every message, a hop into the one thread
        # that runs the process's sync database work: one hop per live message per connection, queued
        # behind any slow read. These consumers reach the database only through database_sync_to_async,
        # which does that cleanup around each call itself, so the hop is skipped here.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def jalankan(self, coro: Any) -> asyncio.Future[Any]:
        """A background task that ends with the connection."""
        tugas = asyncio.ensure_future(coro)
        self._tugas.append(tugas)
        return tugas

    # --- frames ----------------------------------------------------------------------------------------

    async def kirim(self, data: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(data, separators=(",", ":"), default=str))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self._aktif_terakhir = time.monotonic()
        try:
            data = json.loads(text_data or "")
        except ValueError:
            return
        if isinstance(data, dict) and data.get("tipe") == "ping":
            await self.kirim({"tipe": "pong"})

    async def _denyut(self) -> None:
        jeda = float(settings.REALTIME_DETAK_DETIK)
        while True:
            await asyncio.sleep(jeda)
            if time.monotonic() - self._aktif_terakhir > KALI_DIAM * jeda:
                await self.close(code=TUTUP_DIAM)
                return
            await self.kirim({"tipe": "detak"})

    # --- helpers for periksa_akses ---------------------------------------------------------------------

    def parameter(self, nama: str) -> str | None:
        nilai = parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get(nama)
        return nilai[-1] if nilai and nilai[-1] != "" else None

    def parameter_sejak(self) -> int | None:
        teks = self.parameter("sejak")
        if teks is None:
            return None
        if not teks.isdigit() or len(teks) > 18:
            raise Tolak(TUTUP_PERMINTAAN_SALAH)
        return int(teks)

    def aktor_sesi(self) -> Aktor:
        """The logged-in user of the session (AuthMiddlewareStack), resolved in this DB thread."""
        return Aktor.dari_pengguna(self.scope.get("user"))
