"""The public catalogue and a service's detail over the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.antrian.factories import PenggunaFactory, UnitFactory
from tests.layanan.factories import JenisLayananFactory, buat_layanan_akta

DAFTAR = reverse("layanan-daftar")


def rinci(kode: str) -> str:
    return reverse("layanan-rinci", kwargs={"kode": kode})


@pytest.fixture
def akta(unit):
    return buat_layanan_akta(unit, kata_kunci="bayi, lahir", kelompok="Kependudukan")


def test_katalog_menampilkan_layanan_aktif_dengan_unit_dan_biaya(api_client, akta, unit):
    JenisLayananFactory(kode="siup", nama="Izin Usaha", kelompok="Perizinan", biaya=Decimal("50000"))
    JenisLayananFactory(kode="lama", nama="Layanan lama", aktif=False)
    JenisLayananFactory(kode="unit-tutup", unit=UnitFactory(kode="tutup", aktif=False))

    respons = api_client.get(DAFTAR)

    assert respons.status_code == 200
    data = respons.json()
    assert data["count"] == 2
    baris = {b["kode"]: b for b in data["results"]}
    assert set(baris) == {"akta-kelahiran", "siup"}
    assert baris["akta-kelahiran"] == {
        "kode": "akta-kelahiran",
        "nama": "Akta Kelahiran",
        "ringkasan": "Ringkasan layanan",
        "kelompok": "Kependudukan",
        "unit": {"kode": unit.kode, "nama": unit.nama},
        "jangka_waktu_hari": 5,
        "biaya": "0.00",
        "gratis": True,
    }
    assert baris["siup"]["gratis"] is False
    assert baris["siup"]["biaya"] == "50000.00"


def test_katalog_disaring_menurut_kelompok_dan_kata_pencarian(api_client, akta):
    JenisLayananFactory(kode="siup", nama="Izin Usaha", kelompok="Perizinan", ringkasan="Untuk pedagang")
    JenisLayananFactory(
        kode="imb", nama="Persetujuan Bangunan", kelompok="Perizinan", kata_kunci="rumah, pbg"
    )

    def kode(params: dict[str, str]) -> set[str]:
        return {b["kode"] for b in api_client.get(DAFTAR, params).json()["results"]}

    assert kode({"kelompok": "perizinan"}) == {"siup", "imb"}
    assert kode({"q": "BAYI"}) == {"akta-kelahiran"}
    assert kode({"q": "pedagang"}) == {"siup"}
    assert kode({"q": "izin usaha"}) == {"siup"}
    assert kode({"q": "pbg", "kelompok": "Kependudukan"}) == set()


@pytest.mark.parametrize("jumlah", [3, 20])
def test_jumlah_kueri_katalog_tetap_berapa_pun_banyaknya_layanan(
    api_client, db, jumlah, django_assert_max_num_queries
):
    for i in range(jumlah):
        JenisLayananFactory(unit=UnitFactory(kode=f"unit-katalog-{i}"))
    with django_assert_max_num_queries(2):  # count + one page with its units
        respons = api_client.get(DAFTAR, {"ukuran": 50})
    assert len(respons.json()["results"]) == jumlah


def test_rincian_layanan_memuat_standar_publik_persyaratan_dan_formulir(api_client, akta):
    data = api_client.get(rinci("akta-kelahiran")).json()
    assert data["standar"] == {
        "prosedur": "1. Isi formulir\n2. Unggah dokumen",
        "jangka_waktu_hari": 5,
        "biaya": "0.00",
        "biaya_keterangan": "",
        "gratis": True,
        "produk": "Dokumen resmi",
        "penanganan_pengaduan": "Hubungi SIGAP Tubei",
    }
    assert [(p["kode"], p["wajib"]) for p in data["persyaratan"]] == [
        ("ktp", True),
        ("kk", True),
        ("surat-bidan", False),
    ]
    assert [i["kode"] for i in data["formulir"]] == ["nama-anak", "tanggal-lahir", "tempat", "berat"]
    tempat = data["formulir"][2]
    assert tempat["tipe"] == "pilihan_tunggal"
    assert tempat["pilihan"] == [{"kode": "rs", "label": "Rumah sakit"}, {"kode": "rumah", "label": "Rumah"}]


def test_rincian_layanan_dengan_jumlah_kueri_tetap(api_client, akta, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # service + unit, requirements, form fields
        assert api_client.get(rinci("akta-kelahiran")).status_code == 200


def test_standar_internal_tersembunyi_dari_tamu_dan_warga(api_client, klien_untuk, akta, warga):
    for klien in (api_client, klien_untuk(warga)):
        respons = klien.get(rinci("akta-kelahiran"))
        assert respons.status_code == 200
        assert "standar_internal" not in respons.json()
        assert b"Perda Tubei 7/2024" not in respons.content
        assert b"Operator SIAK" not in respons.content


def test_standar_internal_terlihat_oleh_petugas_manajer_dan_staf(
    klien_untuk, akta, petugas_unit_lain, manajer
):
    staf = PenggunaFactory(is_staff=True)
    for siapa in (petugas_unit_lain, manajer, staf):
        data = klien_untuk(siapa).get(rinci("akta-kelahiran")).json()
        assert (
            data["standar_internal"]["dasar_hukum"] == "Perda Tubei 7/2024 tentang Administrasi Kependudukan"
        )
        assert data["standar_internal"]["target_respons_hari"] == 2


@pytest.mark.parametrize("kode", ["tidak-ada", "lama"])
def test_layanan_tidak_dikenal_atau_nonaktif_memberi_404_terstruktur(api_client, db, kode):
    JenisLayananFactory(kode="lama", aktif=False)
    respons = api_client.get(rinci(kode))
    assert respons.status_code == 404
    assert respons.json()["galat"]["kode"] == "tidak_ditemukan"


def test_skema_openapi_tetap_dapat_dibuat(api_client, db):
    respons = api_client.get("/api/schema/")
    assert respons.status_code == 200
    assert b"/api/v1/permohonan/" in respons.content
    assert b"dokumen.<kode_persyaratan>" in respons.content
