"""The hub's commit-order window (antrian.consumers._hub): event messages that two publishing processes
let overtake each other by less than REALTIME_TAHAN_URUTAN_MS reach the streams in position order."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from antrian import realtime
from antrian.consumers._hub import Hub
from tests.antrian._hub_umum import _LayerUji, _Penerima, _pesan, _sampai


class _Jam:
    def __init__(self) -> None:
        self.sekarang = 1000.0

    def __call__(self) -> float:
        return self.sekarang


def _urutan(penerima: _Penerima) -> list[int]:
    return [json.loads(t or "")["urutan"] for t in penerima.teks]


async def _hub_dengan(settings: Any, ms: int, penerima: _Penerima) -> tuple[Hub, _Jam]:
    settings.REALTIME_TAHAN_URUTAN_MS = ms
    jam = _Jam()
    hub = Hub(_LayerUji(), jam=jam)
    await hub.gabung("g", penerima)
    return hub, jam


async def test_peristiwa_yang_tersusul_dalam_jendela_dibagikan_menurut_urutan(settings):
    # A window of 10 s on a clock the test moves: the real timer never fires during the test.
    penerima = _Penerima()
    hub, jam = await _hub_dengan(settings, 10_000, penerima)

    hub.salurkan(_pesan("g", 5))
    jam.sekarang += 4
    hub.salurkan(_pesan("g", 3))  # committed before 5, published after it
    jam.sekarang += 2
    hub.salurkan(_pesan("g", 7))
    assert penerima.teks == [], "held for the window"

    jam.sekarang += 3.9  # 9.9 s after 5 arrived
    hub._lepas()
    assert penerima.teks == []
    jam.sekarang += 0.1  # 5's window is over: it goes, and 3 (a smaller position) before it
    hub._lepas()
    assert _urutan(penerima) == [3, 5]
    jam.sekarang += 6  # 7's window is over too
    hub._lepas()
    assert _urutan(penerima) == [3, 5, 7]
    hub.hentikan()


async def test_pesan_selain_peristiwa_tidak_ditahan(settings):
    penerima = _Penerima()
    hub, _jam = await _hub_dengan(settings, 10_000, penerima)

    hub.salurkan(
        realtime.dengan_grup("g", {"type": realtime.JENIS_NOTIFIKASI, "id": 1, "jenis": "x", "nomor": "A"})
    )

    assert len(penerima.teks) == 1
    hub.hentikan()


async def test_jendela_nol_membagikan_seketika(settings):
    penerima = _Penerima()
    hub, _jam = await _hub_dengan(settings, 0, penerima)

    hub.salurkan(_pesan("g", 5))
    hub.salurkan(_pesan("g", 3))

    assert _urutan(penerima) == [5, 3], "no window: as they arrive (the stream decides what a late one means)"
    hub.hentikan()


async def test_pengatur_waktu_sungguhan_melepas_tanpa_bantuan(settings):
    settings.REALTIME_TAHAN_URUTAN_MS = 20
    penerima = _Penerima()
    hub = Hub(_LayerUji())
    await hub.gabung("g", penerima)

    hub.salurkan(_pesan("g", 2))
    hub.salurkan(_pesan("g", 1))
    await asyncio.sleep(0.005)
    hub.salurkan(_pesan("g", 4))
    await _sampai(lambda: len(penerima.teks) == 3)

    assert _urutan(penerima) == [1, 2, 4]
    hub.hentikan()


async def test_hentikan_membatalkan_pelepasan_yang_terjadwal(settings):
    penerima = _Penerima()
    hub, _jam = await _hub_dengan(settings, 10, penerima)
    hub.salurkan(_pesan("g", 1))

    hub.hentikan()
    await asyncio.sleep(0.05)

    assert penerima.teks == [] and hub._jadwal_lepas is None


def _tuntas(*posisi: int) -> dict[str, Any]:
    """The message that ends a publisher's batch: the dashboards' change, naming the batch's positions."""
    return realtime.dengan_grup(
        realtime.grup_dasbor(), {"type": realtime.JENIS_DASBOR, "unit": [1], "urutan": list(posisi)}
    )


async def test_peristiwa_langsung_dilepas_bila_semua_posisi_sebelumnya_tuntas(settings):
    penerima = _Penerima()
    hub, jam = await _hub_dengan(settings, 10_000, penerima)
    hub.salurkan(_pesan("g", 5))
    assert penerima.teks == [], "the first event waits for its batch's end"
    hub.salurkan(_tuntas(5))  # the first batch heard: nothing before it is waited for
    assert _urutan(penerima) == [5]

    hub.salurkan(_pesan("g", 6))  # everything below 6 is settled: at once
    hub.salurkan(_pesan("g", 6))  # the same event through a second group: at once too
    hub.salurkan(_tuntas(6))
    hub.salurkan(_pesan("g", 8))  # 7's batch has not ended: held
    assert _urutan(penerima) == [5, 6, 6]
    hub.salurkan(_tuntas(7))  # 7 had nothing for this process's streams: 8 may go now
    assert _urutan(penerima) == [5, 6, 6, 8]

    hub.salurkan(_tuntas(8))
    hub.salurkan(_pesan("g", 10))  # 9 never settles (its publisher died, its commit failed)
    jam.sekarang += 10
    hub._lepas()  # given up on after the window
    hub.salurkan(_pesan("g", 11))  # from there on, nothing waits for 9
    assert _urutan(penerima) == [5, 6, 6, 8, 10, 11]
    hub.hentikan()


async def test_batch_yang_tersusul_menahan_yang_menyusul_sampai_tuntas(settings):
    # Two publishers crossed: 8's batch arrives complete before 7's.
    penerima = _Penerima()
    hub, _jam = await _hub_dengan(settings, 10_000, penerima)
    hub.salurkan(_tuntas(6))
    hub.salurkan(_pesan("g", 8))
    hub.salurkan(_tuntas(8))
    assert penerima.teks == []
    hub.salurkan(_pesan("g", 7))
    hub.salurkan(_tuntas(7))

    assert _urutan(penerima) == [7, 8]
    hub.hentikan()


async def test_yang_terlambat_setelah_posisi_lebih_besar_dilepas_tidak_ditahan_lagi(settings):
    # Holding it would not help: the stream decides (a duplicate is skipped, a late one means a reload).
    penerima = _Penerima()
    hub, _jam = await _hub_dengan(settings, 10_000, penerima)
    hub.salurkan(_pesan("g", 5))
    hub.salurkan(_tuntas(5))

    hub.salurkan(_pesan("g", 4))

    assert _urutan(penerima) == [5, 4]
    hub.hentikan()


async def test_celah_yang_tidak_pernah_tuntas_dilepaskan_tanpa_ada_peristiwa_tertahan(settings):
    # A process whose streams hear nothing (only dashboards) still gives a dead position up after the
    # window, so the settled positions above it do not pile up.
    penerima = _Penerima()
    hub, jam = await _hub_dengan(settings, 1_000, penerima)
    hub.salurkan(_tuntas(1))
    for posisi in range(3, 50):  # 2 never settles
        hub.salurkan(_tuntas(posisi))
        jam.sekarang += 0.1
    assert hub._tuntas == 49 and hub._terlihat == set()
    hub.salurkan(_pesan("g", 50))
    assert _urutan(penerima) == [50], "nothing waits for 2 any more"
    hub.hentikan()
