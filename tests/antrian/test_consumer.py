"""Websocket streams through the real ASGI application (origin check, session, routing), one process: who
may connect to which stream, what each viewer gets on it, and the dashboard's counters.

Absence is shown with a marker: after the event a viewer must not get, an event it must get is made;
the first thing it receives has to be the marker (one process sends in order). Catch-up, ordering and
heartbeats are in test_consumer_susulan.py."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from antrian import services
from antrian.models import Peristiwa, Status
from tests.antrian._konsumen_umum import (  # the two autouse fixtures apply here too
    BATAS,
    _awalan_kanal_sendiri,  # noqa: F401
    _tutup_koneksi_thread_db,  # noqa: F401
    buka,
    jalankan,
    kode_tutup,
    sambung,
    sambung_siap,
    terima,
    tiket_baru,
)
from tests.antrian.factories import PenggunaFactory, buat_petugas, buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=True)


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
