"""Websocket streams through the real ASGI application, one process: nothing lost (catch-up after a
reconnect, the seam between catch-up and live messages, the catch-up bound), live messages out of order,
and heartbeats. Who may connect and what each viewer gets are in test_consumer.py."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from channels.layers import get_channel_layer

from antrian import realtime, services
from antrian.consumers import PetugasConsumer
from antrian.izin import Aktor
from tests.antrian._konsumen_umum import (  # the two autouse fixtures apply here too
    BATAS,
    _awalan_kanal_sendiri,  # noqa: F401
    _tutup_koneksi_thread_db,  # noqa: F401
    jalankan,
    sambung_siap,
    terima,
    tiket_baru,
    urutan_sejak,
    urutan_terakhir,
)
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=True)


# --- nothing lost: catch-up, the seam, the bound -----------------------------------------------------------


async def test_sambung_ulang_dengan_sejak_menyusul_tanpa_duplikat_dan_tanpa_celah(unit, petugas, warga):
    tiket = [await tiket_baru(unit, pemohon=warga) for _ in range(3)]
    pertama, _ = await sambung_siap("/ws/petugas/", petugas)
    await jalankan(services.tiket_ambil, tiket=tiket[0], aktor=aktor(petugas))
    dilihat = (await terima(pertama))["urutan"]
    await pertama.disconnect()

    # While the client is away: two transitions and a reply.
    await jalankan(services.tiket_ambil, tiket=tiket[1], aktor=aktor(petugas))
    await jalankan(services.tiket_mulai, tiket=tiket[0], aktor=aktor(petugas))
    await jalankan(services.tiket_tanggapi, tiket=tiket[2], aktor=aktor(warga), isi="Mohon dipercepat")
    terlewat = await urutan_sejak(dilihat)

    kedua, susulan = await sambung_siap(f"/ws/petugas/?sejak={dilihat}", petugas)
    await jalankan(services.tiket_mulai, tiket=tiket[1], aktor=aktor(petugas))
    langsung = await terima(kedua)

    assert [d["urutan"] for d in susulan] == terlewat
    assert [d["aksi"] for d in susulan] == ["ambil", "mulai", "tanggapi"]
    assert langsung["aksi"] == "mulai" and langsung["urutan"] > terlewat[-1]
    await kedua.disconnect()


async def test_susulan_tiket_untuk_warga_melewatkan_peristiwa_internal(unit, warga, petugas):
    tiket = await tiket_baru(unit, pemohon=warga)
    sejak = await urutan_terakhir()
    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas))
    await jalankan(services.tiket_tanggapi, tiket=tiket, aktor=aktor(petugas), isi="Internal", internal=True)
    await jalankan(services.tiket_mulai, tiket=tiket, aktor=aktor(petugas))

    komunikator, susulan = await sambung_siap(f"/ws/tiket/{tiket.nomor}/?sejak={sejak}", warga)

    assert [d["aksi"] for d in susulan] == ["ambil", "mulai"]
    await komunikator.disconnect()


async def test_terlalu_banyak_yang_terlewat_klien_diminta_memuat_ulang(unit, petugas, settings):
    settings.REALTIME_SUSULAN_MAKS = 3
    sejak = await urutan_terakhir()
    for _ in range(4):
        await tiket_baru(unit)
    terakhir = await urutan_terakhir()

    komunikator, susulan = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)

    assert susulan == [{"tipe": "muat_ulang", "terakhir": terakhir}]
    # From the reload on, the stream is live again.
    tiket = await tiket_baru(unit)
    assert (await terima(komunikator))["nomor"] == tiket.nomor
    await komunikator.disconnect()


async def test_tepat_sebanyak_batas_masih_disusulkan(unit, petugas, settings):
    settings.REALTIME_SUSULAN_MAKS = 3
    sejak = await urutan_terakhir()
    nomor = [(await tiket_baru(unit)).nomor for _ in range(3)]

    komunikator, susulan = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)

    assert [(d["tipe"], d["nomor"]) for d in susulan] == [("peristiwa", n) for n in nomor]
    await komunikator.disconnect()


@pytest.mark.parametrize("saat", ["sebelum_baca", "sesudah_baca"])
async def test_peristiwa_yang_commit_selama_menyusul_tiba_tepat_sekali(unit, petugas, monkeypatch, saat):
    tiket = [await tiket_baru(unit) for _ in range(2)]
    sejak = await urutan_terakhir()
    await jalankan(services.tiket_ambil, tiket=tiket[0], aktor=aktor(petugas))
    asli = PetugasConsumer.ambil_susulan

    def commit_dan_tunggu_pesannya(konsumen: PetugasConsumer) -> None:
        services.tiket_ambil(tiket=tiket[1], aktor=Aktor.dari_pengguna(petugas.pengguna))
        # Hold the catch-up until the live message of that commit has reached the consumer.
        batas = time.monotonic() + BATAS
        while not konsumen._penyangga and time.monotonic() < batas:
            time.sleep(0.005)

    def susulan_dengan_commit_di_tengah(self: PetugasConsumer, sejak: int | None, batas: int) -> Any:
        # Runs in the consumer's DB thread after it joined its groups: a commit lands mid catch-up,
        # before the log is read (the read sees it too) or after (only the live message has it).
        if saat == "sebelum_baca":
            commit_dan_tunggu_pesannya(self)
            return asli(self, sejak, batas)
        hasil = asli(self, sejak, batas)
        commit_dan_tunggu_pesannya(self)
        return hasil

    monkeypatch.setattr(PetugasConsumer, "ambil_susulan", susulan_dengan_commit_di_tengah)
    komunikator, susulan = await sambung_siap(f"/ws/petugas/?sejak={sejak}", petugas)
    await jalankan(services.tiket_mulai, tiket=tiket[0], aktor=aktor(petugas))
    langsung = [await terima(komunikator)]
    while langsung[-1]["aksi"] != "mulai":
        langsung.append(await terima(komunikator))

    diterima = [d["urutan"] for d in [*susulan, *langsung]]
    semua = await urutan_sejak(sejak)
    assert diterima == semua  # each exactly once, in order, none missing
    assert len(susulan) == 2  # the mid catch-up commit was sent before the stream went live
    await komunikator.disconnect()


def _pesan_urutan(urutan: int) -> dict[str, Any]:
    return {
        "type": realtime.JENIS_PERISTIWA,
        "id": urutan + 1000,
        "urutan": urutan,
        "jenis": "transisi",
        "aksi": "mulai",
        "nomor": f"X-{urutan}",
        "status": "diproses",
        "unit": 1,
    }


async def test_pesan_langsung_ganda_dilewati_dan_yang_tersusul_sebentar_tetap_dikirim_berurutan(petugas):
    # Two processes publish out of commit order: 3 arrives after 5, within the hub's window.
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)
    grup = realtime.grup_petugas(petugas.pk)
    dasar = await urutan_terakhir()

    layer = get_channel_layer()
    for urutan in (dasar + 5, dasar + 5, dasar + 3, dasar + 7):
        await layer.group_send(grup, realtime.dengan_grup(grup, _pesan_urutan(urutan)))

    assert [(await terima(komunikator))["urutan"] for _ in range(3)] == [dasar + 3, dasar + 5, dasar + 7]
    await komunikator.disconnect()


async def test_pesan_yang_terlambat_melewati_jendela_memicu_muat_ulang(petugas, settings):
    settings.REALTIME_TAHAN_URUTAN_MS = 20
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)
    grup = realtime.grup_petugas(petugas.pk)
    dasar = await urutan_terakhir()
    layer = get_channel_layer()

    await layer.group_send(grup, realtime.dengan_grup(grup, _pesan_urutan(dasar + 5)))
    assert (await terima(komunikator))["urutan"] == dasar + 5
    for urutan in (dasar + 5, dasar + 3, dasar + 7):  # a duplicate, one too late, and the next
        await layer.group_send(grup, realtime.dengan_grup(grup, _pesan_urutan(urutan)))

    assert await terima(komunikator) == {"tipe": "muat_ulang", "terakhir": dasar + 5}
    assert (await terima(komunikator))["urutan"] == dasar + 7
    await komunikator.disconnect()


# --- heartbeats -------------------------------------------------------------------------------------------


async def test_ping_dijawab_pong(petugas):
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)

    await komunikator.send_json_to({"tipe": "ping"})

    assert await terima(komunikator) == {"tipe": "pong"}
    await komunikator.disconnect()


async def test_detak_dikirim_dan_klien_yang_diam_ditutup_4408(petugas, settings):
    settings.REALTIME_DETAK_DETIK = 0.05
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)

    assert json.loads(await komunikator.receive_from(timeout=BATAS)) == {"tipe": "detak"}
    # Silent from here on: after three intervals the server gives up on the client.
    while (keluaran := await komunikator.receive_output(timeout=BATAS))["type"] == "websocket.send":
        assert json.loads(keluaran["text"]) == {"tipe": "detak"}
    assert (keluaran["type"], keluaran["code"]) == ("websocket.close", 4408)
