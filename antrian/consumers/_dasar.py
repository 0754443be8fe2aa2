"""What every live stream shares: the access check, group joins before accept, heartbeats, JSON frames, and
the outbound queue with its writer task.

A consumer has no channel of its own on the channel layer: the process hub (`_hub`) joins the groups for
it and calls `terima_siaran` with each message and its JSON text, built once for all local consumers. Every
frame to the client goes through one bounded queue per connection, sent in order by one writer task, so a
slow client never holds up the hub or the other clients. A queue that overflows is emptied and the
subclass says what replaces it (`saat_meluap`: the event streams tell the client to reload, the dashboard
sends fresh counters) — nothing is skipped without the client knowing.

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
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from antrian import realtime
from antrian.consumers._hub import Hub, hub_untuk, teks_json
from antrian.izin import Aktor

log = logging.getLogger(__name__)

TUTUP_PERMINTAAN_SALAH = 4400
TUTUP_BELUM_MASUK = 4401
TUTUP_DILARANG = 4403
TUTUP_TIDAK_DITEMUKAN = 4404
TUTUP_DIAM = 4408
# Too many failed number/token guesses from this address: the client retries with its back-off.
TUTUP_TERLALU_SERING = 4429
TUTUP_GALAT_SERVER = 1011

# A client silent for this many heartbeat intervals is gone (a dead network path sends nothing).
KALI_DIAM = 3

# Frames waiting for one client beyond the catch-up it may be sent at once (REALTIME_SUSULAN_MAKS): more
# means the client reads slower than events come, and the queue is replaced (`saat_meluap`).
ANTREAN_KLIEN_LEBIH = 500

TEKS_DETAK = teks_json({"tipe": "detak"})
TEKS_PONG = teks_json({"tipe": "pong"})

# Scope key of the server's own `send` (config/asgi.py).
KIRIM_LANGSUNG = "sigap.kirim_langsung"


def dengan_kirim_langsung(
    aplikasi: Callable[[Any, Any, Any], Awaitable[None]],
) -> Callable[[Any, Any, Any], Awaitable[None]]:
    """Put the server's `send` into the scope before middleware wraps it: data frames need none of the
    wrapping (the session middleware acts on the accept only) and skip its per-frame cost."""

    async def dibungkus(scope: Any, receive: Any, send: Any) -> None:
        await aplikasi({**scope, KIRIM_LANGSUNG: send}, receive, send)

    return dibungkus


class Tolak(Exception):
    """Refuse the connection with this close code."""

    def __init__(self, kode: int) -> None:
        super().__init__(kode)
        self.kode = kode


class KonsumenDasar(AsyncWebsocketConsumer):
    """Subclasses implement `periksa_akses` (sync, runs in a DB thread, returns the groups to join or
    raises `Tolak`), `setelah_terima` (what to send once accepted), and as needed `terima_siaran`,
    `susul_ulang` and `saat_meluap` (the hub's calls and the overflow, see the module docstring)."""

    aktor: Aktor

    def periksa_akses(self) -> list[str]:
        raise NotImplementedError

    async def setelah_terima(self) -> None:
        return None

    # --- the hub's calls (synchronous: they only queue) ------------------------------------------------

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        if teks is not None:
            self.antrekan(teks)

    def susul_ulang(self, batas_aman: int) -> None:
        return None

    def saat_meluap(self) -> None:
        return None

    # --- lifecycle ------------------------------------------------------------------------------------

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # Channels would give this consumer its own channel-layer channel and a receive task per message;
        # live messages come from the hub instead, so only the client's own frames are received here.
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        self._kirim_data = scope.get(KIRIM_LANGSUNG, send)
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def connect(self) -> None:
        realtime.pasang_loop()
        self._tugas: list[asyncio.Future[Any]] = []
        self._grup: list[str] = []
        self._keluar: deque[str] = deque()
        self._batas_antre = int(settings.REALTIME_SUSULAN_MAKS) + ANTREAN_KLIEN_LEBIH
        self._bangun: asyncio.Future[None] | None = None
        self._aktif_terakhir = time.monotonic()
        self._hub: Hub | None = None
        try:
            grup = await database_sync_to_async(self.periksa_akses)()
        except Tolak as tolak:
            await self.accept()
            await self.close(code=tolak.kode)
            return
        try:
            # Groups first: whatever commits from now on reaches this consumer, so the catch-up read
            # that follows cannot leave a gap behind it.
            layer = get_channel_layer()
            if layer is None:
                raise RuntimeError("CHANNEL_LAYERS tidak dikonfigurasi")
            self._hub = hub_untuk(layer)
            for nama in grup:
                await self._hub.gabung(nama, self)
                self._grup.append(nama)
        except Exception:
            log.exception("Bergabung ke grup siaran gagal")
            await self._tinggalkan_grup()
            await self.accept()
            await self.close(code=TUTUP_GALAT_SERVER)
            return
        await self.accept()
        self.jalankan(self._tulis())
        self.jalankan(self._denyut())
        await self.setelah_terima()

    async def disconnect(self, code: int) -> None:
        for tugas in getattr(self, "_tugas", []):
            tugas.cancel()
        await self._tinggalkan_grup()

    async def _tinggalkan_grup(self) -> None:
        hub, grup = getattr(self, "_hub", None), getattr(self, "_grup", [])
        self._grup = []
        if hub is None:
            return
        for nama in grup:
            try:
                await hub.keluar(nama, self)
            except Exception:
                log.warning("Keluar dari grup %s gagal", nama, exc_info=True)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every message, a hop into the one thread
        # that runs the process's sync database work. These consumers reach the database only through
        # database_sync_to_async, which does that cleanup around each call itself, so the hop is skipped.
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

    def kirim(self, data: dict[str, Any]) -> None:
        self.antrekan(teks_json(data))

    def antrekan(self, teks: str) -> None:
        """Queue one frame for the writer task; never waits."""
        if len(self._keluar) >= self._batas_antre:
            log.warning("Klien terlalu lambat (%s bingkai menunggu); antreannya diganti", len(self._keluar))
            self._keluar.clear()
            self.saat_meluap()
            return
        self._keluar.append(teks)
        bangun = self._bangun
        if bangun is not None and not bangun.done():
            bangun.set_result(None)

    async def _tulis(self) -> None:
        loop = asyncio.get_running_loop()
        antre, kirim = self._keluar, self._kirim_data
        try:
            while True:
                while antre:
                    await kirim({"type": "websocket.send", "text": antre.popleft()})
                self._bangun = loop.create_future()
                await self._bangun
                self._bangun = None
        except Exception:
            # The client is gone; the server tells the consumer (websocket.disconnect), which cleans up.
            log.debug("Mengirim ke klien gagal", exc_info=True)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self._aktif_terakhir = time.monotonic()
        try:
            data = json.loads(text_data or "")
        except ValueError:
            return
        if isinstance(data, dict) and data.get("tipe") == "ping":
            self.antrekan(TEKS_PONG)

    async def _denyut(self) -> None:
        jeda = float(settings.REALTIME_DETAK_DETIK)
        while True:
            await asyncio.sleep(jeda)
            if time.monotonic() - self._aktif_terakhir > KALI_DIAM * jeda:
                await self.close(code=TUTUP_DIAM)
                return
            self.antrekan(TEKS_DETAK)

    # --- helpers for periksa_akses ---------------------------------------------------------------------

    def permintaan_semu(self) -> HttpRequest:
        """The handshake as a request for the rate limits (portal.batas): the client's address as the
        server saw it and its X-Forwarded-For (trusted only as far as PROXY_TERPERCAYA says)."""
        permintaan = HttpRequest()
        klien = self.scope.get("client") or ("", 0)
        permintaan.META["REMOTE_ADDR"] = str(klien[0])
        for kunci, nilai in self.scope.get("headers", []):
            if kunci == b"x-forwarded-for":
                permintaan.META["HTTP_X_FORWARDED_FOR"] = nilai.decode("latin-1")
        permintaan.user = AnonymousUser()
        return permintaan

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
