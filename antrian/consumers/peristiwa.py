"""Event streams that lose nothing: the officer's (/ws/petugas/) and one tiket's (/ws/tiket/<nomor>/).

Streams go by stream position (`urutan`), which the database hands out in commit order (antrian.realtime).
A client connects with the last position it saw (`?sejak=<urutan>`). The consumer joins its groups first,
then reads what was missed from the event log (at most REALTIME_SUSULAN_MAKS events, else it tells the
client to reload), while live messages that arrive meanwhile wait in a buffer; the buffer is then sent in
position order, skipping what the catch-up already sent, and the stream goes live. Positions only grow on
one connection: a position at or below the last one sent is never sent.

Why that is enough: once position N is visible every smaller position is settled, and an event the
catch-up read did not see committed after it, hence after the join, hence its message reaches the buffer.
A live message that still arrives late (an older position after a newer one was sent — two processes
publishing at the same moment) cannot be sent without breaking the client's resume position, so the
client is told to reload (`muat_ulang`) instead of missing it.

After the channel layer reconnected (the hub calls `susul_ulang`), the stream does the same again without
the client reconnecting: buffer live messages, read the log from its own position (lowered to the hub's
safe position, so a message lost while older than one already sent is found too), send what it has not
sent, in order, then the buffer. What it sent already is skipped; what is older than its position and was
never sent means a reload.

Frames to the client: {"tipe": "peristiwa", "id", "urutan", "jenis", "aksi", "nomor", "status", "unit"}
(`id` is the event as the API shows it, `urutan` what to resume from), {"tipe": "siap", "terakhir"} once
live, {"tipe": "muat_ulang", "terakhir"}, {"tipe": "detak"}, {"tipe": "pong"}, and on the officer stream
{"tipe": "notifikasi", "id", "jenis", "nomor"}.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from antrian import realtime, selectors
from antrian.consumers._dasar import (
    TUTUP_BELUM_MASUK,
    TUTUP_DILARANG,
    TUTUP_GALAT_SERVER,
    TUTUP_TERLALU_SERING,
    TUTUP_TIDAK_DITEMUKAN,
    KonsumenDasar,
    Tolak,
)
from antrian.consumers._hub import bingkai_peristiwa, teks_json
from antrian.exceptions import TidakDitemukan
from antrian.models import Tiket
from portal import batas

log = logging.getLogger(__name__)

# Positions remembered per connection to tell a duplicate (already sent) from a late one (never sent).
# Duplicates come close together (one event through two of the stream's groups; the seam between the log
# and the buffer; a resync reading a few seconds back), so the most recent ones are enough.
INGATAN_TERKIRIM = 512


class _Terkirim:
    """The last positions sent, in the order sent — which is increasing, so a sorted array: 8 bytes each."""

    __slots__ = ("_urutan",)

    def __init__(self) -> None:
        self._urutan = array("q")

    def tambah(self, urutan: int) -> None:
        self._urutan.append(urutan)
        if len(self._urutan) >= 2 * INGATAN_TERKIRIM:
            del self._urutan[:INGATAN_TERKIRIM]

    def __contains__(self, urutan: int) -> bool:
        i = bisect.bisect_left(self._urutan, urutan)
        return i < len(self._urutan) and self._urutan[i] == urutan


class _KonsumenAliran(KonsumenDasar):
    """Catch-up, buffer, then live; subclasses say which events (`ambil_susulan`) and which groups."""

    sejak: int | None = None

    def ambil_susulan(self, sejak: int | None, batas: int) -> selectors.Susulan:
        raise NotImplementedError

    def _susulan_bingkai(self, sejak: int | None) -> tuple[list[tuple[int, str]], bool, int]:
        susulan = self.ambil_susulan(sejak, int(settings.REALTIME_SUSULAN_MAKS))
        bingkai = []
        for p in susulan.peristiwa:
            assert p.urutan is not None  # only committed events are read
            pesan = {**realtime.muatan(p, p.tiket.nomor or "", p.ke_status), "urutan": p.urutan}
            bingkai.append((p.urutan, teks_json(bingkai_peristiwa(pesan))))
        return bingkai, susulan.penuh, susulan.terakhir

    async def connect(self) -> None:
        # Before the hub knows this consumer: live messages are buffered until the catch-up is done.
        self._terakhir = 0  # the newest position sent on this connection (or the one it starts from)
        self._batas_awal = 0  # positions at or below this are covered by what the client already has
        self._terkirim = _Terkirim()
        self._penyangga: list[tuple[int, str]] = []
        self._menyusul = True
        self._susul_lagi: int | None = None  # a resync asked for while catching up: from this position
        await super().connect()

    async def setelah_terima(self) -> None:
        self.jalankan(self._susul(awal=True))

    def susul_ulang(self, batas_aman: int) -> None:
        if self._menyusul:
            # Catching up already: once done, catch up once more (the read may predate the loss).
            lama = self._susul_lagi
            self._susul_lagi = batas_aman if lama is None else min(lama, batas_aman)
            return
        self._menyusul = True
        self._susul_lagi = batas_aman
        self.jalankan(self._susul(awal=False))

    async def _susul(self, *, awal: bool) -> None:
        while True:
            if awal:
                sejak = self.sejak
            else:
                batas_aman, self._susul_lagi = self._susul_lagi or 0, None
                sejak = max(self._batas_awal, min(self._terakhir, batas_aman))
            try:
                bingkai, penuh, terakhir = await database_sync_to_async(self._susulan_bingkai)(sejak)
            except Exception:
                log.exception("Membaca susulan dari log peristiwa gagal")
                await self.close(code=TUTUP_GALAT_SERVER)
                return
            if penuh:
                self._terakhir = self._batas_awal = max(self._terakhir, terakhir)
                self.kirim({"tipe": "muat_ulang", "terakhir": self._terakhir})
            else:
                if awal:
                    self._terakhir = self._batas_awal = self.sejak if self.sejak is not None else terakhir
                for urutan, teks in bingkai:
                    self._teruskan(urutan, teks)
            # Live messages buffered meanwhile, in position order.
            antre, self._penyangga = sorted(self._penyangga, key=lambda b: b[0]), []
            for urutan, teks in antre:
                self._teruskan(urutan, teks)
            if awal:
                self.kirim({"tipe": "siap", "terakhir": self._terakhir})
                awal = False
            if self._susul_lagi is None:
                break
        self._menyusul = False

    def _teruskan(self, urutan: int, teks: str) -> None:
        if urutan > self._terakhir:
            self._terakhir = urutan
            self._terkirim.tambah(urutan)
            self.antrekan(teks)
        elif urutan <= self._batas_awal or urutan in self._terkirim:
            return  # the client has it already
        else:
            # Older than one already sent and never sent itself: sending it now would let the client
            # resume past it after a drop; a reload is the only way to give it without a gap.
            log.info(
                "Posisi %s tiba terlambat (terakhir %s); klien diminta memuat ulang", urutan, self._terakhir
            )
            self._batas_awal = self._terakhir
            self.kirim({"tipe": "muat_ulang", "terakhir": self._terakhir})

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        """A live message from the hub: an event (buffered while catching up) or a notification."""
        if pesan["type"] != realtime.JENIS_PERISTIWA:
            super().terima_siaran(pesan, teks)
        elif teks is not None:
            if self._menyusul:
                self._penyangga.append((pesan["urutan"], teks))
            else:
                self._teruskan(pesan["urutan"], teks)

    def saat_meluap(self) -> None:
        # The dropped frames are at or below the newest position handed over: a reload covers them.
        self._batas_awal = self._terakhir
        self.kirim({"tipe": "muat_ulang", "terakhir": self._terakhir})


class PetugasConsumer(_KonsumenAliran):
    """/ws/petugas/: events of the units the officer belongs to and of the tikets assigned to them."""

    def periksa_akses(self) -> list[str]:
        aktor = self.aktor_sesi()
        if aktor.pengguna is None:
            raise Tolak(TUTUP_BELUM_MASUK)
        if aktor.petugas is None:
            raise Tolak(TUTUP_DILARANG)
        self.sejak = self.parameter_sejak()
        self.aktor = aktor
        return [realtime.grup_unit(u) for u in sorted(aktor.unit_ids)] + [
            realtime.grup_petugas(aktor.petugas.pk)
        ]

    def ambil_susulan(self, sejak: int | None, batas: int) -> selectors.Susulan:
        return selectors.susulan_petugas(aktor=self.aktor, sejak=sejak, batas=batas)


class TiketConsumer(_KonsumenAliran):
    """/ws/tiket/<nomor>/: one tiket for whoever may see it — an officer of its unit or a manager (every
    event), its citizen or a guest holding its token (`?token=`; public events only)."""

    tiket: Tiket

    def periksa_akses(self) -> list[str]:
        aktor = self.aktor_sesi()
        token = self.parameter("token")
        if aktor.pengguna is None and token is None:
            raise Tolak(TUTUP_BELUM_MASUK)
        nomor = str(self.scope["url_route"]["kwargs"]["nomor"])
        try:
            # Another citizen's tiket, another unit's, a wrong token and a missing number look the same.
            if aktor.pengguna is None:
                # A guest's number + token is a guess until it matches: counted as the tracking page
                # counts it (portal.batas), so the socket is no side door around that limit.
                with batas.pencarian_tiket(self.permintaan_semu()):
                    tiket, aktor = selectors.tiket_untuk(aktor=aktor, nomor=nomor, token=token)
            else:
                tiket, aktor = selectors.tiket_untuk(aktor=aktor, nomor=nomor, token=token)
        except TidakDitemukan as exc:
            raise Tolak(TUTUP_TIDAK_DITEMUKAN) from exc
        except batas.Ditolak as exc:
            raise Tolak(TUTUP_TERLALU_SERING) from exc
        self.sejak = self.parameter_sejak()
        self.aktor, self.tiket = aktor, tiket
        grup = [realtime.grup_tiket(tiket.pk)]
        if selectors.melihat_sebagai_staf(aktor, tiket):
            grup.append(realtime.grup_tiket_internal(tiket.pk))
        return grup

    def ambil_susulan(self, sejak: int | None, batas: int) -> selectors.Susulan:
        return selectors.susulan_tiket(tiket=self.tiket, aktor=self.aktor, sejak=sejak, batas=batas)
