"""The only place that knows channel-layer group names and sends to them.

Services call `siarkan_setelah_commit(peristiwa)`: the message leaves only after the transaction commits,
so no client sees a state that was rolled back. The event log is the source of truth; a message is only a
fast path. A broadcast that fails (Redis down) or is dropped (queue full) is logged, never raised, and the
client catches up from the log when it reconnects with the last stream position it saw (`?sejak=`).

How a message leaves a process. `async_to_sync(group_send)` from a request builds an event loop and a Redis
connection per call, which halved the write path when measured (STACK_NOTES.md). Instead each process has
one sender: `transaction.on_commit` puts the message on a bounded queue and returns at once; a worker on
an event loop drains the queue in order with a long-lived connection. The loop is the ASGI server's own
(registered by `dengan_loop_siaran` around the ASGI application and by every consumer), so in-process
layers and the consumers share it; a WSGI worker or a management command has no loop, so the sender starts
one daemon thread with its own loop, once per process (again after a fork). Tests wait for the queue with
`tunggu_siaran()` / `atunggu_siaran()`.

Ordering. PostgreSQL hands out ids at INSERT, not at COMMIT: event 101 may commit after event 102, so a
client that saw 102 and resumed after it would never get 101. Streams therefore go by `Peristiwa.urutan`,
a position the database gives each event when its transaction commits (migration 0005: a deferred
constraint trigger under a transaction-level advisory lock), so positions follow commit order: once
position N is visible, every smaller position is settled. The lock is taken at the very end of a
transaction, whose holder then waits for nothing else, so writers cannot deadlock on it and nothing they
do (row locks, attachments written to disk) runs while holding it. On SQLite, IMMEDIATE transactions
serialise writers and the position is the id. Messages carry both: `id` (the event, as the API shows it)
and `urutan` (what a client resumes from with `?sejak=`); the position is read back after the commit,
one primary-key query per committed change.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

if TYPE_CHECKING:
    from antrian.models import Notifikasi, Peristiwa

log = logging.getLogger(__name__)

Tujuan = list[tuple[str, dict[str, Any]]]

# Message types on the channel layer.
JENIS_PERISTIWA = "peristiwa.tiket"
JENIS_DASBOR = "dasbor.ubah"
JENIS_NOTIFIKASI = "notifikasi"
# Every message names the group it was sent to: each server process hears all its groups on one channel
# (antrian.consumers._hub) and hands a message only to the local consumers of that group.
KUNCI_GRUP = "grup"

# Key of the advisory lock under which positions are handed out at commit (migration 0005).
KUNCI_URUTAN_PERISTIWA = 0x5349474150  # "SIGAP"


# --- group names ---------------------------------------------------------------------------------------


def grup_unit(unit_id: int) -> str:
    """Every event of a unit's tikets, internal ones included: its officers' queue."""
    return f"antrian.unit.{unit_id}"


def grup_petugas(petugas_id: int) -> str:
    """Events of the tikets assigned to one officer, and their notifications."""
    return f"antrian.petugas.{petugas_id}"


def grup_tiket(tiket_id: int) -> str:
    """Public events of one tiket: what its citizen (or guest) may see."""
    return f"antrian.tiket.{tiket_id}"


def grup_tiket_internal(tiket_id: int) -> str:
    """Internal events of one tiket, for staff watching it; together with `grup_tiket` they get all."""
    return f"antrian.tiket.{tiket_id}.internal"


def grup_dasbor() -> str:
    """Which units changed, for the dashboards (each filters by the units its viewer may see)."""
    return "antrian.dasbor"


# --- what is sent ----------------------------------------------------------------------------------------


def muatan(peristiwa: Peristiwa, nomor: str, status: str) -> dict[str, Any]:
    """Small JSON: ids, kind, number and state only — never a citizen's identity or NIK. The stream
    position (`urutan`) is added after the commit, when the database has given it."""
    return {
        "type": JENIS_PERISTIWA,
        "id": peristiwa.pk,
        "jenis": peristiwa.jenis,
        "aksi": peristiwa.aksi,
        "nomor": nomor,
        "status": status,
        "unit": peristiwa.unit_id,
    }


def tujuan_peristiwa(peristiwa: Peristiwa, *, nomor: str, status: str, petugas_id: int | None) -> Tujuan:
    pesan = muatan(peristiwa, nomor, status)
    tujuan = [(grup_unit(peristiwa.unit_id), pesan)]
    unit_asal = peristiwa.data.get("unit_asal")
    if unit_asal and unit_asal != peristiwa.unit_id:
        # A transfer leaves one queue and enters another: both hear of it.
        tujuan.append((grup_unit(unit_asal), pesan))
    if petugas_id is not None:
        tujuan.append((grup_petugas(petugas_id), pesan))
    if peristiwa.publik:
        tujuan.append((grup_tiket(peristiwa.tiket_id), pesan))
    else:
        tujuan.append((grup_tiket_internal(peristiwa.tiket_id), pesan))
    return tujuan


def unit_tersentuh(peristiwa: Peristiwa) -> list[int]:
    unit_asal = peristiwa.data.get("unit_asal")
    return sorted({peristiwa.unit_id, *([unit_asal] if isinstance(unit_asal, int) else [])})


def dengan_grup(grup: str, pesan: dict[str, Any]) -> dict[str, Any]:
    """The message as it goes to `grup` on the channel layer."""
    return {**pesan, KUNCI_GRUP: grup}


def siarkan_setelah_commit(peristiwa: Peristiwa, *, nomor: str, status: str, petugas_id: int | None) -> None:
    tujuan = tujuan_peristiwa(peristiwa, nomor=nomor, status=status, petugas_id=petugas_id)
    unit = unit_tersentuh(peristiwa)
    transaction.on_commit(lambda: _kirim(tujuan, dasbor=unit))


def _kirim(grup_pesan: Tujuan, *, dasbor: Iterable[int] = ()) -> None:
    """Hand the messages to this process's sender. Runs after the commit: it never raises and never waits
    on the channel layer (only the primary-key read of the stream positions touches the database)."""
    try:
        # Building the layer can fail too (bad CHANNEL_LAYERS, Redis library missing): this runs after
        # the commit, so raising here would answer an error for a change that was saved.
        layer = get_channel_layer()
        if layer is None:
            return
        pesan = list(grup_pesan)
        _isi_urutan(pesan)
        unit = list(dasbor)
        if unit:
            # Last of the batch, and it names the positions the batch carried: every process's hub hears
            # this group, so a hub knows a position is settled even when none of its streams wants it
            # (antrian.consumers._hub, "Commit order").
            ubah: dict[str, Any] = {"type": JENIS_DASBOR, "unit": unit}
            posisi = sorted(
                {
                    p["urutan"]
                    for _, p in pesan
                    if p.get("type") == JENIS_PERISTIWA and isinstance(p.get("urutan"), int)
                }
            )
            if posisi:
                ubah["urutan"] = posisi
            pesan.append((grup_dasbor(), ubah))
        _pengirim.serahkan(layer, pesan)
    except Exception:
        log.exception("Siaran peristiwa gagal; klien akan menyusul dari log peristiwa")


def _isi_urutan(pesan: Tujuan) -> None:
    """Add each event's stream position, given by the database at commit (module docstring)."""
    from antrian.models import Peristiwa

    peristiwa = [p for _, p in pesan if p.get("type") == JENIS_PERISTIWA and "urutan" not in p]
    if not peristiwa:
        return
    urutan = dict(Peristiwa.objects.filter(pk__in={p["id"] for p in peristiwa}).values_list("pk", "urutan"))
    for p in peristiwa:
        p["urutan"] = urutan.get(p["id"])


# --- the per-process sender --------------------------------------------------------------------------------


@dataclass
class _Kiriman:
    layer: Any
    pesan: Tujuan


class _Pengirim:
    """A bounded queue drained in order by one worker on an event loop (the module docstring says which)."""

    def __init__(self) -> None:
        self._awal()
        os.register_at_fork(after_in_child=self._awal)

    def _awal(self) -> None:
        # Also after a fork: the parent's thread, loop and queue do not exist in the child.
        self._kunci = threading.Lock()
        self._kosong = threading.Condition(self._kunci)
        self._kunci_thread = threading.Lock()
        self._antrean: deque[_Kiriman] = deque()
        self._tertunda = 0  # queued or being sent
        self._dibuang = 0
        self._pekerja: set[asyncio.AbstractEventLoop] = set()
        self._loop_server: asyncio.AbstractEventLoop | None = None
        self._loop_sendiri: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def pasang_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop_server = loop

    def serahkan(self, layer: Any, pesan: Tujuan) -> bool:
        with self._kunci:
            if self._tertunda >= int(settings.REALTIME_ANTREAN_MAKS):
                self._dibuang += 1
                log.warning(
                    "Antrean siaran penuh (%s); pesan dibuang, klien menyusul dari log peristiwa",
                    self._tertunda,
                )
                return False
            self._antrean.append(_Kiriman(layer, pesan))
            self._tertunda += 1
        loop = self._loop_tujuan()
        try:
            loop.call_soon_threadsafe(self._pastikan_pekerja, loop)
        except RuntimeError:
            # The server's loop closed under us (end of a test, shutdown): fall back to our own.
            self._loop_server = None
            sendiri = self._loop_tujuan()
            sendiri.call_soon_threadsafe(self._pastikan_pekerja, sendiri)
        return True

    def _loop_tujuan(self) -> asyncio.AbstractEventLoop:
        loop = self._loop_server
        if loop is not None and loop.is_running():
            return loop
        with self._kunci_thread:
            if self._loop_sendiri is None or self._thread is None or not self._thread.is_alive():
                baru = asyncio.new_event_loop()
                thread = threading.Thread(target=baru.run_forever, name="sigap-siaran", daemon=True)
                thread.start()
                self._loop_sendiri, self._thread = baru, thread
            return self._loop_sendiri

    def _pastikan_pekerja(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._kunci:
            if loop in self._pekerja:
                return
            self._pekerja.add(loop)
        loop.create_task(self._kerja(loop))

    async def _kerja(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            while True:
                with self._kunci:
                    if not self._antrean:
                        self._pekerja.discard(loop)
                        return
                    kiriman = self._antrean.popleft()
                try:
                    await self._kirim_satu(kiriman)
                finally:
                    with self._kunci:
                        self._tertunda -= 1
                        if self._tertunda <= 0:
                            self._kosong.notify_all()
        except BaseException:
            # Cancelled with its loop (shutdown, end of a test): the next message starts a new worker.
            with self._kunci:
                self._pekerja.discard(loop)
            raise

    async def _kirim_satu(self, kiriman: _Kiriman) -> None:
        batas = float(settings.REALTIME_BATAS_KIRIM_DETIK)
        for grup, pesan in kiriman.pesan:
            try:
                try:
                    await asyncio.wait_for(
                        kiriman.layer.group_send(grup, dengan_grup(grup, pesan)), timeout=batas
                    )
                except TimeoutError:
                    raise
                except Exception:
                    # Once more, at once: after a Redis restart the pool's connection from before fails on
                    # its first use and is dropped; the retry gets a fresh one. Without it the first event
                    # after the restart is lost for streams whose subscriber resubscribed (and caught up)
                    # before it committed (tests/keandalan/test_redis_mati.py). A repeat is harmless: a
                    # stream skips positions it sent.
                    await asyncio.wait_for(
                        kiriman.layer.group_send(grup, dengan_grup(grup, pesan)), timeout=batas
                    )
            except Exception:
                # The rest of this message would most likely fail the same way (Redis down); clients
                # catch up from the event log, so one line per message is all that is needed.
                log.exception("Siaran peristiwa gagal ke %s; klien akan menyusul dari log peristiwa", grup)
                return

    def tunggu(self, batas_waktu: float) -> bool:
        """Block until the queue is empty. Never call it on the loop the worker runs on."""
        with self._kosong:
            return self._kosong.wait_for(lambda: self._tertunda <= 0, timeout=batas_waktu)

    async def atunggu(self, batas_waktu: float) -> bool:
        akhir = time.monotonic() + batas_waktu
        while self._tertunda > 0:
            if time.monotonic() > akhir:
                return False
            await asyncio.sleep(0.005)
        return True

    def statistik(self) -> dict[str, int]:
        with self._kunci:
            return {"tertunda": self._tertunda, "dibuang": self._dibuang}


_pengirim = _Pengirim()


def pasang_loop(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Send from this (running) event loop: the ASGI server's, where the consumers live."""
    loop = loop or asyncio.get_running_loop()
    if _pengirim._loop_server is not loop:
        _pengirim.pasang_loop(loop)


def dengan_loop_siaran(
    aplikasi: Callable[[Any, Any, Any], Awaitable[None]],
) -> Callable[[Any, Any, Any], Awaitable[None]]:
    """Wrap the ASGI application so the sender uses the server's event loop from the first request on."""

    async def dibungkus(scope: Any, receive: Any, send: Any) -> None:
        pasang_loop()
        await aplikasi(scope, receive, send)

    return dibungkus


def tunggu_siaran(batas_waktu: float = 5.0) -> bool:
    """Wait until every message handed over so far has been sent or has failed (tests, benchmarks)."""
    return _pengirim.tunggu(batas_waktu)


async def atunggu_siaran(batas_waktu: float = 5.0) -> bool:
    return await _pengirim.atunggu(batas_waktu)


def statistik_siaran() -> dict[str, int]:
    """Messages waiting in this process and messages dropped because the queue was full."""
    return _pengirim.statistik()


# --- notifications -------------------------------------------------------------------------------------


def siarkan_notifikasi(notifikasi: Notifikasi) -> None:
    """Tell the recipient's officer stream about a new notification, after commit. Only officers get a
    stream; anyone else reads their notifications through the API."""
    try:
        petugas_id = notifikasi.penerima.petugas.pk
    except ObjectDoesNotExist:
        return
    pesan = {
        "type": JENIS_NOTIFIKASI,
        "id": notifikasi.pk,
        "jenis": notifikasi.jenis,
        "nomor": notifikasi.tiket.nomor,
    }
    transaction.on_commit(lambda: _kirim([(grup_petugas(petugas_id), pesan)]))
