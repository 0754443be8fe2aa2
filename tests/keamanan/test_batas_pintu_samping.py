"""The tracking limit holds at every door a guest can guess a number + token through: the page (in
test_batas.py), the API with `X-Token-Lacak` and the tiket's websocket. Officers and logged-in citizens
looking at their own tikets are not counted by it."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from rest_framework.test import APIClient

from tests.antrian._konsumen_umum import (  # the two autouse fixtures apply here too
    _awalan_kanal_sendiri,  # noqa: F401
    _tutup_koneksi_thread_db,  # noqa: F401
    kode_tutup,
    sambung,
    sampai_siap,
)
from tests.antrian.factories import buat_tiket

IP_A, IP_B = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def batas_lacak(settings):  # type: ignore[no-untyped-def]
    settings.BATAS = {**settings.BATAS, "lacak_gagal_ip": "2/15m", "lacak_ip": "50/15m"}


def _api(ip: str) -> APIClient:
    return APIClient(REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_tebakan_token_lewat_api_dibatasi_lalu_429_dengan_retry_after(unit, batas_lacak):
    baru = buat_tiket(unit)
    url = f"/api/v1/tiket/{baru.tiket.nomor}/"
    a = _api(IP_A)
    for i in range(2):
        assert a.get(url, HTTP_X_TOKEN_LACAK=f"tebakan-{i}").status_code == 404
    # Over the limit even the right token waits: the guesser cannot tell a hit from a refusal.
    respons = a.get(url, HTTP_X_TOKEN_LACAK=baru.token_lacak)
    assert respons.status_code == 429
    assert 1 <= int(respons["Retry-After"]) <= 15 * 60
    assert respons.json()["galat"]["kode"] == "terlalu_sering"
    assert baru.tiket.nomor not in respons.content.decode()
    # Another address is not held back by this one's guesses.
    assert _api(IP_B).get(url, HTTP_X_TOKEN_LACAK=baru.token_lacak).status_code == 200


@pytest.mark.django_db
def test_halaman_dan_api_berbagi_hitungan_tebakan(unit, batas_lacak):
    baru = buat_tiket(unit)
    assert Client(REMOTE_ADDR=IP_A).get(f"/lacak/{baru.tiket.nomor}/", {"token": "x"}).status_code == 404
    a = _api(IP_A)
    assert a.get(f"/api/v1/tiket/{baru.tiket.nomor}/", {"token": "y"}).status_code == 404
    assert a.get(f"/api/v1/tiket/{baru.tiket.nomor}/", {"token": baru.token_lacak}).status_code == 429


@pytest.mark.django_db
def test_petugas_yang_bekerja_tidak_terkena_batas_tebakan_tamu(unit, petugas, batas_lacak):
    baru = buat_tiket(unit)
    klien = _api(IP_A)
    klien.force_authenticate(petugas.pengguna)
    for _ in range(10):
        assert klien.get(f"/api/v1/tiket/{baru.tiket.nomor}/").status_code == 200


@pytest.mark.django_db(transaction=True)
async def test_tebakan_token_lewat_websocket_dibatasi_dan_ditutup_4429(unit, batas_lacak):
    baru = await database_sync_to_async(buat_tiket)(unit)
    nomor = baru.tiket.nomor
    for i in range(2):
        komunikator = await sambung(f"/ws/tiket/{nomor}/?token=tebakan-{i}")
        assert await kode_tutup(komunikator) == 4404
    komunikator = await sambung(f"/ws/tiket/{nomor}/?token={baru.token_lacak}")
    assert await kode_tutup(komunikator) == 4429


@pytest.mark.django_db(transaction=True)
async def test_token_benar_lewat_websocket_tetap_tersambung_di_bawah_batas(unit, batas_lacak):
    baru = await database_sync_to_async(buat_tiket)(unit)
    komunikator = await sambung(f"/ws/tiket/{baru.tiket.nomor}/?token={baru.token_lacak}")
    await sampai_siap(komunikator)
    await komunikator.disconnect()
