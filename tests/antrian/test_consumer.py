"""Websocket streams through the real ASGI application (origin check, session, routing), one process.

Absence is shown with a marker: after the event a viewer must not get, an event it must get is made;
the first thing it receives has to be the marker (one process sends in order).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from antrian import realtime, selectors, services
from antrian.consumers import PetugasConsumer
from antrian.izin import Aktor
from antrian.models import Peristiwa, Status
from config.asgi import application
from tests.antrian.factories import PenggunaFactory, buat_petugas, buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://testserver"
BATAS = 5


@pytest.fixture(autouse=True)
def _awalan_kanal_sendiri(settings: Any) -> None:
    # With REDIS_URL these tests go through Redis: a prefix of their own keeps other servers' events out.
    if settings.REDIS_URL:
        layer = {**settings.CHANNEL_LAYERS["default"]}
        layer["CONFIG"] = {**layer["CONFIG"], "prefix": f"sigap-uji-{uuid.uuid4().hex[:8]}"}
        settings.CHANNEL_LAYERS = {"default": layer}


@pytest.fixture(autouse=True)
async def _tutup_koneksi_thread_db():
    # Consumers read through database_sync_to_async's shared thread; its connection must not outlive the
    # test, or PostgreSQL refuses to drop the test database at the end of the run.
    yield
    await database_sync_to_async(connections.close_all)()


def _kuki(pengguna: Any) -> bytes:
    klien = Client()
    klien.force_login(getattr(pengguna, "pengguna", pengguna))
    return f"sessionid={klien.cookies['sessionid'].value}".encode()


async def buka(path: str, siapa: Any = None, *, origin: bytes = ORIGIN) -> WebsocketCommunicator:
    headers = [(b"origin", origin)]
    if siapa is not None:
        headers.append((b"cookie", await sync_to_async(_kuki)(siapa)))
    return WebsocketCommunicator(application, path, headers=headers)


async def sambung(path: str, siapa: Any = None) -> WebsocketCommunicator:
    komunikator = await buka(path, siapa)
    terhubung, _ = await komunikator.connect(timeout=BATAS)
    assert terhubung
    return komunikator


async def kode_tutup(komunikator: WebsocketCommunicator) -> int:
    keluaran = await komunikator.receive_output(timeout=BATAS)
    assert keluaran["type"] == "websocket.close", keluaran
    return int(keluaran["code"])


async def terima(komunikator: WebsocketCommunicator) -> dict[str, Any]:
    while True:
        data = json.loads(await komunikator.receive_from(timeout=BATAS))
        if data["tipe"] != "detak":
            return data


async def sampai_siap(komunikator: WebsocketCommunicator) -> list[dict[str, Any]]:
    """Frames before {"tipe": "siap"}: what the catch-up sent."""
    bingkai = []
    while (data := await terima(komunikator))["tipe"] != "siap":
        bingkai.append(data)
    return bingkai


async def sambung_siap(path: str, siapa: Any = None) -> tuple[WebsocketCommunicator, list[dict[str, Any]]]:
    komunikator = await sambung(path, siapa)
    return komunikator, await sampai_siap(komunikator)


def jalankan(fungsi: Any, **kwargs: Any) -> Any:
    return database_sync_to_async(fungsi)(**kwargs)


async def tiket_baru(unit: Any, pemohon: Any = None) -> Any:
    return (await database_sync_to_async(buat_tiket)(unit, pemohon=pemohon)).tiket


async def urutan_terakhir() -> int:
    return await database_sync_to_async(selectors.urutan_terakhir)()


async def urutan_sejak(sejak: int) -> list[int]:
    return await database_sync_to_async(
        lambda: list(
            Peristiwa.objects.filter(urutan__gt=sejak).order_by("urutan").values_list("urutan", flat=True)
        )
    )()


# --- who may connect ----------------------------------------------------------------------------------


async def test_tanpa_sesi_aliran_petugas_ditutup_4401():
    komunikator = await sambung("/ws/petugas/")
    assert await kode_tutup(komunikator) == 4401


async def test_origin_asing_ditolak_sebelum_jabat_tangan(petugas):
    komunikator = await buka("/ws/petugas/", petugas, origin=b"http://situs-jahat.example")
    terhubung, _ = await komunikator.connect(timeout=BATAS)
    assert not terhubung


async def test_warga_bukan_petugas_ditolak_dari_aliran_petugas_4403(warga):
    komunikator = await sambung("/ws/petugas/", warga)
    assert await kode_tutup(komunikator) == 4403


async def test_sejak_yang_bukan_angka_ditutup_4400(petugas):
    komunikator = await sambung("/ws/petugas/?sejak=abc", petugas)
    assert await kode_tutup(komunikator) == 4400


async def test_tiket_tanpa_sesi_dan_tanpa_token_ditutup_4401(unit):
    tiket = await tiket_baru(unit)
    komunikator = await sambung(f"/ws/tiket/{tiket.nomor}/")
    assert await kode_tutup(komunikator) == 4401


async def test_token_salah_warga_lain_dan_petugas_unit_lain_ditolak_sama_seperti_nomor_fiktif(
    unit, warga, warga_lain, petugas_unit_lain
):
    tiket = await tiket_baru(unit, pemohon=warga)
    percobaan = [
        await sambung(f"/ws/tiket/{tiket.nomor}/?token=tebakan"),
        await sambung(f"/ws/tiket/{tiket.nomor}/", warga_lain),
        await sambung(f"/ws/tiket/{tiket.nomor}/", petugas_unit_lain),
        await sambung("/ws/tiket/ADU-0000-99999/", warga),
    ]
    assert [await kode_tutup(k) for k in percobaan] == [4404, 4404, 4404, 4404]


async def test_dasbor_ditolak_untuk_anonim_dan_petugas_biasa(petugas):
    anonim = await sambung("/ws/dasbor/")
    biasa = await sambung("/ws/dasbor/", petugas)
    assert (await kode_tutup(anonim), await kode_tutup(biasa)) == (4401, 4403)


# --- what each viewer gets ----------------------------------------------------------------------------


async def test_petugas_menerima_peristiwa_unitnya_tanpa_identitas_warga(unit, petugas, petugas_kedua, warga):
    await database_sync_to_async(type(warga).objects.filter(pk=warga.pk).update)(nik="3201014508900001")
    tiket = await tiket_baru(unit, pemohon=warga)
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas)

    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas_kedua))

    data = await terima(komunikator)
    peristiwa = await database_sync_to_async(Peristiwa.objects.filter(tiket=tiket).last)()
    assert data == {
        "tipe": "peristiwa",
        "id": peristiwa.pk,
        "urutan": peristiwa.urutan,
        "jenis": "penugasan",
        "aksi": "ambil",
        "nomor": tiket.nomor,
        "status": Status.DITUGASKAN,
        "unit": unit.pk,
    }
    teks = json.dumps(data)
    for identitas in (warga.username, warga.email, warga.nama_lengkap, "3201014508900001", "3201"):
        assert identitas not in teks
    await komunikator.disconnect()


async def test_petugas_unit_lain_tidak_menerima_peristiwa_unit_ini(
    unit, unit_lain, petugas, petugas_unit_lain
):
    tiket = await tiket_baru(unit)
    penanda = await tiket_baru(unit_lain)
    komunikator, _ = await sambung_siap("/ws/petugas/", petugas_unit_lain)

    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas))
    await jalankan(services.tiket_ambil, tiket=penanda, aktor=aktor(petugas_unit_lain))

    data = await terima(komunikator)
    assert data["nomor"] == penanda.nomor
    await komunikator.disconnect()


async def test_petugas_tetap_mendengar_tiket_yang_ditugaskan_kepadanya_lewat_grupnya_sendiri(
    unit, unit_lain, supervisor, warga
):
    # An officer moved to another unit keeps the tikets already assigned to them: their own group still
    # carries those tikets' events, although the old unit's group no longer does.
    pindahan = await database_sync_to_async(buat_petugas)(unit)
    tiket = await tiket_baru(unit, pemohon=warga)
    await jalankan(services.tiket_tugaskan, tiket=tiket, petugas=pindahan, aktor=aktor(supervisor))
    await database_sync_to_async(pindahan.keanggotaan.update)(unit=unit_lain)
    komunikator, _ = await sambung_siap("/ws/petugas/", pindahan)

    await jalankan(services.tiket_tanggapi, tiket=tiket, aktor=aktor(warga), isi="Kapan selesai?")

    data = await terima(komunikator)
    assert (data["nomor"], data["aksi"]) == (tiket.nomor, "tanggapi")
    await komunikator.disconnect()


async def test_warga_hanya_menerima_peristiwa_publik_tiketnya(unit, warga, petugas):
    tiket = await tiket_baru(unit, pemohon=warga)
    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas))
    warga_ws, _ = await sambung_siap(f"/ws/tiket/{tiket.nomor}/", warga)
    petugas_ws, _ = await sambung_siap(f"/ws/tiket/{tiket.nomor}/", petugas)

    await jalankan(services.tiket_tanggapi, tiket=tiket, aktor=aktor(petugas), isi="Cek KTP", internal=True)
    await jalankan(services.tiket_mulai, tiket=tiket, aktor=aktor(petugas))

    assert (await terima(warga_ws))["aksi"] == "mulai"
    assert [(await terima(petugas_ws))["aksi"] for _ in range(2)] == ["catatan_internal", "mulai"]
    await warga_ws.disconnect()
    await petugas_ws.disconnect()


async def test_tamu_dengan_token_yang_benar_mengikuti_tiketnya(unit, petugas):
    baru = await database_sync_to_async(buat_tiket)(unit)
    komunikator, _ = await sambung_siap(f"/ws/tiket/{baru.tiket.nomor}/?token={baru.token_lacak}")

    await jalankan(services.tiket_ambil, tiket=baru.tiket, aktor=aktor(petugas))

    data = await terima(komunikator)
    assert (data["nomor"], data["status"]) == (baru.tiket.nomor, Status.DITUGASKAN)
    await komunikator.disconnect()


async def test_manajer_mengikuti_tiket_unit_mana_pun_termasuk_catatan_internal(unit, petugas, manajer):
    tiket = await tiket_baru(unit)
    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas))
    komunikator, _ = await sambung_siap(f"/ws/tiket/{tiket.nomor}/", manajer)

    await jalankan(services.tiket_tanggapi, tiket=tiket, aktor=aktor(petugas), isi="Internal", internal=True)

    assert (await terima(komunikator))["aksi"] == "catatan_internal"
    await komunikator.disconnect()


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


# --- the dashboard ------------------------------------------------------------------------------------------


async def test_manajer_menerima_penghitung_semua_unit_saat_tersambung(unit, unit_lain, petugas, manajer):
    await tiket_baru(unit)
    tiket = await tiket_baru(unit)
    await jalankan(services.tiket_ambil, tiket=tiket, aktor=aktor(petugas))

    komunikator = await sambung("/ws/dasbor/", manajer)
    data = await terima(komunikator)

    per_unit = {baris["unit"]: baris for baris in data["unit"]}
    assert data["tipe"] == "dasbor"
    assert per_unit[unit.pk] == {
        "unit": unit.pk,
        "kode": unit.kode,
        "nama": unit.nama,
        "baru": 1,
        "ditugaskan": 1,
        "terlambat": 0,
        "selesai_hari_ini": 0,
    }
    assert per_unit[unit_lain.pk]["baru"] == 0
    await komunikator.disconnect()


async def test_supervisor_hanya_melihat_unitnya_dan_penghitung_diperbarui_setelah_peristiwa(
    unit, unit_lain, supervisor
):
    komunikator = await sambung("/ws/dasbor/", supervisor)
    awal = await terima(komunikator)
    assert [baris["unit"] for baris in awal["unit"]] == [unit.pk]

    await tiket_baru(unit_lain)  # not this supervisor's unit: no refresh for it
    await tiket_baru(unit)

    segar = await terima(komunikator)
    assert [(b["unit"], b["baru"]) for b in segar["unit"]] == [(unit.pk, 1)]
    await komunikator.disconnect()


async def test_supervisor_unit_lain_tidak_bisa_melihat_dasbor_unit_ini(unit, unit_lain, supervisor_unit_lain):
    komunikator = await sambung("/ws/dasbor/", supervisor_unit_lain)

    data = await terima(komunikator)

    assert [baris["unit"] for baris in data["unit"]] == [unit_lain.pk]
    await komunikator.disconnect()


async def test_warga_terdaftar_tanpa_peran_ditolak_dari_dasbor():
    pengguna = await database_sync_to_async(PenggunaFactory)()
    komunikator = await sambung("/ws/dasbor/", pengguna)
    assert await kode_tutup(komunikator) == 4403
