"""Websocket clients of the fault tests, as the browser's live client behaves: reconnecting with the last
position seen, to whichever server process answers; and what each stream must have delivered."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tests._topologi import BATAS_MULAI, Topologi

T = TypeVar("T")


class LoopLatar:
    """An asyncio loop in a daemon thread: the test's websocket clients live there while the test's own
    code stays synchronous (HTTP calls, the ORM)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._utas = threading.Thread(target=self.loop.run_forever, name="uji-ws", daemon=True)
        self._utas.start()

    def jalankan(self, coro: Coroutine[Any, Any, T], batas: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=batas)

    def tutup(self) -> None:
        async def batalkan_semua() -> None:
            tugas = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tugas:
                t.cancel()
            await asyncio.gather(*tugas, return_exceptions=True)

        with contextlib.suppress(Exception):
            self.jalankan(batalkan_semua(), batas=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._utas.join(timeout=10)


@dataclass
class KlienAliran:
    """A live stream's client as the browser runs it (frontend's websocket client): it reconnects after any
    close with `?sejak=<last position seen>`, trying the servers in turn, as a load balancer would send it
    to whichever process is up. Records every event position it received."""

    urls: list[str]  # ws://host:port/ws/petugas/ (without query), one per server process
    kuki: str
    nama: str = "klien"
    urutan: list[int] = field(default_factory=list)
    sejak: int = 0
    sambung: int = 0
    muat_ulang: int = 0
    dimuat_ulang_sampai: int = 0  # positions up to this one are covered by a reload the server asked for
    tutup: list[str] = field(default_factory=list)
    _ke: int = 0
    _ws: Any = None
    _tugas: asyncio.Task[None] | None = None
    _siap: asyncio.Event | None = None
    _latar: set[asyncio.Future[Any]] = field(default_factory=set)

    def mulai(self, loop: LoopLatar, sejak: int) -> None:
        self.sejak = sejak

        async def mulai() -> None:
            self._siap = asyncio.Event()
            self._tugas = asyncio.create_task(self._jalan())
            async with asyncio.timeout(BATAS_MULAI):
                await self._siap.wait()

        loop.jalankan(mulai(), batas=BATAS_MULAI + 5)

    async def _jalan(self) -> None:
        from websockets.asyncio.client import connect

        while True:
            url = self.urls[self._ke % len(self.urls)]
            asal = url.replace("ws://", "http://").split("/ws/")[0]
            pemisah = "&" if "?" in url else "?"
            try:
                async with connect(
                    f"{url}{pemisah}sejak={self.sejak}",
                    origin=asal,  # type: ignore[arg-type]
                    additional_headers={"Cookie": self.kuki},
                    open_timeout=5,
                    close_timeout=1,
                    ping_interval=None,
                ) as ws:
                    self._ws = ws
                    async for teks in ws:
                        self._terima(json.loads(teks))
                    self.tutup.append(f"{url}: {ws.close_code}")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.tutup.append(f"{url}: {type(exc).__name__}")
            self._ws = None
            self._ke += 1  # the next server, as a load balancer's retry would
            await asyncio.sleep(0.3)

    def _terima(self, data: dict[str, Any]) -> None:
        tipe = data.get("tipe")
        if tipe == "peristiwa":
            urutan = int(data["urutan"])
            self.urutan.append(urutan)
            self.sejak = max(self.sejak, urutan)
        elif tipe == "siap":
            self.sambung += 1
            self.sejak = max(self.sejak, int(data.get("terakhir") or 0))
            if self._siap is not None:
                self._siap.set()
        elif tipe == "muat_ulang":
            self.muat_ulang += 1
            self.dimuat_ulang_sampai = max(self.dimuat_ulang_sampai, int(data.get("terakhir") or 0))
            self.sejak = max(self.sejak, int(data.get("terakhir") or 0))
        elif tipe == "detak":
            ws = self._ws
            if ws is not None:
                # Answer the heartbeat, as the browser's client pings: the server closes silent clients.
                self._latar.add(tugas := asyncio.ensure_future(ws.send('{"tipe":"ping"}')))
                tugas.add_done_callback(self._latar.discard)

    def putuskan(self, loop: LoopLatar) -> None:
        """Drop the connection as a lost network does (no close frame); the client reconnects."""

        async def putus() -> None:
            if self._ws is not None:
                self._ws.transport.abort()

        loop.jalankan(putus())

    @contextlib.contextmanager
    def berjalan(self, loop: LoopLatar, sejak: int) -> Iterator[KlienAliran]:
        self.mulai(loop, sejak)
        try:
            yield self
        finally:

            async def henti() -> None:
                if self._tugas is not None:
                    self._tugas.cancel()
                    with contextlib.suppress(BaseException):
                        await self._tugas

            with contextlib.suppress(Exception):
                loop.jalankan(henti(), batas=10)


def harapan_petugas(pengguna: Any, sejak: int) -> list[int]:
    """Positions of every event the officer's stream must deliver after `sejak` (its scope, from the log)."""
    from antrian import selectors
    from antrian.izin import Aktor

    susulan = selectors.susulan_petugas(aktor=Aktor.dari_pengguna(pengguna), sejak=sejak, batas=10**6)
    return [p.urutan for p in susulan.peristiwa if p.urutan is not None]


def harapan_tiket(nomor: str, pengguna: Any, sejak: int) -> list[int]:
    """Positions of every event of tiket `nomor` that `pengguna`'s tracking stream must deliver."""
    from antrian import selectors
    from antrian.izin import Aktor
    from antrian.models import Tiket

    tiket = Tiket.objects.get(nomor=nomor)
    susulan = selectors.susulan_tiket(
        tiket=tiket, aktor=Aktor.dari_pengguna(pengguna), sejak=sejak, batas=10**6
    )
    return [p.urutan for p in susulan.peristiwa if p.urutan is not None]


def _kurang(klien: KlienAliran, harap: list[int]) -> list[int]:
    """Positions of `harap` the client neither received nor was told to reload for."""
    return sorted(u for u in set(harap) - set(klien.urutan) if u > klien.dimuat_ulang_sampai)


def tunggu_klien(klien: KlienAliran, harap: list[int], batas: float, topologi: Topologi) -> None:
    """Wait until every position of `harap` reached `klien`, then check the stream: each position once, in
    order, none outside its scope. The one allowed exception is the protocol's own: a message that arrives
    after a newer one was sent (two processes publishing at the same instant, antrian.consumers.peristiwa)
    makes the server tell the client to reload (`muat_ulang`) — explicit, never a silent gap."""
    try:
        topologi.tunggu(lambda: not _kurang(klien, harap), batas, f"{klien.nama} tidak menyusul")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: kurang {_kurang(klien, harap)}; sambungan {klien.tutup}") from None
    assert klien.urutan == sorted(set(klien.urutan)), f"{klien.nama}: duplicate or out of order"
    assert set(klien.urutan) <= set(harap), f"{klien.nama}: events outside its scope"
    # A reload is the rare exception, not a way of passing: a stream that keeps asking for one is broken.
    assert len(set(harap) - set(klien.urutan)) <= 3, f"{klien.nama}: too many events left to reloads"
    if klien.muat_ulang:
        # Reported, not hidden: how often the race forced a reload (see the report of the test run).
        print(f"[keandalan] {klien.nama}: {klien.muat_ulang} muat_ulang, sampai {klien.dimuat_ulang_sampai}")
