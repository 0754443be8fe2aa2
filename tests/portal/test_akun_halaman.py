"""Account pages through the Django test client (JavaScript off): log in, log out, register, password
reset, my tickets."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from antrian.izin import GRUP_WARGA
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, buat_tiket

pytestmark = pytest.mark.django_db

SANDI = "Lumbung-Padi-2026"
NIK = "3201014508900001"


def _daftar(client, **isi):  # type: ignore[no-untyped-def]
    data = {
        "nama_lengkap": "Siti Aminah",
        "email": "siti@contoh.id",
        "telepon": "",
        "nik": "",
        "password": SANDI,
        "password_ulang": SANDI,
        **isi,
    }
    return client.post("/daftar/", data)


# --- log in / log out --------------------------------------------------------------------------------


def test_halaman_masuk_memakai_label_indonesia(client):
    html = client.get("/masuk/").content.decode()
    assert "Nama pengguna, email, atau nomor ponsel" in html
    assert ">Kata sandi<" in html
    assert re.search(r"<button[^>]*>\s*Masuk\s*</button>", html)
    assert 'href="/sandi/lupa/"' in html


@pytest.mark.parametrize("identitas", ["warga_a", "warga.a@contoh.id", "WARGA.A@contoh.id", "0812-3456-7890"])
def test_masuk_dengan_nama_pengguna_email_atau_ponsel(client, warga, identitas):
    warga.telepon = "+6281234567890"
    warga.save()
    respons = client.post("/masuk/", {"username": identitas, "password": "rahasia-123"})
    assert respons.status_code == 302
    assert respons["Location"] == "/tiket-saya/"
    assert client.session["_auth_user_id"] == str(warga.pk)


def test_petugas_masuk_diarahkan_ke_antrian_kerja(client, petugas):
    respons = client.post("/masuk/", {"username": petugas.pengguna.username, "password": "rahasia-123"})
    assert respons["Location"] == "/petugas/"


def test_masuk_mengikuti_next_hanya_di_situs_sendiri(client, warga):
    data = {"username": "warga_a", "password": "rahasia-123"}
    assert client.post("/masuk/?next=/lacak/", data)["Location"] == "/lacak/"
    client.logout()
    assert client.post("/masuk/?next=https://jahat.contoh/", data)["Location"] == "/tiket-saya/"


def test_sandi_salah_400_dengan_pesan_tanpa_menyebut_akun_mana(client, warga):
    salah = client.post("/masuk/", {"username": "warga_a", "password": "keliru"})
    tak_ada = client.post("/masuk/", {"username": "tidak.ada@contoh.id", "password": "keliru"})
    for respons in (salah, tak_ada):
        assert respons.status_code == 400
        assert "kata sandi salah" in respons.content.decode()
    assert "_auth_user_id" not in client.session


def test_keluar_hanya_dengan_post(client, warga):
    client.force_login(warga)
    assert client.get("/keluar/").status_code == 405
    assert "_auth_user_id" in client.session
    respons = client.post("/keluar/")
    assert respons.status_code == 302
    assert "_auth_user_id" not in client.session


def test_formulir_masuk_wajib_csrf(warga):
    klien = Client(enforce_csrf_checks=True)
    respons = klien.post("/masuk/", {"username": "warga_a", "password": "rahasia-123"})
    assert respons.status_code == 403


# --- registration ------------------------------------------------------------------------------------


def test_pendaftaran_membuat_akun_warga_dan_langsung_masuk(client):
    respons = _daftar(client, telepon="0812 3456 7890", nik=NIK)
    assert respons.status_code == 302
    assert respons["Location"] == "/tiket-saya/"
    pengguna = Pengguna.objects.get(email="siti@contoh.id")
    assert pengguna.telepon == "+6281234567890"
    assert pengguna.nik == NIK
    assert pengguna.groups.filter(name=GRUP_WARGA).exists()
    assert client.session["_auth_user_id"] == str(pengguna.pk)
    halaman = client.get("/tiket-saya/").content.decode()
    assert "Akun Anda telah dibuat" in halaman
    assert NIK not in halaman


def test_pendaftaran_dengan_ponsel_saja_lalu_masuk_dengan_ponsel(client):
    assert _daftar(client, email="", telepon="081298765432").status_code == 302
    client.logout()
    respons = client.post("/masuk/", {"username": "081298765432", "password": SANDI})
    assert respons.status_code == 302


def test_nik_tidak_sah_400_dengan_galat_di_bidang_nik(client):
    respons = _daftar(client, nik="1234")
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'id="id_nik-galat"' in html
    assert "16 angka" in html
    assert not Pengguna.objects.filter(email="siti@contoh.id").exists()


def test_email_ganda_400_dengan_pesan_dari_layanan(client, warga):
    respons = _daftar(client, email="WARGA.A@contoh.id")
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'id="id_email-galat"' in html
    assert "sudah terdaftar" in html
    assert Pengguna.objects.filter(email="warga.a@contoh.id").count() == 1


def test_tanpa_email_dan_ponsel_400(client):
    respons = _daftar(client, email="", telepon="")
    assert respons.status_code == 400
    assert 'class="ringkasan-galat"' in respons.content.decode()
    assert Pengguna.objects.count() == 0


def test_kata_sandi_tidak_sama_atau_lemah_400(client):
    assert _daftar(client, password_ulang="Lain-Lagi-2026").status_code == 400
    lemah = _daftar(client, password="12345678", password_ulang="12345678")
    assert lemah.status_code == 400
    assert 'id="id_password-galat"' in lemah.content.decode()
    assert Pengguna.objects.count() == 0


def test_pendaftaran_sama_dengan_layanan_api(client):
    """The page and the API share `pengguna_daftar`: an account made on one is a duplicate on the other."""
    assert _daftar(client).status_code == 302
    from rest_framework.test import APIClient

    api = APIClient().post(
        "/api/v1/akun/daftar/",
        {"nama_lengkap": "X", "email": "siti@contoh.id", "password": SANDI},
        format="json",
    )
    assert api.status_code == 400
    assert Group.objects.get(name=GRUP_WARGA).user_set.count() == 1


# --- password reset ----------------------------------------------------------------------------------


def test_lupa_sandi_mengirim_tautan_dan_sandi_baru_berlaku(client, warga):
    halaman = client.get("/sandi/lupa/")
    assert halaman.status_code == 200
    assert "Lupa kata sandi?" in halaman.content.decode()
    respons = client.post("/sandi/lupa/", {"email": "warga.a@contoh.id"})
    assert respons.status_code == 302
    assert respons["Location"] == "/sandi/lupa/terkirim/"
    assert len(mail.outbox) == 1
    surat = mail.outbox[0]
    assert surat.to == ["warga.a@contoh.id"]
    assert "Atur kata sandi baru" in surat.subject
    tautan = re.search(r"http://testserver(/sandi/atur/\S+/)", str(surat.body))
    assert tautan is not None
    atur = client.get(tautan.group(1), follow=True)
    assert atur.status_code == 200
    alamat_form = atur.redirect_chain[-1][0]
    hasil = client.post(alamat_form, {"new_password1": "Sandi-Baru-2026", "new_password2": "Sandi-Baru-2026"})
    assert hasil.status_code == 302
    assert hasil["Location"] == "/sandi/selesai/"
    assert client.post("/masuk/", {"username": "warga_a", "password": "Sandi-Baru-2026"}).status_code == 302


def test_lupa_sandi_untuk_email_tak_dikenal_tidak_membocorkan_apa_pun(client):
    respons = client.post("/sandi/lupa/", {"email": "siapa@contoh.id"})
    assert respons.status_code == 302
    assert respons["Location"] == "/sandi/lupa/terkirim/"
    assert mail.outbox == []


def test_tautan_atur_sandi_palsu_ditolak_dengan_pesan(client, warga):
    respons = client.get("/sandi/atur/MQ/token-palsu/")
    assert respons.status_code == 200
    assert "Tautan ini tidak berlaku" in respons.content.decode()


# --- my tickets ---------------------------------------------------------------------------------------


def test_tiket_saya_butuh_masuk(client):
    respons = client.get("/tiket-saya/")
    assert respons.status_code == 302
    assert respons["Location"].startswith("/masuk/?next=/tiket-saya/")


def test_tiket_saya_hanya_milik_sendiri_terbaru_dulu_dengan_lencana(client, unit, warga, warga_lain):
    lama = buat_tiket(unit, pemohon=warga, judul="Tiket lama")
    baru = buat_tiket(unit, pemohon=warga, judul="Tiket baru")
    buat_tiket(unit, pemohon=warga_lain, judul="Tiket orang lain")
    client.force_login(warga)
    html = client.get("/tiket-saya/").content.decode()
    assert html.index("Tiket baru") < html.index("Tiket lama")
    assert "Tiket orang lain" not in html
    assert 'class="lencana status-diajukan"' in html
    assert f'href="/lacak/{baru.tiket.nomor}/"' in html
    assert f'href="/lacak/{lama.tiket.nomor}/"' in html
    assert 'data-label="Status"' in html


def test_tiket_saya_berhalaman(client, unit, warga):
    for i in range(23):
        buat_tiket(unit, pemohon=warga, judul=f"Tiket ke-{i:02d}")
    client.force_login(warga)
    pertama = client.get("/tiket-saya/").content.decode()
    kedua = client.get("/tiket-saya/", {"halaman": 2}).content.decode()
    assert "Tiket ke-22" in pertama and "Tiket ke-02" not in pertama
    assert "Tiket ke-02" in kedua and "Tiket ke-22" not in kedua
    assert "Halaman 1 dari 2" in pertama
    assert client.get("/tiket-saya/", {"halaman": "x"}).status_code == 200


def test_tiket_saya_jumlah_kueri_datar(client, unit, warga, django_assert_max_num_queries):
    client.force_login(warga)
    buat_tiket(unit, pemohon=warga)
    with django_assert_max_num_queries(12) as sedikit:
        client.get("/tiket-saya/")
    for _ in range(15):
        buat_tiket(unit, pemohon=warga)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        client.get("/tiket-saya/")


def test_warga_tanpa_tiket_melihat_ajakan(client):
    pengguna = PenggunaFactory()
    client.force_login(pengguna)
    html = client.get("/tiket-saya/").content.decode()
    assert "Anda belum memiliki tiket." in html


def test_terlalu_banyak_gagal_masuk_429_meski_sandi_benar(client, warga, settings):
    # The account locks after BATAS_MASUK failures (portal.batas.masuk; more in tests/keamanan/).
    for _ in range(5):
        assert client.post("/masuk/", {"username": "warga_a", "password": "keliru"}).status_code == 400
    respons = client.post("/masuk/", {"username": "warga_a", "password": "rahasia-123"})
    assert respons.status_code == 429
    assert 1 <= int(respons["Retry-After"]) <= 15 * 60
    assert 'value="warga_a"' in respons.content.decode()
    assert "_auth_user_id" not in client.session
