"""The officer queue and the citizen's own list: auth, scoping, filters, flat query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antrian import services
from antrian.models import JenisTiket, Prioritas, Status, Tiket
from keluhan.models import KategoriKeluhan, Keluhan
from layanan.models import JenisLayanan, Permohonan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

URL_ANTRIAN = "/api/v1/antrian/"
URL_SAYA = "/api/v1/tiket-saya/"

pytestmark = pytest.mark.django_db


def _nomor(respons) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["nomor"] for item in respons.json()["results"]]


def test_antrian_tanpa_masuk_dijawab_401_terstruktur(api_client):
    respons = api_client.get(URL_ANTRIAN)
    assert respons.status_code == 401
    assert respons.json()["galat"]["kode"] == "belum_masuk"
    assert respons["WWW-Authenticate"].startswith("Token")


def test_warga_tidak_boleh_melihat_antrian(klien_untuk, warga):
    respons = klien_untuk(warga).get(URL_ANTRIAN)
    assert respons.status_code == 403
    assert respons.json()["galat"]["kode"] == "tidak_diizinkan"


def test_petugas_hanya_melihat_tiket_unitnya(klien_untuk, unit, unit_lain, petugas, warga):
    milik_unit = buat_tiket(unit, pemohon=warga).tiket
    buat_tiket(unit_lain, pemohon=warga)
    respons = klien_untuk(petugas).get(URL_ANTRIAN)
    assert respons.status_code == 200
    assert _nomor(respons) == [milik_unit.nomor]
    item = respons.json()["results"][0]
    assert item["unit"] == {"kode": unit.kode, "nama": unit.nama}
    assert item["petugas"] is None
    assert item["status"] == Status.DIAJUKAN
    assert item["terlambat"] is False
    assert item["versi"] == milik_unit.versi
    assert "pemohon" not in item


def test_manajer_melihat_antrian_semua_unit(klien_untuk, unit, unit_lain, manajer, warga):
    buat_tiket(unit, pemohon=warga)
    buat_tiket(unit_lain, pemohon=warga)
    respons = klien_untuk(manajer).get(URL_ANTRIAN)
    assert respons.status_code == 200
    assert respons.json()["count"] == 2


def test_antrian_urut_prioritas_lalu_tenggat_terdekat(klien_untuk, unit, petugas, warga):
    lama = buat_tiket(unit, pemohon=warga, tenggat_hari=10).tiket
    dekat = buat_tiket(unit, pemohon=warga, tenggat_hari=2).tiket
    darurat = buat_tiket(unit, pemohon=warga, tenggat_hari=20).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    respons = klien_untuk(petugas).get(URL_ANTRIAN)
    assert _nomor(respons) == [darurat.nomor, dekat.nomor, lama.nomor]


def test_saring_status_boleh_beberapa_dan_dipisah_koma(klien_untuk, unit, petugas, warga):
    diajukan = buat_tiket(unit, pemohon=warga).tiket
    diambil = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=diambil, aktor=aktor(petugas))
    klien = klien_untuk(petugas)
    assert _nomor(klien.get(URL_ANTRIAN, {"status": "ditugaskan"})) == [diambil.nomor]
    assert set(_nomor(klien.get(URL_ANTRIAN, {"status": "diajukan,ditugaskan"}))) == {
        diajukan.nomor,
        diambil.nomor,
    }
    assert set(_nomor(klien.get(f"{URL_ANTRIAN}?status=diajukan&status=ditugaskan"))) == {
        diajukan.nomor,
        diambil.nomor,
    }


def test_status_tak_dikenal_dijawab_400(klien_untuk, petugas):
    respons = klien_untuk(petugas).get(URL_ANTRIAN, {"status": "hilang"})
    assert respons.status_code == 400
    assert "status" in respons.json()["galat"]["rincian"]


def test_saring_ditugaskan_saya_dan_kosong(klien_untuk, unit, petugas, petugas_kedua, warga):
    punya_saya = buat_tiket(unit, pemohon=warga).tiket
    punya_rekan = buat_tiket(unit, pemohon=warga).tiket
    kosong = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=punya_saya, aktor=aktor(petugas))
    services.tiket_ambil(tiket=punya_rekan, aktor=aktor(petugas_kedua))
    klien = klien_untuk(petugas)
    assert _nomor(klien.get(URL_ANTRIAN, {"ditugaskan": "saya"})) == [punya_saya.nomor]
    assert _nomor(klien.get(URL_ANTRIAN, {"ditugaskan": "kosong"})) == [kosong.nomor]
    assert klien.get(URL_ANTRIAN, {"ditugaskan": "siapa"}).status_code == 400


def test_saring_terlambat_hanya_tiket_berjalan_lewat_tenggat(klien_untuk, unit, petugas, warga):
    telat = buat_tiket(unit, pemohon=warga).tiket
    belum = buat_tiket(unit, pemohon=warga).tiket
    selesai_telat = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tolak(tiket=selesai_telat, aktor=aktor(petugas), alasan="spam", catatan="iklan")
    lampau = timezone.now() - dt.timedelta(days=3)
    Tiket.objects.filter(pk__in=[telat.pk, selesai_telat.pk]).update(tenggat=lampau)
    respons = klien_untuk(petugas).get(URL_ANTRIAN, {"terlambat": "1"})
    assert _nomor(respons) == [telat.nomor]
    assert respons.json()["results"][0]["terlambat"] is True
    semua = {
        i["nomor"]: i["terlambat"]
        for i in klien_untuk(petugas).get(URL_ANTRIAN, {"status": "semua"}).json()["results"]
    }
    assert semua[belum.nomor] is False
    assert semua[selesai_telat.nomor] is False


def test_tanpa_status_antrian_api_hanya_tiket_terbuka_dan_semua_memuat_yang_selesai(
    klien_untuk, unit, petugas, warga
):
    terbuka = buat_tiket(unit, pemohon=warga).tiket
    ditolak = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tolak(tiket=ditolak, aktor=aktor(petugas), alasan="spam", catatan="iklan")
    klien = klien_untuk(petugas)
    assert _nomor(klien.get(URL_ANTRIAN)) == [terbuka.nomor]
    assert sorted(_nomor(klien.get(URL_ANTRIAN, {"status": "semua"}))) == sorted(
        [terbuka.nomor, ditolak.nomor]
    )
    assert _nomor(klien.get(URL_ANTRIAN, {"status": "ditolak"})) == [ditolak.nomor]


def test_cari_dengan_awalan_nomor_atau_judul(klien_untuk, unit, petugas, warga):
    lampu = buat_tiket(unit, pemohon=warga, judul="Lampu jalan padam").tiket
    buat_tiket(unit, pemohon=warga, judul="Sampah menumpuk")
    klien = klien_untuk(petugas)
    assert _nomor(klien.get(URL_ANTRIAN, {"q": "lampu"})) == [lampu.nomor]
    assert _nomor(klien.get(URL_ANTRIAN, {"q": lampu.nomor})) == [lampu.nomor]
    assert klien.get(URL_ANTRIAN, {"q": lampu.nomor[:7]}).json()["count"] == 2


def test_saring_unit_layanan_dan_kategori(klien_untuk, unit, petugas, warga):
    layanan = JenisLayanan.objects.create(kode="ktp-el", nama="KTP-el", unit=unit, jangka_waktu_hari=3)
    kategori = KategoriKeluhan.objects.create(kode="jalan", nama="Jalan rusak", unit_default=unit)
    permohonan = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.PERMOHONAN).tiket
    Permohonan.objects.create(tiket=permohonan, layanan=layanan)
    keluhan = buat_tiket(unit, pemohon=warga).tiket
    Keluhan.objects.create(tiket=keluhan, kategori=kategori, judul="Jalan", isi="Berlubang")
    klien = klien_untuk(petugas)
    assert _nomor(klien.get(URL_ANTRIAN, {"layanan": "ktp-el"})) == [permohonan.nomor]
    assert _nomor(klien.get(URL_ANTRIAN, {"kategori": "jalan"})) == [keluhan.nomor]
    assert klien.get(URL_ANTRIAN, {"unit": unit.kode}).json()["count"] == 2
    assert klien.get(URL_ANTRIAN, {"unit": "unit-yang-tidak-ada"}).json()["count"] == 0


def test_paginasi_memakai_halaman_dan_ukuran(klien_untuk, unit, petugas, warga):
    for _ in range(5):
        buat_tiket(unit, pemohon=warga)
    respons = klien_untuk(petugas).get(URL_ANTRIAN, {"ukuran": 2, "halaman": 3})
    assert respons.status_code == 200
    assert respons.json()["count"] == 5
    assert len(respons.json()["results"]) == 1


@pytest.mark.parametrize("jumlah", [3, 30])
def test_jumlah_kueri_antrian_tidak_tumbuh_dengan_jumlah_tiket(
    jumlah, klien_untuk, unit, petugas, petugas_kedua, warga, django_assert_max_num_queries
):
    petugas_kedua.kapasitas = 100
    petugas_kedua.save()
    for i in range(jumlah):
        tiket = buat_tiket(unit, pemohon=warga).tiket
        if i % 2:
            services.tiket_ambil(tiket=tiket, aktor=aktor(petugas_kedua))
    klien = klien_untuk(petugas)
    # The page is read id-first (selectors.HalamanAntrian): count, the page's ids, their rows.
    with django_assert_max_num_queries(6):
        respons = klien.get(URL_ANTRIAN, {"ukuran": 100})
    assert len(respons.json()["results"]) == jumlah
    assert any(item["petugas"] for item in respons.json()["results"])


def test_tiket_saya_tanpa_masuk_dijawab_401(api_client):
    assert api_client.get(URL_SAYA).status_code == 401


def test_tiket_saya_hanya_milik_sendiri_terbaru_dulu_tanpa_identitas_petugas(
    klien_untuk, unit, petugas, warga, warga_lain
):
    pertama = buat_tiket(unit, pemohon=warga).tiket
    kedua = buat_tiket(unit, pemohon=warga).tiket
    buat_tiket(unit, pemohon=warga_lain)
    services.tiket_ambil(tiket=pertama, aktor=aktor(petugas))
    respons = klien_untuk(warga).get(URL_SAYA)
    assert respons.status_code == 200
    assert _nomor(respons) == [kedua.nomor, pertama.nomor]
    assert all("petugas" not in item for item in respons.json()["results"])


@pytest.mark.parametrize("jumlah", [3, 30])
def test_jumlah_kueri_tiket_saya_tidak_tumbuh(
    jumlah, klien_untuk, unit, warga, django_assert_max_num_queries
):
    for _ in range(jumlah):
        buat_tiket(unit, pemohon=warga)
    klien = klien_untuk(warga)
    with django_assert_max_num_queries(3):
        respons = klien.get(URL_SAYA, {"ukuran": 100})
    assert respons.json()["count"] == jumlah
