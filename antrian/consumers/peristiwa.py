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

Frames to the client: {"tipe": "peristiwa", "id", "urutan", "jenis", "aksi", "nomor", "status", "unit"}
(`id` is the event as the API shows it, `urutan` what to resume from), {"tipe": "siap", "terakhir"} once
live, {"tipe": "muat_ulang", "terakhir"}, {"tipe": "detak"}, {"tipe": "pong"}, and on the officer stream
{"tipe": "notifikasi", "id", "jenis", "nomor"}.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from antrian import realtime, selectors
from antrian.consumers._dasar import (
    TUTUP_BELUM_MASUK,
    TUTUP_DILARANG,
    TUTUP_GALAT_SERVER,
    TUTUP_TIDAK_DITEMUKAN,
    KonsumenDasar,
    Tolak,
)
from antrian.exceptions import TidakDitemukan
from antrian.models import Tiket

log = logging.getLogger(__name__)

KUNCI_PERISTIWA = ("id", "urutan", "jenis", "aksi", "nomor", "status", "unit")
# Positions remembered per connection to tell a duplicate (already sent) from a late one (never sent).
INGATAN_TERKIRIM = 4096


def _bingkai(pesan: dict[str, Any]) -> dict[str, Any]:
    return {"tipe": "peristiwa", **{kunci: pesan[kunci] for kunci in KUNCI_PERISTIWA}}


class _KonsumenAliran(KonsumenDasar):
    """Catch-up, buffer, then live; subclasses say which events (`ambil_susulan`) and which groups."""

    sejak: int | None = None

    def ambil_susulan(self, sejak: int | None, batas: int) -> selectors.Susulan:
        raise NotImplementedError

    def _susulan_bingkai(self, sejak: int | None) -> tuple[list[dict[str, Any]], bool, int]:
        susulan = self.ambil_susulan(sejak, int(settings.REALTIME_SUSULAN_MAKS))
        bingkai = [
            _bingkai({**realtime.muatan(p, p.tiket.nomor or "", p.ke_status), "urutan": p.urutan})
            for p in susulan.peristiwa
        ]
        return bingkai, susulan.penuh, susulan.terakhir

    async def setelah_terima(self) -> None:
        self._terakhir = 0  # the newest position sent on this connection (or the one it starts from)
        self._batas_awal = 0  # positions at or below this are covered by what the client already has
        self._ingatan: deque[int] = deque(maxlen=INGATAN_TERKIRIM)
        self._terkirim: set[int] = set()
        self._penyangga: list[dict[str, Any]] = []
        self._menyusul = True
        self.jalankan(self._susul())

    async def _susul(self) -> None:
        try:
            bingkai, penuh, terakhir = await database_sync_to_async(self._susulan_bingkai)(self.sejak)
        except Exception:
            log.exception("Membaca susulan dari log peristiwa gagal")
            await self.close(code=TUTUP_GALAT_SERVER)
            return
        if penuh:
            self._terakhir = self._batas_awal = terakhir
            await self.kirim({"tipe": "muat_ulang", "terakhir": terakhir})
        else:
            self._terakhir = self._batas_awal = self.sejak if self.sejak is not None else terakhir
            for data in bingkai:
                await self._teruskan(data)
        # Live messages buffered meanwhile, in position order; more may arrive while these are sent.
        while self._penyangga:
            antre, self._penyangga = sorted(self._penyangga, key=lambda d: d["urutan"]), []
            for data in antre:
                await self._teruskan(data)
        self._menyusul = False
        await self.kirim({"tipe": "siap", "terakhir": self._terakhir})

    async def _teruskan(self, data: dict[str, Any]) -> None:
        urutan = int(data["urutan"])
        if urutan > self._terakhir:
            self._terakhir = urutan
            if len(self._ingatan) == self._ingatan.maxlen:
                self._terkirim.discard(self._ingatan[0])
            self._ingatan.append(urutan)
            self._terkirim.add(urutan)
            await self.kirim(data)
        elif urutan <= self._batas_awal or urutan in self._terkirim:
            return  # the client has it already
        else:
            # Older than one already sent and never sent itself: sending it now would let the client
            # resume past it after a drop; a reload is the only way to give it without a gap.
            log.info(
                "Posisi %s tiba terlambat (terakhir %s); klien diminta memuat ulang", urutan, self._terakhir
            )
            self._batas_awal = self._terakhir
            await self.kirim({"tipe": "muat_ulang", "terakhir": self._terakhir})

    async def peristiwa_tiket(self, pesan: dict[str, Any]) -> None:
        """A live event from the channel layer (type `peristiwa.tiket`)."""
        if pesan.get("urutan") is None:
            # Only a message whose position could not be read back after its commit; the log has it.
            log.warning("Peristiwa #%s tanpa posisi aliran; tidak diteruskan", pesan.get("id"))
            return
        data = _bingkai(pesan)
        if self._menyusul:
            self._penyangga.append(data)
            return
        await self._teruskan(data)


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

    async def notifikasi(self, pesan: dict[str, Any]) -> None:
        """A notification for this officer (escalation); its id is not an event id."""
        await self.kirim(
            {"tipe": "notifikasi", "id": pesan["id"], "jenis": pesan["jenis"], "nomor": pesan["nomor"]}
        )


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
            tiket, aktor = selectors.tiket_untuk(aktor=aktor, nomor=nomor, token=token)
        except TidakDitemukan as exc:
            raise Tolak(TUTUP_TIDAK_DITEMUKAN) from exc
        self.sejak = self.parameter_sejak()
        self.aktor, self.tiket = aktor, tiket
        grup = [realtime.grup_tiket(tiket.pk)]
        if selectors.melihat_sebagai_staf(aktor, tiket):
            grup.append(realtime.grup_tiket_internal(tiket.pk))
        return grup

    def ambil_susulan(self, sejak: int | None, batas: int) -> selectors.Susulan:
        return selectors.susulan_tiket(tiket=self.tiket, aktor=self.aktor, sejak=sejak, batas=batas)
