"""Shared by the hub's tests (test_hub.py, test_hub_aliran.py, test_hub_urutan.py): a channel layer whose
joins and leaves a test can hold open, a recording receiver, event messages, and waiting on a condition.

`_tanpa_jendela_urutan` is declared autouse but only applies in a module that imports it by name (this is
not a conftest): test_hub.py and test_hub_aliran.py do; test_hub_urutan.py tests the window itself, so it
does not."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from antrian import realtime
from tests.antrian._konsumen_umum import BATAS


@pytest.fixture(autouse=True)
def _tanpa_jendela_urutan(settings: Any) -> None:
    # These tests hand messages to the hub and look at once; the commit-order window (which holds event
    # messages a moment) has its own tests in test_hub_urutan.py.
    settings.REALTIME_TAHAN_URUTAN_MS = 0


class _LayerUji:
    """Records joins and leaves; `tahan_*` holds the next ones until released."""

    def __init__(self) -> None:
        self.tambah: list[str] = []
        self.buang: list[str] = []
        self.tahan_tambah: asyncio.Event | None = None
        self.tahan_buang: asyncio.Event | None = None
        self.gagal_tambah = False
        self.masuk: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def new_channel(self) -> str:
        return "hub-uji!1"

    async def receive(self, kanal: str) -> dict[str, Any]:
        return await self.masuk.get()

    async def group_add(self, grup: str, kanal: str) -> None:
        self.tambah.append(grup)
        if self.tahan_tambah is not None:
            await self.tahan_tambah.wait()
        if self.gagal_tambah:
            raise ConnectionError("Redis mati")

    async def group_discard(self, grup: str, kanal: str) -> None:
        self.buang.append(grup)
        if self.tahan_buang is not None:
            await self.tahan_buang.wait()


class _Penerima:
    def __init__(self) -> None:
        self.teks: list[str | None] = []
        self.susul: list[int] = []

    def terima_siaran(self, pesan: dict[str, Any], teks: str | None) -> None:
        self.teks.append(teks)

    def susul_ulang(self, batas_aman: int) -> None:
        self.susul.append(batas_aman)


def _pesan(grup: str, urutan: int) -> dict[str, Any]:
    return realtime.dengan_grup(
        grup,
        {
            "type": realtime.JENIS_PERISTIWA,
            "id": urutan,
            "urutan": urutan,
            "jenis": "transisi",
            "aksi": "mulai",
            "nomor": f"X-{urutan}",
            "status": "diproses",
            "unit": 1,
        },
    )


async def _sampai(kondisi: Callable[[], bool]) -> None:
    async with asyncio.timeout(BATAS):
        while not kondisi():
            await asyncio.sleep(0)
