"""The citizen's way in without JavaScript, before submitting: home search, the service catalogue and the
service standard page, through the Django test client. The wizard is in test_pengajuan.py, the complaint
form in test_pengajuan_keluhan.py."""

from __future__ import annotations

import pytest

from keluhan.models import KategoriKeluhan
from layanan.models import JenisLayanan
from tests.layanan.factories import JenisLayananFactory

pytestmark = pytest.mark.django_db


# --- home and catalogue ------------------------------------------------------------------------------


def test_beranda_mencari_layanan_dan_kategori_keluhan_tanpa_javascript(client, unit, akta, kategori):
    JenisLayananFactory(unit=unit, kode="ktp-el", nama="Penerbitan KTP-el", kata_kunci="ktp")
    semua = client.get("/")
    assert semua.status_code == 200
    html = semua.content.decode()
    assert "Akta Kelahiran" in html and "Penerbitan KTP-el" in html
    assert 'href="/keluhan/baru/"' in html and 'href="/lacak/"' in html and 'href="/layanan/"' in html

    cari = client.get("/", {"q": "ktp"}).content.decode()
    assert "Penerbitan KTP-el" in cari
    assert "Akta Kelahiran" not in cari

    jalan = client.get("/", {"q": "berlubang"}).content.decode()
    assert "/keluhan/baru/?kategori=jalan-rusak" in jalan
    assert "Penerbitan KTP-el" not in jalan

    kosong = client.get("/", {"q": "tidak-ada-yang-cocok"})
    assert kosong.status_code == 200
    assert "Penerbitan KTP-el" not in kosong.content.decode()


def test_katalog_menyaring_per_kelompok_dan_kata(client, unit, akta):
    JenisLayananFactory(unit=unit, kode="izin-usaha", nama="Izin Usaha Mikro", kelompok="Perizinan")
    perizinan = client.get("/layanan/", {"kelompok": "perizinan"}).content.decode()
    assert "Izin Usaha Mikro" in perizinan and "Akta Kelahiran" not in perizinan
    kata = client.get("/layanan/", {"q": "akta"}).content.decode()
    assert "Akta Kelahiran" in kata and "Izin Usaha Mikro" not in kata
    # An over-long search is cut, not refused.
    assert client.get("/layanan/", {"q": "x" * 500}).status_code == 200


def test_katalog_dan_beranda_jumlah_kueri_tetap_datar(client, unit, django_assert_max_num_queries):
    for i in range(40):
        JenisLayananFactory(unit=unit, kode=f"l-{i}", kelompok=f"Kelompok {i % 4}")
    for i in range(10):
        KategoriKeluhan.objects.create(kode=f"k-{i}", nama=f"Kategori {i}", unit_default=unit)
    with django_assert_max_num_queries(5):  # services, categories, groups (+ a savepoint pair)
        assert client.get("/layanan/").status_code == 200
    with django_assert_max_num_queries(5):  # services, categories, groups (+ a savepoint pair)
        assert client.get("/", {"q": "Kategori"}).status_code == 200


# --- service standard --------------------------------------------------------------------------------


def test_standar_layanan_publik_tanpa_bagian_internal(client, akta):
    respons = client.get(f"/layanan/{akta.kode}/")
    assert respons.status_code == 200
    html = respons.content.decode()
    for teks in ("KTP orang tua", "Kartu Keluarga", "Isi formulir", "Dokumen resmi", "Perda Tubei 7/2024"):
        assert teks in html
    assert "Hubungi SIGAP Tubei" in html  # complaint handling
    assert f'href="/layanan/{akta.kode}/ajukan/"' in html
    assert "Operator SIAK bersertifikat" not in html  # staff competence: internal part


def test_standar_layanan_bagian_internal_untuk_petugas(client, akta, petugas):
    client.force_login(petugas.pengguna)
    assert "Operator SIAK bersertifikat" in client.get(f"/layanan/{akta.kode}/").content.decode()


def test_layanan_nonaktif_atau_tidak_ada_404(client, akta):
    JenisLayanan.objects.filter(pk=akta.pk).update(aktif=False)
    assert client.get(f"/layanan/{akta.kode}/").status_code == 404
    assert client.get(f"/layanan/{akta.kode}/ajukan/").status_code == 404
    assert client.get(f"/layanan/{akta.kode}/ajukan/data/").status_code == 404
    assert client.get("/layanan/tidak-ada/").status_code == 404
