"""Abuse limits (portal.batas): the limiter itself (limits written count per window, exactly that many pass
until the window turns, also from many threads on Redis) and who the client is: REMOTE_ADDR unless
proxies are trusted, so a forged X-Forwarded-For buys nothing. The login lock-out has its own file,
test_kunci_masuk.py.

Limits are set low per test through ``settings.BATAS`` (the ``batasi`` fixture) so each test shows the edge
in a few requests.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal import batas
from tests.keamanan._batas_umum import IP_A, IP_B, _daftar_api, _galat_api

pytestmark = pytest.mark.django_db


# --- the limiter itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "laju"),
    [
        ("5/15m", (5, 900)),
        ("30/hour", (30, 3600)),
        ("10/60s", (10, 60)),
        ("3/d", (3, 86400)),
        ("1/1h", (1, 3600)),
    ],
)
def test_batas_ditulis_jumlah_per_jendela(teks, laju):
    hasil = batas.urai_laju(teks)
    assert hasil is not None and (hasil.jumlah, hasil.detik) == laju


@pytest.mark.parametrize("teks", ["5", "5/", "lima/1m", "0/1m", "5/1 minggu", "5/0m", "-1/1m"])
def test_batas_yang_salah_tulis_menolak_jalan_bukan_diam_diam_lolos(teks):
    with pytest.raises(ImproperlyConfigured):
        batas.urai_laju(teks)


def test_semua_batas_bawaan_terbaca_dan_kosong_mematikan(settings):
    for nama in settings.BATAS:
        assert batas.laju(nama) is not None, nama
    assert batas.urai_laju("") is None


def test_tepat_sebanyak_batas_lolos_lalu_ditolak_sampai_jendela_berganti(batasi):
    batasi(daftar_ip="3/1m")
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, 10, tzinfo=dt.UTC), tick=False) as mesin:
        for _ in range(3):
            batas.periksa("daftar_ip", IP_A)
        with pytest.raises(batas.Ditolak) as ditolak:
            batas.periksa("daftar_ip", IP_A)
        assert ditolak.value.coba_lagi == 50  # the minute's window ends at 09:01:00
        batas.periksa("daftar_ip", IP_B)  # another subject has its own count
        mesin.shift(dt.timedelta(seconds=50))
        batas.periksa("daftar_ip", IP_A)


@pytest.mark.redis
def test_di_redis_tepat_sebanyak_batas_lolos_dari_banyak_utas_serentak(batasi):
    batasi(pengajuan_ip="7/1h")
    lolos: list[bool] = []
    kunci = threading.Lock()
    mulai = threading.Barrier(24)

    def pukul() -> None:
        mulai.wait()
        try:
            batas.periksa("pengajuan_ip", "192.0.2.50")
            hasil = True
        except batas.Ditolak:
            hasil = False
        with kunci:
            lolos.append(hasil)

    utas = [threading.Thread(target=pukul) for _ in range(24)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    assert len(lolos) == 24 and lolos.count(True) == 7


# --- who the client is: REMOTE_ADDR unless proxies are trusted ----------------------------------------------


def test_x_forwarded_for_palsu_diabaikan_tanpa_proksi_tepercaya(settings):
    settings.PROXY_TERPERCAYA = 0
    r = RequestFactory().get("/", REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert batas.ip_klien(r) == IP_A


def test_dengan_satu_proksi_klien_adalah_alamat_terakhir_yang_ditambahkan_proksi(settings):
    settings.PROXY_TERPERCAYA = 1
    r = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=f"10.9.8.7, {IP_B}")
    assert batas.ip_klien(r) == IP_B  # "10.9.8.7" was written by the client itself


def test_alamat_ipv6_dihitung_per_blok_64(settings):
    r1 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    r2 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert batas.ip_klien(r1) == batas.ip_klien(r2) == "2001:db8:1:2::/64"


def test_header_palsu_berganti_ganti_tidak_membuka_batas_baru(client, batasi, settings):
    settings.PROXY_TERPERCAYA = 0
    batasi(daftar_ip="1/1h")
    _daftar_api(client, "a", HTTP_X_FORWARDED_FOR="10.0.0.1")
    respons = _daftar_api(client, "b", HTTP_X_FORWARDED_FOR="10.0.0.2")
    _galat_api(respons, 3600)


def test_di_belakang_proksi_tepercaya_klien_lain_tetap_lolos(client, batasi, settings):
    settings.PROXY_TERPERCAYA = 1
    batasi(daftar_ip="1/1h")
    assert _daftar_api(client, "a", HTTP_X_FORWARDED_FOR=IP_A).status_code == 201
    _galat_api(_daftar_api(client, "b", HTTP_X_FORWARDED_FOR=f"{IP_B}, {IP_A}"), 3600)
    assert _daftar_api(client, "c", HTTP_X_FORWARDED_FOR=IP_B).status_code == 201
