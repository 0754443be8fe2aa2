"""Plain HTML pages: the home page catalogue, a guest's tracking page, the health endpoint."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError

from antrian import services
from keluhan.models import KategoriKeluhan
from layanan.models import JenisLayanan
from portal import selectors
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


def test_beranda_menampilkan_katalog_per_kelompok_dengan_biaya(client, unit):
    JenisLayanan.objects.create(
        kode="ktp-el", nama="Penerbitan KTP-el", kelompok="Kependudukan", unit=unit, jangka_waktu_hari=3
    )
    JenisLayanan.objects.create(
        kode="sewa-alat",
        nama="Sewa Alat Berat",
        kelompok="Pekerjaan Umum",
        unit=unit,
        jangka_waktu_hari=5,
        biaya=Decimal("750000"),
    )
    JenisLayanan.objects.create(
        kode="lama", nama="Layanan Lama Nonaktif", unit=unit, jangka_waktu_hari=1, aktif=False
    )
    KategoriKeluhan.objects.create(kode="jalan", nama="Jalan dan Jembatan", unit_default=unit)
    respons = client.get("/")
    assert respons.status_code == 200
    html = respons.content.decode()
    assert "Penerbitan KTP-el" in html
    assert "Kependudukan" in html
    assert "Gratis" in html
    assert "Rp 750.000" in html
    assert "3 hari kerja" in html
    assert "Jalan dan Jembatan" in html
    assert "Layanan Lama Nonaktif" not in html
    assert 'href="/api/docs/"' in html
    assert 'href="/admin/"' in html


def test_beranda_tetap_tampil_saat_katalog_kosong(client):
    respons = client.get("/")
    assert respons.status_code == 200
    assert "Katalog layanan belum tersedia" in respons.content.decode()


def test_beranda_tetap_tampil_saat_tabel_katalog_gagal_dibaca(client, unit, monkeypatch):
    JenisLayanan.objects.create(kode="ktp-el", nama="Penerbitan KTP-el", unit=unit, jangka_waktu_hari=3)
    assert selectors.katalog_layanan() != []

    def rusak(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("no such table: layanan_jenislayanan")

    monkeypatch.setattr(JenisLayanan.objects, "filter", rusak)
    monkeypatch.setattr(KategoriKeluhan.objects, "filter", rusak)
    assert selectors.katalog_layanan() == []
    assert selectors.kategori_keluhan() == []
    respons = client.get("/")
    assert respons.status_code == 200
    assert "Penerbitan KTP-el" not in respons.content.decode()


def test_lacak_dengan_token_benar_menampilkan_status_dan_riwayat_publik(client, unit, petugas):
    baru = buat_tiket(unit, judul="Lampu jalan padam")
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="RAHASIA-INTERNAL", internal=True)
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="Segera kami tangani")
    respons = client.get(f"/lacak/{baru.tiket.nomor}/", {"token": baru.token_lacak})
    assert respons.status_code == 200
    html = respons.content.decode()
    assert baru.tiket.nomor in html
    assert "Lampu jalan padam" in html
    assert "Ditugaskan" in html
    assert "Segera kami tangani" in html
    assert "RAHASIA-INTERNAL" not in html
    assert petugas.pengguna.nama_tampil not in html
    assert respons["Referrer-Policy"] == "same-origin"
    assert "no-store" in respons["Cache-Control"]


def test_lacak_dengan_token_salah_404_berbahasa_indonesia(client, unit):
    baru = buat_tiket(unit)
    salah = client.get(f"/lacak/{baru.tiket.nomor}/", {"token": "salah"})
    tanpa = client.get(f"/lacak/{baru.tiket.nomor}/")
    tak_ada = client.get("/lacak/ADU-0000-99999/", {"token": baru.token_lacak})
    for respons in (salah, tanpa, tak_ada):
        assert respons.status_code == 404
        assert "Tiket tidak ditemukan" in respons.content.decode()
    assert baru.tiket.judul not in salah.content.decode()


def test_sehat_melaporkan_basis_data(client):
    respons = client.get("/sehat/")
    assert respons.status_code == 200
    assert respons.json() == {"status": "ok", "database": "ok"}


def test_sehat_503_saat_basis_data_tidak_terjangkau(client, monkeypatch):
    from portal.views import umum as views

    def putus():  # type: ignore[no-untyped-def]
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", putus)
    respons = client.get("/sehat/")
    assert respons.status_code == 503
    assert respons.json()["database"] == "gagal"
