"""The per-process hub (antrian.consumers._hub) on its own, on a layer whose joins and leaves the test holds
open: one layer channel per process, counted joins, one frame for all local consumers, and the safe
position for catching up. Through the real application: test_hub_aliran.py."""

from __future__ import annotations

import asyncio
import json

import pytest

from antrian import realtime
from antrian.consumers import _hub
from antrian.consumers._hub import Hub, _JejakPosisi
from tests.antrian._hub_umum import (  # the autouse fixture applies here too
    _LayerUji,
    _Penerima,
    _pesan,
    _sampai,
    _tanpa_jendela_urutan,  # noqa: F401
)


async def test_dua_penerima_satu_grup_satu_gabung_ke_layer_dan_yang_tersisa_tetap_menerima():
    layer, a, b = _LayerUji(), _Penerima(), _Penerima()
    hub = Hub(layer)

    await hub.gabung("g", a)
    await hub.gabung("g", b)
    await hub.keluar("g", a)
    hub.salurkan(_pesan("g", 7))

    assert layer.tambah == ["g"] and layer.buang == []
    assert (a.teks, len(b.teks)) == ([], 1)
    assert json.loads(b.teks[0] or "") == _hub.bingkai_peristiwa(_pesan("g", 7))

    await hub.keluar("g", b)
    assert layer.buang == ["g"] and not hub.tergabung("g")
    hub.hentikan()


async def test_penggabung_serentak_menunggu_satu_group_add_yang_sama():
    layer, a, b = _LayerUji(), _Penerima(), _Penerima()
    layer.tahan_tambah = asyncio.Event()
    hub = Hub(layer)

    pertama = asyncio.ensure_future(hub.gabung("g", a))
    await _sampai(lambda: layer.tambah == ["g"])
    kedua = asyncio.ensure_future(hub.gabung("g", b))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert not pertama.done() and not kedua.done()  # neither returns before the group is joined

    layer.tahan_tambah.set()
    await asyncio.gather(pertama, kedua)
    assert layer.tambah == ["g"] and hub.tergabung("g") and hub.jumlah_anggota("g") == 2
    hub.hentikan()


async def test_penggabung_yang_datang_saat_yang_terakhir_keluar_menunggu_lalu_bergabung_lagi():
    layer, a, b = _LayerUji(), _Penerima(), _Penerima()
    hub = Hub(layer)
    await hub.gabung("g", a)
    layer.tahan_buang = asyncio.Event()

    keluar = asyncio.ensure_future(hub.keluar("g", a))
    await _sampai(lambda: layer.buang == ["g"])
    masuk = asyncio.ensure_future(hub.gabung("g", b))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert not masuk.done()  # it must not trust a membership that is being discarded

    layer.tahan_buang.set()
    await asyncio.gather(keluar, masuk)
    assert (layer.tambah, layer.buang) == (["g", "g"], ["g"])
    assert hub.tergabung("g")
    hub.salurkan(_pesan("g", 3))
    assert len(b.teks) == 1
    hub.hentikan()


async def test_yang_keluar_saat_gabung_masih_berjalan_membuat_grup_ditinggalkan_setelahnya():
    layer, a = _LayerUji(), _Penerima()
    layer.tahan_tambah = asyncio.Event()
    hub = Hub(layer)

    masuk = asyncio.ensure_future(hub.gabung("g", a))
    await _sampai(lambda: layer.tambah == ["g"])
    keluar = asyncio.ensure_future(hub.keluar("g", a))
    layer.tahan_tambah.set()
    await asyncio.gather(masuk, keluar)

    assert (layer.tambah, layer.buang) == (["g"], ["g"])
    assert not hub.tergabung("g") and hub.jumlah_anggota("g") == 0
    hub.hentikan()


async def test_gabung_yang_ditolak_layer_dilaporkan_dan_penggabung_berikutnya_mencoba_lagi():
    layer, a, b = _LayerUji(), _Penerima(), _Penerima()
    hub = Hub(layer)
    layer.gagal_tambah = True

    with pytest.raises(ConnectionError):
        await hub.gabung("g", a)
    assert hub.jumlah_anggota("g") == 0

    layer.gagal_tambah = False
    await hub.gabung("g", b)
    assert hub.tergabung("g") and layer.tambah == ["g", "g"]
    hub.hentikan()


async def test_pesan_diterima_lewat_saluran_hub_dan_hanya_untuk_grupnya():
    layer, a, b = _LayerUji(), _Penerima(), _Penerima()
    hub = Hub(layer)
    await hub.gabung("g", a)
    await hub.gabung("h", b)

    await layer.masuk.put(_pesan("h", 9))
    await layer.masuk.put({"type": realtime.JENIS_PERISTIWA, "id": 10, "urutan": 10})  # no group: nobody
    await _sampai(lambda: layer.masuk.empty() and len(b.teks) == 1)
    await asyncio.sleep(0)

    assert a.teks == [] and json.loads(b.teks[0] or "")["urutan"] == 9
    hub.hentikan()


def test_posisi_aman_adalah_yang_diterima_cukup_lama_sebelum_penerimaan_terakhir():
    jam = [100.0]
    jejak = _JejakPosisi(10.0, jam=lambda: jam[0])
    for detik, urutan in ((100.0, 5), (104.0, 8), (109.0, 12), (113.0, 15)):
        jam[0] = detik
        jejak.catat(urutan)
    # Received 10 s or more before the latest receipt (113 s): positions 5 (100 s); not yet 8 (104 s).
    assert jejak.aman == 5
    jam[0] = 114.0
    jejak.catat(14)  # an older position arriving late changes nothing
    assert jejak.aman == 5
    jam[0] = 119.5
    jejak.catat(20)
    assert jejak.aman == 12
