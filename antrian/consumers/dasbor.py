"""The dashboard's live counters (/ws/dasbor/): managers see every unit, supervisors their own units.

Counters per unit — new, assigned, overdue, resolved today — are sent on connect and re-read when an event
touches the unit. A burst of events costs at most one read per unit per REALTIME_DASBOR_JEDA_DETIK (the
first at once, the rest folded into one at the end of the interval), and every unit is re-read every
REALTIME_DASBOR_SEGAR_DETIK because "overdue" grows with the clock alone. There is nothing to catch up
on a reconnect: counters are state, sent whole on connect.

Frames to the client: {"tipe": "dasbor", "unit": [{"unit", "kode", "nama", "baru", "ditugaskan",
"terlambat", "selesai_hari_ini"}, ...]}, {"tipe": "detak"}, {"tipe": "pong"}.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from antrian import realtime, selectors
from antrian.consumers._dasar import TUTUP_BELUM_MASUK, TUTUP_DILARANG, KonsumenDasar, Tolak
from antrian.exceptions import TidakDiizinkan

log = logging.getLogger(__name__)


class Peredam:
    """At most one run per key (a unit id) per `jeda` seconds: the first trigger runs at once, triggers
    during the interval fold into one run at its end. The clock and the sleep are injectable for tests."""

    def __init__(
        self,
        jalankan: Callable[[int], Awaitable[None]],
        *,
        jeda: float,
        jam: Callable[[], float] = time.monotonic,
        tidur: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._jalankan = jalankan
        self._jeda = jeda
        self._jam = jam
        self._tidur = tidur
        self._terakhir: dict[int, float] = {}
        self._terjadwal: dict[int, asyncio.Future[None]] = {}

    def picu(self, kunci: int) -> None:
        if kunci in self._terjadwal:
            return
        terakhir = self._terakhir.get(kunci)
        tunda = 0.0 if terakhir is None else max(0.0, terakhir + self._jeda - self._jam())
        self._terjadwal[kunci] = asyncio.ensure_future(self._nanti(kunci, tunda))

    async def _nanti(self, kunci: int, tunda: float) -> None:
        try:
            if tunda > 0:
                await self._tidur(tunda)
        finally:
            self._terjadwal.pop(kunci, None)
        self._terakhir[kunci] = self._jam()
        await self._jalankan(kunci)

    def batalkan(self) -> None:
        for tugas in list(self._terjadwal.values()):
            tugas.cancel()
        self._terjadwal.clear()


class DasborConsumer(KonsumenDasar):
    unit_ids: list[int]

    async def connect(self) -> None:
        # The hub may hand over a message before the counters are first read: nothing to refresh yet.
        self._boleh: set[int] = set()
        self._peredam: Peredam | None = None
        await super().connect()

    def periksa_akses(self) -> list[str]:
        aktor = self.aktor_sesi()
        if aktor.pengguna is None:
            raise Tolak(TUTUP_BELUM_MASUK)
        try:
            self.unit_ids = selectors.unit_dasbor(aktor=aktor)
        except TidakDiizinkan as exc:
            raise Tolak(TUTUP_DILARANG) from exc
        self.aktor = aktor
        return [realtime.grup_dasbor()]

    async def setelah_terima(self) -> None:
        self._peredam = Peredam(self._segarkan_satu, jeda=float(settings.REALTIME_DASBOR_JEDA_DETIK))
        self._boleh = set(self.unit_ids)
        await self._segarkan(self.unit_ids)
        self.jalankan(self._segarkan_berkala())

    async def disconnect(self, code: int) -> None:
        peredam = getattr(self, "_peredam", None)
        if peredam is not None:
            peredam.batalkan()
        await super().disconnect(code)

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        """Units touched by an event (type `dasbor.ubah`)."""
        if pesan.get("type") != realtime.JENIS_DASBOR or self._peredam is None:
            return
        for unit_id in pesan.get("unit", []):
            if unit_id in self._boleh:
                self._peredam.picu(unit_id)

    def susul_ulang(self, batas_aman: int) -> None:
        # Counters are state: after messages may have been lost, read every unit again.
        if self._peredam is not None:
            for unit_id in self._boleh:
                self._peredam.picu(unit_id)

    def saat_meluap(self) -> None:
        # Older counters were dropped; fresh ones replace them.
        self.susul_ulang(0)

    async def _segarkan_satu(self, unit_id: int) -> None:
        await self._segarkan([unit_id])

    async def _segarkan(self, unit_ids: list[int]) -> None:
        try:
            baris = await database_sync_to_async(selectors.penghitung_dasbor)(
                aktor=self.aktor, unit_ids=unit_ids
            )
        except Exception:
            log.exception("Membaca penghitung dasbor gagal")
            return
        self.kirim({"tipe": "dasbor", "unit": baris})

    async def _segarkan_berkala(self) -> None:
        jeda = float(settings.REALTIME_DASBOR_SEGAR_DETIK)
        while True:
            await asyncio.sleep(jeda)
            await self._segarkan(self.unit_ids)
