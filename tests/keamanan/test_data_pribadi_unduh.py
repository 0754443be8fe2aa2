"""A citizen's own data (UU 27/2022): the download holds their data and nobody else's, by page and API,
streamed, in a fixed number of queries. Deleting the account is in test_data_pribadi_hapus.py."""

from __future__ import annotations

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from antrian import services as antrian_services
from portal import data_pribadi
from tests.conftest import aktor
from tests.keamanan._data_pribadi_umum import (
    CATATAN_INTERNAL,
    EMAIL_A,
    EMAIL_B,
    NAMA_A,
    NAMA_B,
    NIK_A,
    NIK_B,
    SURVEI,
    TELEPON_A,
    TELEPON_B,
    _keluhan,
    _unduh,
)

pytestmark = pytest.mark.django_db


# --- download ---------------------------------------------------------------------------------------------


def test_unduhan_memuat_data_sendiri_dan_bukan_milik_warga_lain(client, riwayat, warga_a):
    client.force_login(warga_a)
    data = _unduh(client)
    teks = json.dumps(data, ensure_ascii=False)
    assert data["akun"]["nik"] == NIK_A and data["akun"]["telepon"] == TELEPON_A
    assert data["akun"]["email"] == EMAIL_A and data["akun"]["nama_lengkap"] == NAMA_A
    assert {t["nomor"] for t in data["tiket"]} == {t.nomor for t in riwayat["siti"]}
    permohonan = next(t for t in data["tiket"] if t["permohonan"])
    assert permohonan["permohonan"]["jawaban"]["nama-anak"] == f"Anak dari NIK {NIK_A}"
    assert permohonan["survei"]["jawaban"] == SURVEI
    assert {b["nama"] for b in permohonan["berkas"]} == {"ktp.pdf", "kk.png"}
    assert all(
        b["url"].endswith(f"/lampiran/{b['url'].rstrip('/').rsplit('/', 1)[-1]}/")
        for b in permohonan["berkas"]
    )
    assert any("Terima kasih" in r["isi"] for r in permohonan["tanggapan"])
    assert any(p["catatan"] == f"Sudah, NIK saya {NIK_A}." for p in permohonan["peristiwa"])
    assert permohonan["pesan_terkirim"], "the messages sent to the citizen are part of their data"
    keluhan = next(t for t in data["tiket"] if t["keluhan"])
    assert keluhan["status"] == "dibatalkan" and NIK_A in keluhan["keluhan"]["isi"]
    # Nothing of citizen B, nothing internal, no officer's name.
    for milik_lain in [NIK_B, TELEPON_B, EMAIL_B, NAMA_B, CATATAN_INTERNAL]:
        assert milik_lain not in teks
    assert all(p["oleh"] in {"warga", "petugas", "sistem"} for t in data["tiket"] for p in t["peristiwa"])


def test_url_berkas_dalam_unduhan_hanya_terbuka_bagi_pemiliknya(client, riwayat, warga_a, warga_b):
    client.force_login(warga_a)
    data = _unduh(client)
    url = (
        next(t for t in data["tiket"] if t["berkas"])["berkas"][0]["url"].split("://", 1)[1].split("/", 1)[1]
    )
    assert client.get("/" + url).status_code == 200
    client.force_login(warga_b)
    assert client.get("/" + url).status_code in (403, 404)


def test_api_data_saya_sama_dengan_unduhan_halaman(client, riwayat, warga_a):
    klien = APIClient()
    klien.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=warga_a).key}")
    dari_api = _unduh(klien, "/api/v1/akun/data-saya/")
    client.force_login(warga_a)
    dari_halaman = _unduh(client)
    for data in (dari_api, dari_halaman):  # the moment of the download and of the login differ
        data.pop("dibuat_pada"), data["akun"].pop("terakhir_masuk")
    assert dari_api == dari_halaman


def test_tanpa_masuk_unduhan_ditolak(client, api_client, riwayat):
    assert client.get("/akun/data-saya/").status_code == 302
    r = client.get("/akun/data-saya/unduh/")
    assert r.status_code == 302 and "/masuk/" in r["Location"]
    r = api_client.get("/api/v1/akun/data-saya/")
    assert r.status_code == 401 and r.json()["galat"]["kode"] == "belum_masuk"


def test_halaman_data_saya_ditautkan_dari_tiket_saya(client, warga_a):
    client.force_login(warga_a)
    assert 'href="/akun/data-saya/"' in client.get("/tiket-saya/").content.decode()
    isi = client.get("/akun/data-saya/").content.decode()
    assert 'href="/akun/data-saya/unduh/"' in isi and 'href="/akun/hapus/"' in isi


@pytest.mark.parametrize("jumlah", [1, 12])
def test_jumlah_query_unduhan_tetap_berapa_pun_tiketnya(
    client, unit, warga_a, kategori, jumlah, django_assert_max_num_queries
):
    for _i in range(jumlah):
        tiket = _keluhan(kategori, warga_a, NIK_A, TELEPON_A)
        antrian_services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga_a), isi="tambahan")
    client.force_login(warga_a)
    # Session and user (2), then per chunk of tikets: tikets, events, replies, files, messages (5), the
    # empty notifications (1); a fixed number, with 1 tiket or 12.
    with django_assert_max_num_queries(10):
        data = _unduh(client)
    assert len(data["tiket"]) == jumlah


def test_unduhan_mengalir_dalam_potongan(warga_a, kategori, monkeypatch):
    from portal.data_pribadi import ekspor

    monkeypatch.setattr(ekspor, "POTONGAN", 2)
    for _i in range(5):
        _keluhan(kategori, warga_a, NIK_A, TELEPON_A)
    bagian = list(data_pribadi.data_saya_json(warga_a))
    assert len(bagian) > 5  # one piece per tiket, never the whole document at once
    assert len(json.loads("".join(bagian))["tiket"]) == 5
