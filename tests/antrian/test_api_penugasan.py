"""API wiring of assignment: claim the next tiket, reassign, the officers of a unit, the queue's order and
filters, and a submission to an automatic unit. Rules are tested on the services; here auth, status
codes and shapes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antrian import services
from antrian.models import (
    JenisTiket,
    Keanggotaan,
    Peran,
    Petugas,
    Prioritas,
    Status,
    StrategiPenugasan,
    Tiket,
)
from keluhan.models import KategoriKeluhan, Keluhan
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

URL_KLAIM = "/api/v1/antrian/klaim/"
URL_ANTRIAN = "/api/v1/antrian/"


def url_tugaskan_ulang(tiket: Tiket) -> str:
    return f"/api/v1/tiket/{tiket.nomor}/tugaskan-ulang/"


def url_petugas(kode: str) -> str:
    return f"/api/v1/unit/{kode}/petugas/"


def galat(respons):  # type: ignore[no-untyped-def]
    return respons.json()["galat"]


# --- POST /antrian/klaim/ ----------------------------------------------------------------------------------


def test_klaim_tanpa_masuk_dijawab_401(api_client):
    assert api_client.post(URL_KLAIM).status_code == 401


@pytest.mark.parametrize("siapa", ["warga", "manajer"])
def test_klaim_oleh_bukan_petugas_dijawab_403(request, siapa, klien_untuk, unit, warga):
    buat_tiket(unit, pemohon=warga)
    respons = klien_untuk(request.getfixturevalue(siapa)).post(URL_KLAIM)
    assert respons.status_code == 403
    assert galat(respons)["kode"] == "tidak_diizinkan"


def test_petugas_mengklaim_tiket_berikutnya_dan_menerima_rinciannya(klien_untuk, unit, petugas, warga):
    nanti = buat_tiket(unit, pemohon=warga, tenggat_hari=10).tiket
    dulu = buat_tiket(unit, pemohon=warga, tenggat_hari=2).tiket

    respons = klien_untuk(petugas).post(URL_KLAIM)

    assert respons.status_code == 200, respons.content
    isi = respons.json()
    assert isi["nomor"] == dulu.nomor
    assert isi["status"] == Status.DITUGASKAN
    assert isi["petugas"]["id"] == petugas.pk
    assert isi["versi"] == segarkan(dulu).versi
    assert "mulai" in isi["aksi_tersedia"]
    assert segarkan(nanti).status == Status.DIAJUKAN


def test_klaim_dari_unit_yang_disebut(klien_untuk, unit, unit_lain, petugas, warga):
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    buat_tiket(unit, pemohon=warga)
    di_unit_lain = buat_tiket(unit_lain, pemohon=warga, tenggat_hari=30).tiket

    respons = klien_untuk(petugas).post(URL_KLAIM, {"unit": unit_lain.kode}, format="json")

    assert respons.status_code == 200
    assert respons.json()["nomor"] == di_unit_lain.nomor


def test_klaim_dari_unit_tak_dikenal_dijawab_400(klien_untuk, petugas):
    respons = klien_untuk(petugas).post(URL_KLAIM, {"unit": "tidak-ada"}, format="json")
    assert respons.status_code == 400
    assert "unit" in galat(respons)["rincian"]


def test_klaim_dari_unit_orang_lain_dijawab_403(klien_untuk, unit_lain, petugas, warga):
    buat_tiket(unit_lain, pemohon=warga)
    respons = klien_untuk(petugas).post(URL_KLAIM, {"unit": unit_lain.kode}, format="json")
    assert respons.status_code == 403


def test_klaim_antrian_kosong_dijawab_404_dengan_pesan(klien_untuk, petugas):
    respons = klien_untuk(petugas).post(URL_KLAIM)
    assert respons.status_code == 404
    assert galat(respons) == {
        "kode": "tidak_ditemukan",
        "pesan": "Tidak ada tiket yang menunggu di antrian.",
        "rincian": {},
    }


def test_klaim_saat_kapasitas_penuh_dijawab_400(klien_untuk, unit, warga):
    penuh = buat_petugas(unit, kapasitas=0)
    buat_tiket(unit, pemohon=warga)
    respons = klien_untuk(penuh).post(URL_KLAIM)
    assert respons.status_code == 400
    assert "petugas" in galat(respons)["rincian"]


def test_klaim_di_unit_manual_dijawab_403(klien_untuk, unit, petugas, warga):
    unit.strategi_penugasan = StrategiPenugasan.MANUAL
    unit.save()
    buat_tiket(unit, pemohon=warga)
    assert klien_untuk(petugas).post(URL_KLAIM).status_code == 403


# --- POST /tiket/<nomor>/tugaskan-ulang/ -----------------------------------------------------------------


@pytest.fixture
def tiket_dipegang(unit, petugas, warga) -> Tiket:  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    return segarkan(tiket)


def test_supervisor_menugaskan_ulang_lewat_api(klien_untuk, tiket_dipegang, petugas_kedua, supervisor):
    respons = klien_untuk(supervisor).post(
        url_tugaskan_ulang(tiket_dipegang),
        {"petugas": petugas_kedua.pk, "alasan": "Petugas semula cuti."},
        format="json",
    )

    assert respons.status_code == 200, respons.content
    isi = respons.json()
    assert (isi["status"], isi["petugas"]["id"]) == (Status.DITUGASKAN, petugas_kedua.pk)
    terakhir = isi["peristiwa"][-1]
    assert (terakhir["aksi"], terakhir["aksi_label"]) == ("tugaskan_ulang", "Dialihtugaskan ke petugas lain")
    assert terakhir["data"] == {"petugas_lama": tiket_dipegang.petugas_id, "petugas_baru": petugas_kedua.pk}


def test_tugaskan_ulang_tersedia_hanya_bagi_supervisor_unit(klien_untuk, tiket_dipegang, petugas, supervisor):
    url = f"/api/v1/tiket/{tiket_dipegang.nomor}/"
    assert "tugaskan_ulang" in klien_untuk(supervisor).get(url).json()["aksi_tersedia"]
    assert "tugaskan_ulang" not in klien_untuk(petugas).get(url).json()["aksi_tersedia"]


def test_warga_tidak_melihat_penugasan_ulang_di_tiketnya(
    klien_untuk, tiket_dipegang, petugas_kedua, supervisor, warga
):
    services.tiket_tugaskan_ulang(
        tiket=tiket_dipegang, petugas=petugas_kedua, aktor=aktor(supervisor), alasan="Rahasia internal."
    )
    isi = klien_untuk(warga).get(f"/api/v1/tiket/{tiket_dipegang.nomor}/").json()
    assert "tugaskan_ulang" not in [p["aksi"] for p in isi["peristiwa"]]
    assert "Rahasia internal." not in str(isi)


@pytest.mark.parametrize(
    ("siapa", "kode_http"),
    [("petugas_kedua", 403), ("manajer", 403), ("warga", 403), ("petugas_unit_lain", 404)],
)
def test_tugaskan_ulang_oleh_yang_tidak_berhak(
    request, siapa, kode_http, klien_untuk, tiket_dipegang, petugas_kedua
):
    respons = klien_untuk(request.getfixturevalue(siapa)).post(
        url_tugaskan_ulang(tiket_dipegang), {"petugas": petugas_kedua.pk, "alasan": "x"}, format="json"
    )
    assert respons.status_code == kode_http
    assert segarkan(tiket_dipegang).petugas_id == tiket_dipegang.petugas_id


@pytest.mark.parametrize(
    ("data", "medan"),
    [
        ({"petugas": 1}, "alasan"),
        ({"alasan": "Cuti."}, "petugas"),
        ({"petugas": 999999, "alasan": "x"}, "petugas"),
    ],
)
def test_tugaskan_ulang_dengan_data_kurang_dijawab_400(data, medan, klien_untuk, tiket_dipegang, supervisor):
    respons = klien_untuk(supervisor).post(url_tugaskan_ulang(tiket_dipegang), data, format="json")
    assert respons.status_code == 400
    assert medan in galat(respons)["rincian"]


def test_tugaskan_ulang_tiket_di_antrian_dijawab_409(klien_untuk, unit, petugas, supervisor, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(supervisor).post(
        url_tugaskan_ulang(tiket), {"petugas": petugas.pk, "alasan": "x"}, format="json"
    )
    assert respons.status_code == 409
    assert galat(respons)["kode"] == "transisi_tidak_sah"


def test_tugaskan_ulang_dengan_versi_usang_dijawab_409(
    klien_untuk, tiket_dipegang, petugas_kedua, supervisor
):
    respons = klien_untuk(supervisor).post(
        url_tugaskan_ulang(tiket_dipegang),
        {"petugas": petugas_kedua.pk, "alasan": "x"},
        format="json",
        HTTP_IF_MATCH=str(tiket_dipegang.versi - 1),
    )
    assert respons.status_code == 409
    assert galat(respons)["kode"] == "perubahan_bersamaan"


# --- GET /unit/<kode>/petugas/ -----------------------------------------------------------------------------


def test_daftar_petugas_tanpa_masuk_dijawab_401(api_client, unit):
    assert api_client.get(url_petugas(unit.kode)).status_code == 401


def test_daftar_petugas_untuk_warga_dijawab_403(klien_untuk, unit, warga):
    assert klien_untuk(warga).get(url_petugas(unit.kode)).status_code == 403


@pytest.mark.parametrize("kode", ["dukcapil", "tidak-ada"])
def test_daftar_petugas_unit_lain_atau_tak_dikenal_dijawab_404(kode, klien_untuk, unit, petugas_unit_lain):
    respons = klien_untuk(petugas_unit_lain).get(url_petugas(kode))
    assert respons.status_code == 404
    assert galat(respons)["kode"] == "tidak_ditemukan"


@pytest.mark.parametrize("siapa", ["supervisor", "petugas", "manajer"])
def test_daftar_petugas_memuat_beban_dan_kapasitas(
    request, siapa, klien_untuk, unit, unit_lain, petugas, supervisor, warga
):
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    di_unit_lain = buat_tiket(unit_lain, pemohon=warga).tiket
    services.tiket_ambil(tiket=di_unit_lain, aktor=aktor(petugas))
    selesai = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=selesai, aktor=aktor(petugas))
    services.tiket_tolak(tiket=selesai, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")
    cuti = buat_petugas(unit, aktif=False, kapasitas=3)

    respons = klien_untuk(request.getfixturevalue(siapa)).get(url_petugas(unit.kode))

    assert respons.status_code == 200, respons.content
    daftar = respons.json()
    assert daftar[0]["id"] == supervisor.pk and daftar[0]["peran"] == Peran.SUPERVISOR
    menurut_id = {item["id"]: item for item in daftar}
    assert set(menurut_id) == {petugas.pk, supervisor.pk, cuti.pk}
    segarkan_petugas = Petugas.objects.get(pk=petugas.pk)
    assert menurut_id[petugas.pk] == {
        "id": petugas.pk,
        "nama": petugas.nama,
        "jabatan": petugas.jabatan,
        "peran": Peran.PETUGAS,
        "aktif": True,
        "kapasitas": 10,
        # Open work in every unit; the rejected one no longer counts.
        "beban_terbuka": 2,
        "bisa_ditugaskan": True,
        "terakhir_ditugaskan_pada": timezone.localtime(segarkan_petugas.terakhir_ditugaskan_pada).isoformat(),
    }
    assert (menurut_id[cuti.pk]["aktif"], menurut_id[cuti.pk]["bisa_ditugaskan"]) == (False, False)
    assert menurut_id[cuti.pk]["terakhir_ditugaskan_pada"] is None


@pytest.mark.parametrize("jumlah", [2, 12])
def test_jumlah_kueri_daftar_petugas_tidak_tumbuh(
    jumlah, klien_untuk, unit, supervisor, warga, django_assert_max_num_queries
):
    for _ in range(jumlah):
        anggota = buat_petugas(unit)
        services.tiket_ambil(tiket=buat_tiket(unit, pemohon=warga).tiket, aktor=aktor(anggota))
    klien = klien_untuk(supervisor)
    with django_assert_max_num_queries(5):
        respons = klien.get(url_petugas(unit.kode))
    assert len(respons.json()) == jumlah + 1


# --- the queue: order and the filters added here ---------------------------------------------------------


def _nomor(respons):  # type: ignore[no-untyped-def]
    return [item["nomor"] for item in respons.json()["results"]]


def test_antrian_api_menaruh_tiket_terlambat_di_atas(klien_untuk, unit, petugas, warga):
    darurat = buat_tiket(unit, pemohon=warga).tiket
    telat = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    Tiket.objects.filter(pk=telat.pk).update(tenggat=timezone.now() - dt.timedelta(hours=2))
    assert _nomor(klien_untuk(petugas).get(URL_ANTRIAN)) == [telat.nomor, darurat.nomor]


def test_antrian_disaring_menurut_jenis_dan_petugas(
    klien_untuk, unit, petugas, petugas_kedua, supervisor, warga
):
    permohonan = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.PERMOHONAN).tiket
    keluhan = buat_tiket(unit, pemohon=warga).tiket
    milik_rekan = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=milik_rekan, aktor=aktor(petugas_kedua))
    klien = klien_untuk(supervisor)

    assert _nomor(klien.get(URL_ANTRIAN, {"jenis": "permohonan"})) == [permohonan.nomor]
    assert set(_nomor(klien.get(URL_ANTRIAN, {"jenis": "keluhan"}))) == {keluhan.nomor, milik_rekan.nomor}
    assert _nomor(klien.get(URL_ANTRIAN, {"petugas": petugas_kedua.pk})) == [milik_rekan.nomor]
    assert klien.get(URL_ANTRIAN, {"jenis": "surat"}).status_code == 400


def test_cari_antrian_juga_dalam_isi_keluhan(klien_untuk, unit, petugas, warga):
    kategori = KategoriKeluhan.objects.create(kode="air", nama="Air bersih", unit_default=unit)
    tiket = buat_tiket(unit, pemohon=warga, judul="Air mati").tiket
    Keluhan.objects.create(tiket=tiket, kategori=kategori, judul="Air mati", isi="Pipa PDAM bocor di RT 03")
    buat_tiket(unit, pemohon=warga, judul="Lampu padam")

    assert _nomor(klien_untuk(petugas).get(URL_ANTRIAN, {"q": "pdam"})) == [tiket.nomor]


# --- submission into an automatic unit, schema ------------------------------------------------------------


def test_pengajuan_keluhan_lewat_api_ke_unit_otomatis_dijawab_sudah_ditugaskan(api_client, unit, petugas):
    unit.strategi_penugasan = StrategiPenugasan.OTOMATIS
    unit.save()
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)

    respons = api_client.post(
        "/api/v1/keluhan/",
        {
            "kategori": "jalan-rusak",
            "judul": "Jalan berlubang",
            "isi": "Lubang besar di depan sekolah.",
            "kontak_nama": "Budi",
            "kontak_email": "budi@contoh.id",
        },
        format="json",
    )

    assert respons.status_code == 201, respons.content
    isi = respons.json()
    tiket = Tiket.objects.get(nomor=isi["nomor"])
    assert (isi["status"], isi["versi"]) == (Status.DITUGASKAN, tiket.versi)
    assert tiket.petugas == petugas


def test_skema_mendokumentasikan_klaim_tugaskan_ulang_dan_daftar_petugas(api_client):
    import yaml

    jalur = yaml.safe_load(api_client.get("/api/schema/").content)["paths"]
    assert jalur["/api/v1/antrian/klaim/"]["post"]["operationId"] == "antrian_klaim"
    assert jalur["/api/v1/unit/{kode}/petugas/"]["get"]["operationId"] == "unit_petugas_daftar"
    assert jalur["/api/v1/tiket/{nomor}/tugaskan-ulang/"]["post"]["operationId"] == "tiket_tugaskan_ulang"
    assert set(jalur["/api/v1/antrian/klaim/"]["post"]["responses"]) >= {"200", "400", "403", "404"}
