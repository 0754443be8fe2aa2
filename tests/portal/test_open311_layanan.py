"""Open311 discovery, service list and service definitions, in XML and JSON."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.portal.open311_bantu import FORMAT, baca, buat_kategori, buat_layanan_sederhana

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", FORMAT)
def test_discovery_menyebut_titik_akhir_dan_format(client, fmt):
    respons = client.get(f"/open311/v2/discovery.{fmt}")
    assert respons.status_code == 200
    isi = baca(respons, fmt)
    assert isi["contact"]
    assert isi["changeset"].startswith("20")
    titik = isi["endpoints"][0]
    assert titik["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert titik["url"] == "http://testserver/open311/v2"
    assert titik["type"] == "production"
    assert titik["formats"] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", FORMAT)
def test_daftar_layanan_memuat_layanan_katalog_dan_kategori_keluhan(client, unit, fmt):
    buat_layanan_sederhana(unit)
    buat_kategori(unit)
    respons = client.get(f"/open311/v2/services.{fmt}")
    assert respons.status_code == 200
    layanan = {s["service_code"]: s for s in baca(respons, fmt)}
    assert set(layanan) == {"lampu-jalan", "keluhan.jalan-rusak"}
    lampu = layanan["lampu-jalan"]
    assert lampu["service_name"] == "Perbaikan lampu jalan"
    assert lampu["metadata"] in (True, "true")
    assert lampu["type"] == "realtime"
    assert lampu["keywords"] == "lampu,jalan"
    assert lampu["group"] == "Prasarana"
    kategori = layanan["keluhan.jalan-rusak"]
    assert kategori["metadata"] in (False, "false")
    assert kategori["description"] == "Jalan berlubang."


def test_xml_layanan_berakar_services_dengan_elemen_service(client, unit):
    buat_layanan_sederhana(unit)
    akar = ET.fromstring(client.get("/open311/v2/services.xml").content)  # noqa: S314
    assert akar.tag == "services"
    assert [el.tag for el in akar] == ["service"]
    assert [el.tag for el in akar[0]] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]


def test_layanan_nonaktif_tidak_terdaftar(client, unit):
    buat_layanan_sederhana(unit, aktif=False)
    assert baca(client.get("/open311/v2/services.json"), "json") == []
    assert client.get("/open311/v2/services/lampu-jalan.json").status_code == 404


@pytest.mark.parametrize("fmt", FORMAT)
def test_definisi_layanan_memetakan_isian_formulir_ke_atribut(client, unit, fmt):
    buat_layanan_sederhana(unit)
    respons = client.get(f"/open311/v2/services/lampu-jalan.{fmt}")
    assert respons.status_code == 200
    isi = baca(respons, fmt)
    assert isi["service_code"] == "lampu-jalan"
    atribut = {a["code"]: a for a in isi["attributes"]}
    tipe = {kode: a["datatype"] for kode, a in atribut.items()}
    assert tipe == {
        "tiang": "string",
        "jumlah": "number",
        "sejak": "datetime",
        "catatan": "text",
        "jenis": "singlevaluelist",
        "gejala": "multivaluelist",
    }
    assert str(atribut["tiang"]["required"]).lower() == "true"
    assert str(atribut["jumlah"]["required"]).lower() == "false"
    assert str(atribut["jenis"]["order"]) == "5"
    assert atribut["tiang"]["description"] == "Nomor tiang"
    assert str(atribut["tiang"]["variable"]).lower() == "true"
    assert atribut["catatan"]["datatype_description"] == "Bebas"
    assert atribut["jenis"]["values"] == [{"key": "led", "name": "LED"}, {"key": "sodium", "name": "Sodium"}]


@pytest.mark.parametrize("fmt", FORMAT)
def test_definisi_kategori_keluhan_tanpa_atribut_wajib(client, unit, fmt):
    buat_kategori(unit)
    respons = client.get(f"/open311/v2/services/keluhan.jalan-rusak.{fmt}")
    assert respons.status_code == 200
    isi = baca(respons, fmt)
    assert isi["service_code"] == "keluhan.jalan-rusak"
    assert isi["attributes"] in ([], "")


@pytest.mark.parametrize("fmt", FORMAT)
def test_kode_layanan_tak_dikenal_404_dalam_format_galat(client, db, fmt):
    respons = client.get(f"/open311/v2/services/tidak-ada.{fmt}")
    assert respons.status_code == 404
    galat = baca(respons, fmt)
    assert str(galat[0]["code"]) == "404"
    assert "tidak-ada" in galat[0]["description"]


def test_xml_galat_berakar_errors(client, db):
    akar = ET.fromstring(client.get("/open311/v2/services/tidak-ada.xml").content)  # noqa: S314
    assert akar.tag == "errors"
    assert [el.tag for el in akar[0]] == ["code", "description"]


@pytest.mark.parametrize("fmt", FORMAT)
def test_titik_akhir_tak_dikenal_404(client, db, fmt):
    respons = client.get(f"/open311/v2/tidak-ada.{fmt}")
    assert respons.status_code == 404
    assert str(baca(respons, fmt)[0]["code"]) == "404"


def test_metode_salah_ditolak_dengan_allow(client, db):
    respons = client.post("/open311/v2/services.json")
    assert respons.status_code == 405
    assert respons["Allow"] == "GET"


def test_daftar_layanan_kueri_tetap(client, unit, django_assert_max_num_queries):
    for n in range(5):
        buat_layanan_sederhana(unit, kode=f"lampu-{n}")
    with django_assert_max_num_queries(4):
        assert len(baca(client.get("/open311/v2/services.json"), "json")) == 5
