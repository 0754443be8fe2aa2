"""Abuse limits (portal.batas) on the account and submission doors: registration, password reset (e-mail
bombing) and public submissions answer 429 with Retry-After, per address (another address still passes)
and per account, and what the citizen typed stays in the form.

Limits are set low per test through ``settings.BATAS`` (the ``batasi`` fixture) so each test shows the edge
in a few requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from antrian.models import Tiket
from keluhan.models import KategoriKeluhan, Keluhan
from portal.models import Pengguna
from tests.keamanan._batas_umum import IP_A, IP_B, _daftar_api, _galat_api, _klien, _tunggu
from tests.layanan.factories import buat_layanan_akta
from tests.portal._pengajuan_umum import _isi_wizard_tamu

pytestmark = pytest.mark.django_db


# --- registration -------------------------------------------------------------------------------------------


def _daftar_html(klien: Client, akhiran: str, email: str | None = None) -> Any:
    data = {
        "nama_lengkap": f"Warga {akhiran}",
        "email": email or f"html.{akhiran}@contoh.id",
        "password": "s4ndi-k0kOh!",
        "password_ulang": "s4ndi-k0kOh!",
    }
    return klien.post("/daftar/", data)


def test_daftar_lewat_halaman_dibatasi_per_alamat_dan_isian_tetap_ada(batasi):
    batasi(daftar_ip="2/1h")
    a = _klien(IP_A)
    assert _daftar_html(a, "1").status_code == 302
    a.logout()
    assert _daftar_html(a, "2").status_code == 302
    a.logout()
    respons = _daftar_html(a, "3")
    _tunggu(respons, 3600)
    html = respons.content.decode()
    assert 'value="Warga 3"' in html and 'value="html.3@contoh.id"' in html
    assert not Pengguna.objects.filter(email="html.3@contoh.id").exists()
    assert _daftar_html(_klien(IP_B), "4").status_code == 302


def test_daftar_dibatasi_per_email_dari_alamat_mana_pun(batasi):
    batasi(daftar="1/1h")
    assert _daftar_api(_klien(IP_A), "x", email="incaran@contoh.id").status_code == 201
    _galat_api(_daftar_api(_klien(IP_B), "y", email="INCARAN@contoh.id"), 3600)
    _tunggu(_daftar_html(_klien("192.0.2.1"), "z", email="incaran@contoh.id"), 3600)


def test_daftar_api_dibatasi_per_alamat_dengan_format_galat_rumah(batasi):
    batasi(daftar_ip="1/1h")
    assert _daftar_api(_klien(IP_A), "1").status_code == 201
    _galat_api(_daftar_api(_klien(IP_A), "2"), 3600)
    assert _daftar_api(_klien(IP_B), "3").status_code == 201


def test_jendela_pendaftaran_terbuka_lagi_setelah_waktunya_lewat(batasi):
    batasi(daftar_ip="1/1h")
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC), tick=False) as mesin:
        assert _daftar_api(_klien(), "1").status_code == 201
        detik = int(_daftar_api(_klien(), "2")["Retry-After"])
        assert detik == 30 * 60
        mesin.shift(dt.timedelta(seconds=detik))
        assert _daftar_api(_klien(), "3").status_code == 201


# --- password reset: e-mail bombing -------------------------------------------------------------------------


def test_lupa_sandi_dibatasi_per_alamat_email_meski_berganti_ip(batasi, warga, mailoutbox):
    batasi(sandi_lupa="2/1h")
    for ip in (IP_A, IP_B):
        assert _klien(ip).post("/sandi/lupa/", {"email": warga.email}).status_code == 302
    respons = _klien("192.0.2.77").post("/sandi/lupa/", {"email": warga.email.upper()})
    _tunggu(respons, 3600)
    assert f'value="{warga.email.upper()}"' in respons.content.decode()
    assert len(mailoutbox) == 2


def test_lupa_sandi_dibatasi_per_ip_untuk_alamat_tak_dikenal_juga(batasi):
    batasi(sandi_lupa_ip="2/1h")
    a = _klien(IP_A)
    for i in range(2):
        assert a.post("/sandi/lupa/", {"email": f"tidak.ada{i}@contoh.id"}).status_code == 302
    _tunggu(a.post("/sandi/lupa/", {"email": "tidak.ada9@contoh.id"}), 3600)
    assert _klien(IP_B).post("/sandi/lupa/", {"email": "tidak.ada9@contoh.id"}).status_code == 302


# --- public submissions -------------------------------------------------------------------------------------


@pytest.fixture
def kategori(unit):  # type: ignore[no-untyped-def]
    return KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)


def _keluhan(judul: str) -> dict[str, str]:
    return {
        "kategori": "jalan-rusak",
        "judul": judul,
        "isi": "Lubang besar di depan sekolah.",
        "alamat": "Jalan Merdeka 3",
        "kontak_nama": "Rina",
        "kontak_email": "rina@contoh.id",
        "kunci_idempoten": f"kunci-{judul}-0123456789abcdef",
    }


def test_formulir_keluhan_dibatasi_per_alamat_dan_yang_diketik_tetap_ada(kategori, batasi):
    batasi(pengajuan_ip="1/1h")
    a = _klien(IP_A)
    assert a.post("/keluhan/baru/", _keluhan("Pertama")).status_code == 302
    respons = a.post("/keluhan/baru/", _keluhan("Kedua"))
    _tunggu(respons, 3600)
    html = respons.content.decode()
    assert 'value="Kedua"' in html and "Lubang besar di depan sekolah." in html
    assert Keluhan.objects.count() == 1
    assert _klien(IP_B).post("/keluhan/baru/", _keluhan("Ketiga")).status_code == 302


def test_formulir_keluhan_dibatasi_per_akun_dari_alamat_mana_pun(kategori, batasi, warga):
    batasi(pengajuan="1/1h")
    for ip, kode in ((IP_A, 302), (IP_B, 429)):
        klien = _klien(ip)
        klien.force_login(warga)
        respons = klien.post("/keluhan/baru/", _keluhan(f"dari-{ip}"))
        assert respons.status_code == kode
    assert int(respons["Retry-After"]) <= 3600


def test_kirim_akhir_wizard_dibatasi_dan_draf_tetap_tersimpan(unit, batasi):
    akta = buat_layanan_akta(unit)
    batasi(pengajuan_ip="1/1h")
    a = _klien(IP_A)
    kunci = _isi_wizard_tamu(a, akta)
    assert (
        a.post(
            f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci}
        ).status_code
        == 302
    )
    kunci = _isi_wizard_tamu(a, akta)
    respons = a.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})
    _tunggu(respons, 3600)
    assert "Ani" in respons.content.decode()  # the review page again, with the draft's contact
    assert Tiket.objects.count() == 1
    assert a.get(f"/layanan/{akta.kode}/ajukan/tinjau/").status_code == 200  # the draft is still there


def test_api_keluhan_dibatasi_per_alamat_dan_per_akun(kategori, batasi, warga):
    batasi(pengajuan_ip="2/1h", pengajuan="1/1h")
    isian = {k: v for k, v in _keluhan("api").items() if k != "kunci_idempoten"}
    url = "/api/v1/keluhan/"
    a = _klien(IP_A)
    assert a.post(url, isian, content_type="application/json").status_code == 201
    assert a.post(url, isian, content_type="application/json").status_code == 201
    _galat_api(a.post(url, isian, content_type="application/json"), 3600)
    masuk = _klien(IP_B)
    masuk.force_login(warga)
    assert masuk.post(url, isian, content_type="application/json").status_code == 201
    _galat_api(masuk.post(url, isian, content_type="application/json"), 3600)


def test_api_permohonan_dibatasi_per_alamat_dan_alamat_lain_lolos(unit, batasi):
    buat_layanan_akta(unit)
    batasi(pengajuan_ip="1/1h")
    data = {"layanan": "tidak-ada"}
    url = "/api/v1/permohonan/"
    assert _klien(IP_A).post(url, data, content_type="application/json").status_code == 400
    _galat_api(_klien(IP_A).post(url, data, content_type="application/json"), 3600)
    assert _klien(IP_B).post(url, data, content_type="application/json").status_code == 400
