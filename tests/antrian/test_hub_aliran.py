"""The per-process hub (antrian.consumers._hub) through the real application (in-memory layer, or Redis
with REDIS_URL): one group membership per process, per-connection writers and their overflow, and catching
up again after lost messages. The hub on its own: test_hub.py."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from unittest import mock

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from antrian import realtime, services
from antrian.consumers import PetugasConsumer, _dasar, _hub
from antrian.consumers._hub import Hub
from antrian.izin import Aktor
from tests.antrian._hub_umum import _sampai, _tanpa_jendela_urutan  # noqa: F401  (autouse here too)
from tests.antrian._konsumen_umum import (
    BATAS,
    _tutup_koneksi_thread_db,  # noqa: F401  (autouse here too)
    jalankan,
    sambung,
    sambung_siap,
    terima,
    tiket_baru,
    urutan_sejak,
    urutan_terakhir,
)
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor


def _hub_ini() -> Hub:
    return _hub.hub_untuk(get_channel_layer())


@pytest.mark.django_db(transaction=True)
async def test_dua_konsumen_satu_unit_satu_keanggotaan_grup_per_proses_yang_terakhir_keluar_membuangnya(
    unit, petugas, petugas_kedua, settings
):
    grup = realtime.grup_unit(unit.pk)
    pertama, _ = await sambung_siap("/ws/petugas/", petugas)
    kedua, _ = await sambung_siap("/ws/petugas/", petugas_kedua)
    layer, hub = get_channel_layer(), _hub_ini()
    assert hub.jumlah_anggota(grup) == 2
    if not settings.REDIS_URL:
        assert len(layer.groups[grup]) == 1  # one channel for the whole process, not one per client

    await pertama.disconnect()
    tiket = await tiket_baru(unit)
    assert (await terima(kedua))["nomor"] == tiket.nomor  # the other one still hears the unit

    await kedua.disconnect()
    await _sampai(lambda: not hub.tergabung(grup))
    if not settings.REDIS_URL:
        assert grup not in layer.groups


class _KlienManual:
    """An ASGI websocket client whose sends the test can hold: a slow reader on a slow network."""

    def __init__(self, path: str, pengguna: Any) -> None:
        self.masuk: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.keluar: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.lepas = asyncio.Event()
        self.lepas.set()
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": [],
            "user": pengguna,
            "url_route": {"args": (), "kwargs": {}},
        }
        self.tugas = asyncio.ensure_future(PetugasConsumer.as_asgi()(scope, self.masuk.get, self._kirim))

    async def _kirim(self, pesan: dict[str, Any]) -> None:
        if pesan["type"] == "websocket.send":
            await self.lepas.wait()
        await self.keluar.put(pesan)

    async def sambung(self) -> None:
        await self.masuk.put({"type": "websocket.connect"})
        assert (await asyncio.wait_for(self.keluar.get(), BATAS))["type"] == "websocket.accept"

    async def bingkai(self) -> dict[str, Any]:
        pesan = await asyncio.wait_for(self.keluar.get(), BATAS)
        assert pesan["type"] == "websocket.send", pesan
        return dict(json.loads(pesan["text"]))

    async def tutup(self) -> None:
        self.lepas.set()
        await self.masuk.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(self.tugas, BATAS)


@pytest.mark.django_db(transaction=True)
async def test_klien_lambat_tidak_menahan_klien_lain_dan_antrean_yang_meluap_diganti_muat_ulang(
    unit, petugas, petugas_kedua, monkeypatch, settings
):
    tiket = [await tiket_baru(unit) for _ in range(6)]
    cepat, _ = await sambung_siap("/ws/petugas/", petugas_kedua)
    # The slow client's queue holds at most 3 frames (the bound is fixed when a client connects).
    settings.REALTIME_SUSULAN_MAKS = 2
    monkeypatch.setattr(_dasar, "ANTREAN_KLIEN_LEBIH", 1)
    lambat = _KlienManual("/ws/petugas/", petugas.pengguna)
    await lambat.sambung()
    assert (await lambat.bingkai())["tipe"] == "siap"
    lambat.lepas.clear()  # from here on the slow client's network takes nothing

    for t in tiket[:5]:
        await jalankan(services.tiket_ambil, tiket=t, aktor=aktor(petugas_kedua))
    cepat_terima = [await terima(cepat) for _ in range(5)]
    assert [d["nomor"] for d in cepat_terima] == [t.nomor for t in tiket[:5]]  # not held up

    # The slow client: one frame was in flight when its network stalled, three waited, then the queue
    # overflowed and was replaced by one reload notice; the stream goes on after it.
    await jalankan(services.tiket_ambil, tiket=tiket[5], aktor=aktor(petugas_kedua))
    lambat.lepas.set()
    diterima = [await lambat.bingkai() for _ in range(3)]
    urutan = [d["urutan"] for d in cepat_terima]
    assert diterima[0]["urutan"] == urutan[0]
    assert diterima[1] == {"tipe": "muat_ulang", "terakhir": urutan[4]}
    assert (diterima[2]["nomor"], diterima[2]["urutan"]) == (
        tiket[5].nomor,
        (await urutan_sejak(urutan[4]))[0],
    )
    await lambat.tutup()
    await cepat.disconnect()


def _tanpa_siaran() -> Any:
    """Commit without the live message leaving this process (as if the layer lost it)."""
    return mock.patch.object(realtime._pengirim, "serahkan", return_value=True)


async def _ambil_tanpa_siaran(t: Any, petugas: Any) -> None:
    def ambil() -> None:
        with _tanpa_siaran():
            services.tiket_ambil(tiket=t, aktor=Aktor.dari_pengguna(petugas.pengguna))

    await database_sync_to_async(ambil)()


@pytest.mark.django_db(transaction=True)
async def test_setelah_pesan_hilang_aliran_menyusul_dari_log_tanpa_celah_dan_tanpa_duplikat(
    unit, petugas, monkeypatch
):
    tiket = [await tiket_baru(unit) for _ in range(3)]
    sejak = await urutan_terakhir()
    komunikator, _ = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)
    await jalankan(services.tiket_ambil, tiket=tiket[0], aktor=aktor(petugas))
    assert (await terima(komunikator))["nomor"] == tiket[0].nomor
    await _ambil_tanpa_siaran(tiket[1], petugas)  # lost on the way

    # A live event commits as the catch-up starts: its message reaches the buffer, and the read sees it too.
    asli = PetugasConsumer.ambil_susulan
    sekali: list[int] = []

    def susulan_dengan_commit(self: PetugasConsumer, sejak: int | None, batas: int) -> Any:
        if not sekali:
            sekali.append(1)
            services.tiket_ambil(tiket=tiket[2], aktor=Aktor.dari_pengguna(petugas.pengguna))
            akhir = time.monotonic() + BATAS
            while not self._penyangga and time.monotonic() < akhir:
                time.sleep(0.005)
            assert self._penyangga
        return asli(self, sejak, batas)

    monkeypatch.setattr(PetugasConsumer, "ambil_susulan", susulan_dengan_commit)
    _hub_ini()._sambung_ulang()  # what the Redis layer reports after resubscribing
    diterima = [await terima(komunikator) for _ in range(2)]

    assert [d["nomor"] for d in diterima] == [tiket[1].nomor, tiket[2].nomor]
    assert [d["urutan"] for d in diterima] == (await urutan_sejak(sejak))[1:]
    await jalankan(services.tiket_mulai, tiket=tiket[0], aktor=aktor(petugas))
    assert (await terima(komunikator))["aksi"] == "mulai"  # next frame: nothing sent twice before it
    await komunikator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_pesan_hilang_yang_lebih_tua_dari_yang_sudah_dikirim_memicu_muat_ulang_saat_menyusul(
    unit, petugas
):
    tiket = [await tiket_baru(unit) for _ in range(2)]
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)
    await _ambil_tanpa_siaran(tiket[0], petugas)  # lost
    await jalankan(services.tiket_ambil, tiket=tiket[1], aktor=aktor(petugas))  # newer, delivered
    dikirim = await terima(komunikator)

    _hub_ini()._sambung_ulang()

    assert await terima(komunikator) == {"tipe": "muat_ulang", "terakhir": dikirim["urutan"]}
    await komunikator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_dasbor_membaca_ulang_penghitung_setelah_pesan_mungkin_hilang(unit, supervisor):
    komunikator = await sambung("/ws/dasbor/", supervisor)
    assert (await terima(komunikator))["unit"][0]["baru"] == 0
    await database_sync_to_async(_buat_tiket_tanpa_siaran)(unit)

    _hub_ini()._sambung_ulang()

    assert (await terima(komunikator))["unit"][0]["baru"] == 1
    await komunikator.disconnect()


def _buat_tiket_tanpa_siaran(unit: Any) -> None:
    with _tanpa_siaran():
        buat_tiket(unit)


@pytest.mark.django_db(transaction=True)
async def test_notifikasi_sampai_ke_aliran_petugas_lewat_hub(unit, petugas):
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)
    grup = realtime.grup_petugas(petugas.pk)
    pesan = {"type": realtime.JENIS_NOTIFIKASI, "id": 41, "jenis": "terlambat", "nomor": "ADU-1"}

    await get_channel_layer().group_send(grup, realtime.dengan_grup(grup, pesan))

    assert await terima(komunikator) == {
        "tipe": "notifikasi",
        "id": 41,
        "jenis": "terlambat",
        "nomor": "ADU-1",
    }
    await komunikator.disconnect()
