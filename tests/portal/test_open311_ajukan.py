"""POST requests.{fmt}: a request filed through Open311 is a normal tiket, and every bad input has the
spec's error answer."""

from __future__ import annotations

import pytest

from antrian.izin import Aktor
from antrian.models import Peristiwa, Status, Tiket
from antrian.models.catatan import JenisPeristiwa
from antrian.selectors.tiket import antrian_untuk_petugas
from portal.models import AplikasiOpen311, PermintaanOpen311
from tests.layanan.factories import PersyaratanFactory
from tests.portal.open311_bantu import (
    FORMAT,
    KUNCI,
    baca,
    buat_aplikasi,
    buat_kategori,
    buat_layanan_sederhana,
    data_permintaan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def siap(unit):  # type: ignore[no-untyped-def]
    buat_aplikasi()
    return buat_layanan_sederhana(unit)


def _galat(respons, fmt, status):  # type: ignore[no-untyped-def]
    assert respons.status_code == status, respons.content
    daftar = baca(respons, fmt)
    assert all(str(g["code"]) == str(status) for g in daftar)
    return " | ".join(g["description"] for g in daftar)


@pytest.mark.parametrize("fmt", FORMAT)
def test_permintaan_menjadi_tiket_di_antrian_unit_dengan_peristiwa_pengajuan(
    client, siap, unit, petugas, fmt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as siaran:
        respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan())
    assert respons.status_code == 201, respons.content
    [isi] = baca(respons, fmt)
    tiket = Tiket.objects.get(nomor=isi["service_request_id"])
    assert isi["token"] == PermintaanOpen311.objects.get(tiket=tiket).token
    assert "3 working days" in isi["service_notice"] or "3 hari kerja" in isi["service_notice"]
    assert tiket.unit == unit and tiket.status == Status.DIAJUKAN
    assert tiket.permohonan.jawaban == {"tiang": "T-17", "jenis": "led"}
    assert tiket.kontak_nama == "Sari Wulandari" and tiket.kontak_email == "sari@contoh.id"
    assert list(tiket.peristiwa.values_list("jenis", flat=True)) == [JenisPeristiwa.PENGAJUAN]
    assert siaran, "the submission is broadcast after commit like any other"
    antrian = antrian_untuk_petugas(aktor=Aktor(pengguna=petugas.pengguna))
    assert tiket.pk in {t.pk for t in antrian}


def test_atribut_ganda_tanggal_dan_angka_diterima(client, siap):
    data = data_permintaan(**{"attribute[sejak]": "2026-11-20T08:00:00+07:00", "attribute[jumlah]": "2"})
    data["attribute[gejala][]"] = ["kedip", "mati"]
    respons = client.post("/open311/v2/requests.json", data)
    assert respons.status_code == 201, respons.content
    tiket = Tiket.objects.get(nomor=baca(respons, "json")[0]["service_request_id"])
    assert tiket.permohonan.jawaban["gejala"] == ["mati", "kedip"]
    assert tiket.permohonan.jawaban["sejak"] == "2026-11-20"
    assert tiket.permohonan.jawaban["jumlah"] == 2


@pytest.mark.parametrize("fmt", FORMAT)
def test_keluhan_lewat_kategori_dengan_alamat_saja(client, unit, fmt):
    buat_aplikasi()
    buat_kategori(unit)
    data = data_permintaan(
        service_code="keluhan.jalan-rusak", lat=None, long=None, address_string="Jl. Melati 3"
    )
    respons = client.post(f"/open311/v2/requests.{fmt}", data)
    assert respons.status_code == 201, respons.content
    tiket = Tiket.objects.get(nomor=baca(respons, fmt)[0]["service_request_id"])
    assert tiket.keluhan.alamat == "Jl. Melati 3"
    assert tiket.keluhan.isi == "Lampu di depan sekolah mati."
    assert tiket.peristiwa.filter(jenis=JenisPeristiwa.PENGAJUAN).count() == 1


@pytest.mark.parametrize("fmt", FORMAT)
def test_kode_layanan_tak_dikenal_404(client, siap, fmt):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(service_code="tidak-ada"))
    assert "tidak-ada" in _galat(respons, fmt, 404)
    assert not Tiket.objects.exists()


@pytest.mark.parametrize("fmt", FORMAT)
def test_atribut_wajib_hilang_400(client, siap, fmt):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(**{"attribute[tiang]": None}))
    assert "attribute[tiang]" in _galat(respons, fmt, 400)
    assert not Tiket.objects.exists()


@pytest.mark.parametrize("fmt", FORMAT)
def test_pilihan_tak_tersedia_400(client, siap, fmt):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(**{"attribute[jenis]": "neon"}))
    assert "attribute[jenis]" in _galat(respons, fmt, 400)


@pytest.mark.parametrize("fmt", FORMAT)
def test_tanpa_lokasi_400(client, siap, fmt):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(lat="", long=""))
    assert "address_string" in _galat(respons, fmt, 400)
    assert not Tiket.objects.exists()


@pytest.mark.parametrize(("lat", "long"), [("-6.2", None), ("91", "106"), ("abc", "106"), ("-6.2", "181")])
def test_koordinat_tidak_sah_400(client, siap, lat, long):
    respons = client.post("/open311/v2/requests.json", data_permintaan(lat=lat, long=long))
    assert respons.status_code == 400
    assert not Tiket.objects.exists()


@pytest.mark.parametrize("fmt", FORMAT)
def test_deskripsi_lebih_dari_4000_karakter_400(client, siap, fmt):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(description="x" * 4001))
    assert "description" in _galat(respons, fmt, 400)
    assert not Tiket.objects.exists()


def test_deskripsi_tepat_4000_karakter_diterima(client, siap):
    respons = client.post("/open311/v2/requests.json", data_permintaan(description="x" * 4000))
    assert respons.status_code == 201


@pytest.mark.parametrize("fmt", FORMAT)
@pytest.mark.parametrize("kunci", [None, "", "kunci-salah"])
def test_kunci_hilang_atau_salah_403(client, siap, fmt, kunci):
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan(api_key=kunci))
    assert "api_key" in _galat(respons, fmt, 403)
    assert not Tiket.objects.exists()


@pytest.mark.parametrize("fmt", FORMAT)
def test_kunci_dicabut_403(client, siap, fmt):
    AplikasiOpen311.objects.update(aktif=False)
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan())
    assert "revoked" in _galat(respons, fmt, 403) or "dicabut" in respons.content.decode()
    assert not Tiket.objects.exists()


def test_kunci_salah_pada_get_juga_403(client, siap):
    assert client.get("/open311/v2/requests.json", {"api_key": "salah"}).status_code == 403


def test_tamu_tanpa_kontak_400(client, siap):
    respons = client.post(
        "/open311/v2/requests.json", data_permintaan(email=None, first_name=None, last_name=None)
    )
    galat = _galat(respons, "json", 400)
    assert "first_name" in galat and "email" in galat


def test_layanan_dengan_dokumen_wajib_400_menyebut_dokumen(client, siap):
    PersyaratanFactory(layanan=siap, kode="ktp", nama="KTP")
    respons = client.post("/open311/v2/requests.json", data_permintaan())
    assert "ktp" in _galat(respons, "json", 400)
    definisi = baca(client.get("/open311/v2/services.json"), "json")
    assert definisi[0]["service_code"] == "lampu-jalan"


@pytest.mark.parametrize("media", ["javascript:alert(1)", "bukan url"])
def test_media_url_tidak_sah_400(client, siap, media):
    assert client.post("/open311/v2/requests.json", data_permintaan(media_url=media)).status_code == 400


@pytest.mark.parametrize("fmt", FORMAT)
def test_batas_laju_per_kunci_429_dengan_retry_after(client, unit, fmt):
    buat_aplikasi(batas_per_menit=2)
    buat_layanan_sederhana(unit)
    for _ in range(2):
        assert client.post(f"/open311/v2/requests.{fmt}", data_permintaan()).status_code == 201
    respons = client.post(f"/open311/v2/requests.{fmt}", data_permintaan())
    _galat(respons, fmt, 429)
    assert 1 <= int(respons["Retry-After"]) <= 60
    assert Tiket.objects.count() == 2
    # Another app's key has its own budget.
    buat_aplikasi("kunci-lain", nama="Lain")
    assert (
        client.post(f"/open311/v2/requests.{fmt}", data_permintaan(api_key="kunci-lain")).status_code == 201
    )


def test_pemakaian_kunci_dicatat(client, siap):
    client.post("/open311/v2/requests.json", data_permintaan())
    aplikasi = AplikasiOpen311.objects.get()
    assert aplikasi.terakhir_dipakai is not None
    assert aplikasi.permintaan.count() == 1
    assert aplikasi.kunci_hash != KUNCI and KUNCI not in aplikasi.kunci_hash


def test_peristiwa_pengajuan_tanpa_aktor_pengguna(client, siap):
    client.post("/open311/v2/requests.json", data_permintaan())
    peristiwa = Peristiwa.objects.get()
    assert peristiwa.aktor_id is None


@pytest.mark.parametrize("medan", ["description", "first_name", "address_string", "attribute[tiang]"])
def test_karakter_kendali_ditolak_400_bukan_galat_basis_data(client, siap, medan):
    respons = client.post("/open311/v2/requests.json", data_permintaan(**{medan: "a\x00b"}))
    assert respons.status_code == 400
    assert medan in baca(respons, "json")[0]["description"]
    assert client.get("/open311/v2/requests.json", {"service_request_id": "A\x00"}).status_code == 400
