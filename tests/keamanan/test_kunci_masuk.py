"""Login lock-out (portal.batas.masuk): repeated wrong passwords lock an account from every address and an
address for every account, through the login page and the API token alike; the lock says nothing about
whether the account exists; success, a password reset and `manage.py buka_kunci_masuk` lift it."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.antrian.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

SANDI = "rahasia-123"  # the factories' password
IP_A, IP_B = "203.0.113.7", "198.51.100.9"


def _klien(ip: str = IP_A) -> Client:
    return Client(REMOTE_ADDR=ip)


def _masuk(klien: Client, nama: str, sandi: str = "keliru") -> Any:
    return klien.post("/masuk/", {"username": nama, "password": sandi})


def _token(klien: Client, nama: str, sandi: str = "keliru") -> Any:
    return klien.post(
        "/api/v1/akun/token/", {"username": nama, "password": sandi}, content_type="application/json"
    )


def _gagal(klien: Client, nama: str, kali: int = 5) -> None:
    for _ in range(kali):
        assert _masuk(klien, nama).status_code == 400


def _pesan_galat(respons: Any) -> list[str]:
    return re.findall(r'class="pesan pesan-galat"[^>]*>([^<]*)<', respons.content.decode())


def _terkunci(respons: Any) -> int:
    assert respons.status_code == 429, respons.content[:300]
    detik = int(respons["Retry-After"])
    assert 1 <= detik <= 15 * 60
    return detik


def test_lima_sandi_salah_mengunci_akun_bahkan_untuk_sandi_benar(warga):
    klien = _klien()
    _gagal(klien, "warga_a")
    respons = _masuk(klien, "warga_a", SANDI)
    assert _terkunci(respons) == 15 * 60
    assert "_auth_user_id" not in klien.session
    assert 'value="warga_a"' in respons.content.decode()  # the name typed stays in the form
    assert _pesan_galat(respons)


def test_kunci_akun_berlaku_dari_alamat_lain_dan_lewat_api(warga):
    _gagal(_klien(IP_A), "warga_a")
    _terkunci(_masuk(_klien(IP_B), "warga_a", SANDI))
    respons = _token(_klien("192.0.2.8"), "warga_a", SANDI)
    _terkunci(respons)
    galat = respons.json()["galat"]
    assert galat["kode"] == "terlalu_sering"
    assert galat["rincian"]["coba_lagi_detik"] == [respons["Retry-After"]]


def test_kegagalan_lewat_api_juga_mengunci_halaman_masuk(warga):
    klien = _klien()
    for _ in range(5):
        assert _token(klien, "warga_a").status_code == 400
    _terkunci(_masuk(_klien(IP_B), "warga_a", SANDI))


def test_nama_pengguna_lain_ejaan_telepon_dan_huruf_besar_dihitung_satu(settings):
    PenggunaFactory(username="rina", telepon="+6281234567890")
    klien = _klien()
    for ejaan in ("0812 3456 7890", "+6281234567890", "6281234567890", "081234567890", "0812-3456-7890"):
        assert _masuk(klien, ejaan).status_code == 400
    _terkunci(_masuk(_klien(IP_B), "+6281234567890", SANDI))
    _gagal(klien, "Rina", 4)
    assert _masuk(klien, "RINA").status_code == 400
    _terkunci(_masuk(_klien(IP_B), "rina", SANDI))


@time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False)
def test_nama_tak_dikenal_mendapat_jawaban_yang_sama_dengan_akun_nyata(warga):
    _gagal(_klien(IP_A), "warga_a")
    _gagal(_klien(IP_A), "belum_pernah_ada")
    nyata, palsu = _masuk(_klien(IP_B), "warga_a"), _masuk(_klien(IP_B), "belum_pernah_ada")
    assert (
        (nyata.status_code, nyata["Retry-After"]) == (palsu.status_code, palsu["Retry-After"]) == (429, "900")
    )
    assert _pesan_galat(nyata) == _pesan_galat(palsu) != []
    api_nyata, api_palsu = _token(_klien(IP_B), "warga_a"), _token(_klien(IP_B), "belum_pernah_ada")
    assert api_nyata.json() == api_palsu.json()


def test_masuk_berhasil_menghapus_hitungan_gagal_akun(warga):
    klien = _klien()
    _gagal(klien, "warga_a", 4)
    assert _masuk(klien, "warga_a", SANDI).status_code == 302
    klien.post("/keluar/")
    _gagal(klien, "warga_a", 4)
    assert _masuk(klien, "warga_a", SANDI).status_code == 302


def test_satu_alamat_mencoba_banyak_akun_terkunci_untuk_semua_akun(settings, warga):
    settings.BATAS = {**settings.BATAS, "masuk_ip": "6/15m"}
    penyerang = _klien(IP_A)
    for i in range(6):
        assert _masuk(penyerang, f"korban{i}").status_code == 400
    _terkunci(_masuk(penyerang, "warga_a", SANDI))
    # The account itself is not locked: its owner elsewhere logs in.
    assert _masuk(_klien(IP_B), "warga_a", SANDI).status_code == 302


def test_kunci_lepas_sendiri_setelah_lima_belas_menit(warga):
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False) as mesin:
        _gagal(_klien(), "warga_a")
        mesin.shift(dt.timedelta(minutes=14, seconds=59))
        assert _terkunci(_masuk(_klien(), "warga_a", SANDI)) == 1
        mesin.shift(dt.timedelta(seconds=1))
        assert _masuk(_klien(), "warga_a", SANDI).status_code == 302


def test_kunci_tercatat_di_log_dengan_identitas_disamarkan(warga, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.batas"):
        _gagal(_klien(), "warga_a")
    [baris] = [r.getMessage() for r in caplog.records if r.name == "portal.batas"]
    assert "locked" in baris and "w***#" in baris
    assert "warga_a" not in baris


def test_perintah_buka_kunci_masuk_membuka_semua_identitas_akun(warga):
    _gagal(_klien(), warga.email)  # locked by e-mail; the admin names the username
    _terkunci(_masuk(_klien(IP_B), warga.email, SANDI))
    keluaran = io.StringIO()
    call_command("buka_kunci_masuk", "warga_a", stdout=keluaran)
    assert "kunci dibuka" in keluaran.getvalue()
    assert _masuk(_klien(IP_B), warga.email, SANDI).status_code == 302


def test_perintah_buka_kunci_masuk_untuk_alamat_ip(settings, warga):
    settings.BATAS = {**settings.BATAS, "masuk_ip": "2/15m"}
    _gagal(_klien(IP_A), "siapa_saja", 1)
    _gagal(_klien(IP_A), "siapa_lagi", 1)
    _terkunci(_masuk(_klien(IP_A), "warga_a", SANDI))
    keluaran = io.StringIO()
    call_command("buka_kunci_masuk", "--ip", IP_A, stdout=keluaran)
    assert "kunci dibuka" in keluaran.getvalue()
    assert _masuk(_klien(IP_A), "warga_a", SANDI).status_code == 302


def test_atur_ulang_sandi_membuka_kunci(warga):
    _gagal(_klien(), "warga_a")
    klien = _klien(IP_B)
    uid = urlsafe_base64_encode(force_bytes(warga.pk))
    awal = klien.get(f"/sandi/atur/{uid}/{default_token_generator.make_token(warga)}/")
    assert awal.status_code == 302  # Django moves the token from the URL into the session
    baru = {"new_password1": "sandi-baru-2026!", "new_password2": "sandi-baru-2026!"}
    assert klien.post(awal["Location"], baru).status_code == 302
    assert _masuk(_klien(), "warga_a", "sandi-baru-2026!").status_code == 302
