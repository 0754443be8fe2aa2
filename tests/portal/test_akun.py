"""Account API: registration, token login, one's own profile."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from antrian.izin import GRUP_WARGA
from antrian.models import Keanggotaan, Peran
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, buat_petugas

pytestmark = pytest.mark.django_db

URL_DAFTAR = "/api/v1/akun/daftar/"
URL_TOKEN = "/api/v1/akun/token/"
URL_SAYA = "/api/v1/akun/saya/"
SANDI = "Lumbung-Padi-2026"
NIK = "3201014508900001"


def _daftar(api_client, **isi):  # type: ignore[no-untyped-def]
    data = {"nama_lengkap": "Siti Aminah", "password": SANDI, **isi}
    return api_client.post(URL_DAFTAR, data, format="json")


def test_warga_mendaftar_dengan_email_dan_masuk_grup_warga(api_client):
    respons = _daftar(api_client, email="Siti@Contoh.id", nik=NIK)
    assert respons.status_code == 201
    data = respons.json()
    assert data["email"] == "siti@contoh.id"
    assert data["nik"] == "3201**********01"
    assert data["peran"] == ["warga"]
    assert "password" not in data
    pengguna = Pengguna.objects.get(email="siti@contoh.id")
    assert pengguna.groups.filter(name=GRUP_WARGA).exists()
    assert pengguna.check_password(SANDI)


def test_telepon_dinormalkan_dan_format_lain_dianggap_sama(api_client):
    assert _daftar(api_client, telepon="0812-3456-7890").json()["telepon"] == "+6281234567890"
    ganda = _daftar(api_client, telepon="6281234567890")
    assert ganda.status_code == 400
    assert "telepon" in ganda.json()["galat"]["rincian"]


def test_email_ganda_dijawab_400_dengan_pesan_jelas(api_client, warga):
    respons = _daftar(api_client, email=warga.email.upper())
    assert respons.status_code == 400
    galat = respons.json()["galat"]
    assert galat["kode"] == "data_tidak_valid"
    assert "sudah terdaftar" in galat["rincian"]["email"][0]
    assert Pengguna.objects.filter(email=warga.email).count() == 1


def test_nik_ganda_dijawab_400(api_client):
    PenggunaFactory(nik=NIK)
    respons = _daftar(api_client, email="baru@contoh.id", nik=NIK)
    assert respons.status_code == 400
    assert "nik" in respons.json()["galat"]["rincian"]


def test_tanpa_email_dan_telepon_dijawab_400(api_client):
    respons = _daftar(api_client)
    assert respons.status_code == 400
    assert "non_field_errors" in respons.json()["galat"]["rincian"]


@pytest.mark.parametrize(
    ("isi", "medan"),
    [
        ({"email": "a@contoh.id", "password": "12345678"}, "password"),
        ({"email": "a@contoh.id", "nik": "1234"}, "nik"),
        ({"email": "a@contoh.id", "nik": "3201019999900001"}, "nik"),
        ({"telepon": "12345"}, "telepon"),
        ({"email": "bukan-email"}, "email"),
    ],
)
def test_data_tidak_sah_dijawab_400_per_medan(isi, medan, api_client):
    respons = _daftar(api_client, **isi)
    assert respons.status_code == 400
    assert medan in respons.json()["galat"]["rincian"]
    assert not Pengguna.objects.exists()


def test_masuk_dengan_email_memberi_token_yang_mengautentikasi_profil(api_client):
    _daftar(api_client, email="siti@contoh.id")
    respons = api_client.post(URL_TOKEN, {"email": "siti@contoh.id", "password": SANDI}, format="json")
    assert respons.status_code == 200
    token = respons.json()["token"]
    saya = api_client.get(URL_SAYA, HTTP_AUTHORIZATION=f"Token {token}")
    assert saya.status_code == 200
    assert saya.json()["email"] == "siti@contoh.id"
    # The same token again for the same account.
    ulang = api_client.post(URL_TOKEN, {"username": "siti@contoh.id", "password": SANDI}, format="json")
    assert ulang.json()["token"] == token


def test_masuk_dengan_telepon_format_apa_pun(api_client):
    _daftar(api_client, telepon="081234567890")
    respons = api_client.post(URL_TOKEN, {"telepon": "+6281234567890", "password": SANDI}, format="json")
    assert respons.status_code == 200


def test_sandi_salah_dijawab_400_terstruktur(api_client, warga):
    respons = api_client.post(URL_TOKEN, {"email": warga.email, "password": "salah-sekali"}, format="json")
    assert respons.status_code == 400
    assert respons.json()["galat"]["kode"] == "data_tidak_valid"
    tak_ada = api_client.post(
        URL_TOKEN, {"email": "hantu@contoh.id", "password": "salah-sekali"}, format="json"
    )
    assert tak_ada.json() == respons.json()


def test_masuk_tanpa_identitas_dijawab_400(api_client):
    respons = api_client.post(URL_TOKEN, {"password": SANDI}, format="json")
    assert respons.status_code == 400


def test_token_palsu_dijawab_401(api_client):
    respons = api_client.get(URL_SAYA, HTTP_AUTHORIZATION="Token palsu")
    assert respons.status_code == 401
    assert respons.json()["galat"]["kode"] == "autentikasi_gagal"


def test_profil_tanpa_masuk_dijawab_401(api_client):
    respons = api_client.get(URL_SAYA)
    assert respons.status_code == 401
    assert respons.json()["galat"]["kode"] == "belum_masuk"


def test_profil_petugas_memuat_peran_dan_unitnya(klien_untuk, unit, unit_lain):
    petugas = buat_petugas(unit)
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain, peran=Peran.SUPERVISOR)
    data = klien_untuk(petugas).get(URL_SAYA).json()
    assert data["peran"] == ["petugas", "supervisor"]
    assert {(u["kode"], u["peran"]) for u in data["unit"]} == {
        (unit.kode, "petugas"),
        (unit_lain.kode, "supervisor"),
    }


def test_profil_manajer_dan_admin(klien_untuk, manajer):
    assert klien_untuk(manajer).get(URL_SAYA).json()["peran"] == ["manajer"]
    admin = PenggunaFactory()
    admin.groups.add(Group.objects.get_or_create(name="admin")[0])
    assert klien_untuk(admin).get(URL_SAYA).json()["peran"] == ["manajer", "admin"]


def test_profil_tidak_pernah_memuat_nik_utuh(klien_untuk):
    pengguna = PenggunaFactory(nik=NIK)
    data = klien_untuk(pengguna).get(URL_SAYA).json()
    assert data["nik"] == "3201**********01"
    assert NIK not in str(data)
