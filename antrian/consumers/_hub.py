"""One channel-layer channel per process (per event loop) for all the live streams it serves.

Why not Channels' default of one channel per consumer: a message to a group of 100 local officers then
becomes 100 queue puts, 100 deserialisations, 100 woken receive tasks, an `asyncio.wait` and a fresh
receive task per message per connection, and 100 `json.dumps` of the same frame. With 1,000 clients at
2,000 deliveries a second that kept one process seconds behind (benchmarks/RESULTS.md). Here the layer
delivers each message once per process: the hub builds its frame and JSON text once and hands the text to
every local consumer of the group with a plain call; each connection's own writer task sends it, so a slow
client delays nobody else.

Groups. The hub's channel is in every group at least one local consumer needs. Joins are counted per
group and serialised by a per-group lock: the first joiner awaits the layer's `group_add`, joiners that
come meanwhile wait for that same join, and the last leaver awaits `group_discard` — a joiner arriving
during that discard waits for it and joins again, so a group is never left while it has members. A
consumer is registered before its join is awaited, and its join is confirmed before it reads its
catch-up from the event log (antrian.consumers.peristiwa), so nothing committed after that read is
missed. Messages carry their group (`grup`, added by antrian.realtime) because one channel hears many.

Commit order. Event messages carry their stream position (`urutan`, given in commit order), but two
processes publish independently after their commits, so the message of position 101 may arrive just after
that of 102. A stream that already sent 102 could only tell its client to reload. The hub therefore hands
event messages out in position order. Each publisher ends a commit's batch with the dashboards' change
message, which names the batch's positions, and every hub hears that group: since one publisher's messages
reach a process in the order sent, once that message of position N is in, every message of N for this
process is too. An event goes out at once when every smaller position is settled that way; otherwise it is
held up to REALTIME_TAHAN_URUTAN_MS for them (a position whose batch never arrives — a publisher that died,
a commit that failed after taking its position — is given up on then), and goes out with every held event
of a smaller position. So events wait only when two publishers really crossed, and a message overtaken by
less than the window reaches its streams in order. Other messages are not held. 0 turns the window off.

Reconnects. If the layer's Redis subscriber connection drops, redis-py reconnects and subscribes again,
but what was published in between never arrives. The layer class in `lapisan_redis` reports each
resubscription; the hub then asks every local stream to catch up again from the event log
(`susul_ulang`), from a position old enough to cover messages still on their way when the connection
dropped (`_JejakPosisi`).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings

from antrian import realtime

log = logging.getLogger(__name__)

KUNCI_PERISTIWA = ("id", "urutan", "jenis", "aksi", "nomor", "status", "unit")


class Penerima(Protocol):
    """A local consumer as the hub sees it. Both calls are synchronous and must not block."""

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        """One message of a group it joined; `teks` is the client frame as JSON text (None for messages
        that are not forwarded as they are, e.g. the dashboard's `dasbor.ubah`)."""

    def susul_ulang(self, batas_aman: int) -> None:
        """Live messages may have been lost (the layer reconnected): catch up again from the event log.
        Every event at or below `batas_aman` reached this process before the loss."""


# --- frames ---------------------------------------------------------------------------------------------


def teks_json(data: dict[str, Any]) -> str:
    return json.dumps(data, separators=(",", ":"), default=str)


def bingkai_peristiwa(pesan: dict[str, Any]) -> dict[str, Any]:
    return {"tipe": "peristiwa", **{kunci: pesan[kunci] for kunci in KUNCI_PERISTIWA}}


def bingkai_notifikasi(pesan: dict[str, Any]) -> dict[str, Any]:
    return {"tipe": "notifikasi", "id": pesan["id"], "jenis": pesan["jenis"], "nomor": pesan["nomor"]}


# --- where to resume after a reconnect ------------------------------------------------------------------


class _JejakPosisi:
    """The newest stream position this hub had received `jeda` seconds before its latest receipt.

    After a reconnect the lost messages are those published while the connection was down. An event at or
    below that position committed at least `jeda` seconds before the last message that did arrive; its
    message left its process well within `jeda` (each send is bounded by REALTIME_BATAS_KIRIM_DETIK), so
    before the connection dropped — it arrived. Reading the log from there also finds a lost message that
    was older than one already sent (two processes publishing out of commit order)."""

    def __init__(self, jeda: float, jam: Callable[[], float] = time.monotonic) -> None:
        self._jeda = jeda
        self._jam = jam
        self._jejak: deque[tuple[float, int]] = deque()
        self._tertinggi = 0
        self.aman = 0

    def catat(self, urutan: int) -> None:
        if urutan <= self._tertinggi:
            return
        sekarang = self._jam()
        self._tertinggi = urutan
        self._jejak.append((sekarang, urutan))
        batas = sekarang - self._jeda
        while self._jejak and self._jejak[0][0] <= batas:
            self.aman = self._jejak.popleft()[1]


# --- the hub ----------------------------------------------------------------------------------------------


class _PenerimaPosisi:
    """The hub's own member of the dashboards' group: it reads the positions each batch settled."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        posisi = pesan.get("urutan")
        if isinstance(posisi, list):
            self._hub.catat_posisi([p for p in posisi if isinstance(p, int)])

    def susul_ulang(self, batas_aman: int) -> None:
        pass


@dataclass(eq=False)
class _Grup:
    anggota: set[Penerima] = field(default_factory=set)
    tergabung: bool = False
    kunci: asyncio.Lock = field(default_factory=asyncio.Lock)


class Hub:
    """The live messages of one channel layer on one event loop (the module docstring says how)."""

    def __init__(self, layer: Any, *, jam: Callable[[], float] = time.monotonic) -> None:
        self.layer = layer
        self._jam = jam
        self._grup: dict[str, _Grup] = {}
        self._kanal: str | None = None
        self._kunci_kanal = asyncio.Lock()
        self._tugas_terima: asyncio.Future[None] | None = None
        self._latar: set[asyncio.Future[None]] = set()
        self._posisi = _JejakPosisi(2.0 * float(settings.REALTIME_BATAS_KIRIM_DETIK))
        # Event messages held for the commit-order window: (urutan, arrival number, arrival time, message).
        self._tahan = float(settings.REALTIME_TAHAN_URUTAN_MS) / 1000.0
        self._tahanan: list[tuple[int, int, float, dict[str, Any]]] = []
        self._nomor_tiba = itertools.count()
        self._jadwal_lepas: asyncio.TimerHandle | None = None
        # Every position up to `_tuntas` is settled (None: no batch heard yet); `_terlihat` holds settled
        # positions above it, waiting for the gap below them to close.
        self._tuntas: int | None = None
        self._terlihat: set[int] = set()
        self._celah_sejak = 0.0  # when the gap below `_terlihat` opened
        self._penerima_posisi = _PenerimaPosisi(self)
        daftar = getattr(layer, "saat_sambung_ulang", None)
        if daftar is not None:
            daftar(self._sambung_ulang)

    # --- joining and leaving ------------------------------------------------------------------------

    async def gabung(self, grup: str, penerima: Penerima) -> None:
        """Returns once this process's channel is in the group; raises (and forgets `penerima` for this
        group) if the layer refuses."""
        kanal = await self._pastikan_kanal()
        # No await between looking the group up and registering: a leaver cannot drop it in between.
        st = self._grup.get(grup)
        if st is None:
            st = self._grup[grup] = _Grup()
        st.anggota.add(penerima)
        if st.tergabung and not st.kunci.locked():
            return  # joined, and nobody is leaving it (a leaver holds the lock while it discards)
        try:
            async with st.kunci:
                if not st.tergabung:
                    await self.layer.group_add(grup, kanal)
                    st.tergabung = True
        except BaseException:
            st.anggota.discard(penerima)
            if not st.anggota:
                # A join cancelled half-way may have reached the layer: leave cleanly in the background.
                tugas = asyncio.ensure_future(self._tinggalkan_jika_kosong(grup, st))
                self._latar.add(tugas)
                tugas.add_done_callback(self._latar.discard)
            raise

    async def keluar(self, grup: str, penerima: Penerima) -> None:
        st = self._grup.get(grup)
        if st is None:
            return
        st.anggota.discard(penerima)
        if not st.anggota:
            await self._tinggalkan_jika_kosong(grup, st)

    async def _tinggalkan_jika_kosong(self, grup: str, st: _Grup) -> None:
        async with st.kunci:
            if st.anggota:
                return  # someone joined while we waited; they found the group joined
            if self._kanal is not None:
                try:
                    await self.layer.group_discard(grup, self._kanal)
                except Exception:
                    # The membership stays on the layer until it expires; messages for it find no one.
                    log.warning("Keluar dari grup %s gagal", grup, exc_info=True)
            st.tergabung = False
            # A joiner that came during the discard is waiting for this lock and joins again; only an
            # empty group is forgotten.
            if not st.anggota and self._grup.get(grup) is st:
                del self._grup[grup]

    def jumlah_anggota(self, grup: str) -> int:
        st = self._grup.get(grup)
        return len(st.anggota) if st is not None else 0

    def tergabung(self, grup: str) -> bool:
        st = self._grup.get(grup)
        return st is not None and st.tergabung

    # --- receiving --------------------------------------------------------------------------------------

    async def _pastikan_kanal(self) -> str:
        if self._kanal is not None:
            return self._kanal
        async with self._kunci_kanal:
            if self._kanal is None:
                kanal = await self.layer.new_channel()
                self._tugas_terima = asyncio.ensure_future(self._terima(kanal))
                self._kanal = kanal
                if self._tahan > 0:
                    try:
                        # The hub itself is a member: the group is never left while the process lives.
                        await self.gabung(realtime.grup_dasbor(), self._penerima_posisi)
                    except Exception:
                        # Without the batches' positions every event waits the window: slower, still right.
                        log.warning(
                            "Bergabung ke grup posisi gagal; peristiwa menunggu jendela", exc_info=True
                        )
        return self._kanal

    async def _terima(self, kanal: str) -> None:
        while True:
            try:
                pesan = await self.layer.receive(kanal)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Menerima dari channel layer gagal")
                await asyncio.sleep(1)
                continue
            try:
                self.salurkan(pesan)
            except Exception:
                log.exception("Menyalurkan pesan siaran gagal")
            # A burst already queued on the layer would otherwise be handed out without the writer tasks
            # running in between, and every client's queue would grow by the whole burst.
            await asyncio.sleep(0)

    def salurkan(self, pesan: dict[str, Any]) -> None:
        """One layer message: an event is held for the commit-order window (module docstring), anything
        else goes to the local consumers of its group at once."""
        if pesan.get("type") == realtime.JENIS_PERISTIWA:
            urutan = pesan.get("urutan")
            if not isinstance(urutan, int):
                # Only a message whose position could not be read back after its commit; the log has it.
                log.warning("Peristiwa #%s tanpa posisi aliran; tidak diteruskan", pesan.get("id"))
                return
            self._posisi.catat(urutan)
            if self._tahan > 0:
                heapq.heappush(self._tahanan, (urutan, next(self._nomor_tiba), self._jam(), pesan))
                self._lepas_beruntun()
                if self._tahanan and self._jadwal_lepas is None:
                    self._jadwal_lepas = asyncio.get_running_loop().call_later(self._tahan, self._lepas)
                return
        self._bagikan(pesan)

    def _lepas_satu(self) -> int:
        urutan, _n, _tiba, pesan = heapq.heappop(self._tahanan)
        try:
            self._bagikan(pesan)
        except Exception:
            log.exception("Menyalurkan pesan siaran gagal")
        return urutan

    def _lepas_beruntun(self) -> None:
        """Hand out held events whose smaller positions are all settled."""
        while self._tahanan and self._tuntas is not None and self._tahanan[0][0] <= self._tuntas + 1:
            self._lepas_satu()

    def catat_posisi(self, posisi: list[int]) -> None:
        """A batch's positions are settled (its last message arrived): advance, hand out what may go."""
        if not posisi:
            return
        if self._tuntas is None:
            self._tuntas = min(posisi) - 1  # what came before this process listened is not waited for
        ada_celah = bool(self._terlihat)
        self._terlihat.update(p for p in posisi if p > self._tuntas)
        self._maju()
        if not self._terlihat:
            return
        sekarang = self._jam()
        if not ada_celah:
            self._celah_sejak = sekarang
        elif sekarang - self._celah_sejak > self._tahan:
            # A position below has not settled within the window and never will (its publisher died, its
            # commit failed after taking it): give up on it, or the settled ones above would pile up.
            self._tuntas = min(self._terlihat) - 1
            self._maju()
            self._celah_sejak = sekarang

    def _maju(self) -> None:
        if self._tuntas is not None:
            while self._tuntas + 1 in self._terlihat:
                self._tuntas += 1
                self._terlihat.discard(self._tuntas)
        self._lepas_beruntun()

    def _lepas(self) -> None:
        """Hand out, in position order, every held event whose window is over — and with them any held
        event of a smaller position, which must not come after them. The positions below them that never
        settled are given up on."""
        self._jadwal_lepas = None
        batas = self._jam() - self._tahan
        jatuh_tempo = [urutan for urutan, _n, tiba, _p in self._tahanan if tiba <= batas]
        if jatuh_tempo:
            sampai = max(jatuh_tempo)
            while self._tahanan and self._tahanan[0][0] <= sampai:
                self._lepas_satu()
            if self._tuntas is None or self._tuntas < sampai:
                self._tuntas = sampai
                self._terlihat = {p for p in self._terlihat if p > sampai}
            self._maju()
        if self._tahanan:
            paling_awal = min(tiba for _u, _n, tiba, _p in self._tahanan)
            tunggu = max(0.0, paling_awal + self._tahan - self._jam())
            self._jadwal_lepas = asyncio.get_running_loop().call_later(tunggu, self._lepas)

    def _bagikan(self, pesan: dict[str, Any]) -> None:
        """Hand one message to the local consumers of its group: one frame, one JSON text."""
        jenis = pesan.get("type")
        teks: str | None = None
        st = self._grup.get(pesan.get(realtime.KUNCI_GRUP))  # type: ignore[arg-type]
        if st is None or not st.anggota:
            return
        if jenis == realtime.JENIS_PERISTIWA:
            teks = teks_json(bingkai_peristiwa(pesan))
        elif jenis == realtime.JENIS_NOTIFIKASI:
            teks = teks_json(bingkai_notifikasi(pesan))
        # A copy: a consumer may leave (on another task) while this loop runs only if a call awaits, and
        # none does, but the copy keeps that true whatever a consumer does.
        for penerima in tuple(st.anggota):
            try:
                penerima.terima_siaran(pesan, teks)
            except Exception:
                log.exception("Konsumen gagal menerima siaran")

    def _sambung_ulang(self) -> None:
        """Called by the layer on this loop once its subscriber connection is back and subscribed again."""
        penerima = {p for st in self._grup.values() for p in st.anggota}
        log.warning(
            "Koneksi langganan channel layer tersambung ulang; %s aliran menyusul dari log peristiwa",
            len(penerima),
        )
        for p in penerima:
            try:
                p.susul_ulang(self._posisi.aman)
            except Exception:
                log.exception("Meminta susulan ulang gagal")

    def hentikan(self) -> None:
        if self._tugas_terima is not None:
            self._tugas_terima.cancel()
        if self._jadwal_lepas is not None:
            self._jadwal_lepas.cancel()
            self._jadwal_lepas = None


_hub: dict[asyncio.AbstractEventLoop, Hub] = {}


def hub_untuk(layer: Any) -> Hub:
    """The hub of this event loop for `layer` (a new one if the configured layer changed, as in tests)."""
    loop = asyncio.get_running_loop()
    hub = _hub.get(loop)
    if hub is None or hub.layer is not layer:
        if hub is not None:
            hub.hentikan()
        for lama in [lp for lp in _hub if lp.is_closed()]:
            del _hub[lama]
        hub = _hub[loop] = Hub(layer)
    return hub
