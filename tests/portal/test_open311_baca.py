"""GET requests.{fmt} with its filters, one request, tokens, and what output must never contain."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from antrian import services as antrian
from antrian.models import Tiket
from keluhan.services import keluhan_ajukan
from tests.conftest import aktor
from tests.portal.open311_bantu import (
    FORMAT,
    NIK,
    baca,
    buat_aplikasi,
    buat_kategori,
    buat_layanan_sederhana,
    data_permintaan,
)

pytestmark = pytest.mark.django_db

MEDAN = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
ISO_DENGAN_ZONA = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@pytest.fixture
def siap(unit):  # type: ignore[no-untyped-def]
    buat_aplikasi()
    buat_kategori(unit)
    return buat_layanan_sederhana(unit)


def _ajukan(client, **ubah):  # type: ignore[no-untyped-def]
    respons = client.post("/open311/v2/requests.json", data_permintaan(**ubah))
    assert respons.status_code == 201, respons.content
    return baca(respons, "json")[0]


@pytest.mark.parametrize("fmt", FORMAT)
def test_satu_permintaan_dengan_medan_spesifikasi(client, siap, unit, fmt):
    nomor = _ajukan(client, media_url="https://contoh.id/foto.jpg", address_id="A-7")["service_request_id"]
    respons = client.get(f"/open311/v2/requests/{nomor}.{fmt}")
    assert respons.status_code == 200
    [isi] = baca(respons, fmt)
    assert list(isi) == MEDAN
    assert isi["service_request_id"] == nomor
    assert isi["status"] == "open"
    assert isi["status_notes"]
    assert isi["service_code"] == "lampu-jalan" and isi["service_name"] == "Perbaikan lampu jalan"
    assert isi["agency_responsible"] == unit.nama
    assert isi["description"] == "Lampu di depan sekolah mati."
    assert float(isi["lat"]) == -6.2 and float(isi["long"]) == 106.816666
    assert isi["address_id"] == "A-7" and isi["media_url"] == "https://contoh.id/foto.jpg"
    for medan in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert ISO_DENGAN_ZONA.match(isi[medan]), isi[medan]
    tiket = Tiket.objects.get(nomor=nomor)
    assert dt.datetime.fromisoformat(isi["expected_datetime"]) == tiket.tenggat


def test_xml_permintaan_berakar_service_requests(client, siap):
    nomor = _ajukan(client)["service_request_id"]
    akar = ET.fromstring(client.get(f"/open311/v2/requests/{nomor}.xml").content)  # noqa: S314
    assert akar.tag == "service_requests"
    assert [el.tag for el in akar] == ["request"]
    assert [el.tag for el in akar[0]] == MEDAN


@pytest.mark.parametrize("fmt", FORMAT)
def test_permintaan_tak_dikenal_404(client, db, fmt):
    respons = client.get(f"/open311/v2/requests/K-0000-99999.{fmt}")
    assert respons.status_code == 404
    assert str(baca(respons, fmt)[0]["code"]) == "404"


@pytest.mark.parametrize("fmt", FORMAT)
def test_token_menunjuk_nomor_permintaan(client, siap, fmt):
    baru = _ajukan(client)
    respons = client.get(f"/open311/v2/tokens/{baru['token']}.{fmt}")
    assert respons.status_code == 200
    assert baca(respons, fmt) == [{"service_request_id": baru["service_request_id"], "token": baru["token"]}]
    assert client.get(f"/open311/v2/tokens/tidak-ada.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMAT)
def test_daftar_dengan_saringan(client, siap, supervisor, fmt):
    lampu = _ajukan(client)["service_request_id"]
    jalan = _ajukan(client, service_code="keluhan.jalan-rusak")["service_request_id"]
    ditolak = _ajukan(client)["service_request_id"]
    antrian.tiket_tolak(
        tiket=Tiket.objects.get(nomor=ditolak),
        aktor=aktor(supervisor),
        alasan="duplikat",
        catatan="Sudah ada",
    )

    def nomor(**param):  # type: ignore[no-untyped-def]
        respons = client.get(f"/open311/v2/requests.{fmt}", param)
        assert respons.status_code == 200, respons.content
        return [r["service_request_id"] for r in baca(respons, fmt)]

    assert nomor() == [ditolak, jalan, lampu]
    assert nomor(service_code="keluhan.jalan-rusak") == [jalan]
    assert nomor(service_code="lampu-jalan") == [ditolak, lampu]
    assert nomor(service_code="lampu-jalan,keluhan.jalan-rusak") == [ditolak, jalan, lampu]
    assert nomor(status="closed") == [ditolak]
    assert nomor(status="open") == [jalan, lampu]
    assert nomor(status="open,closed") == [ditolak, jalan, lampu]
    # A list of ids overrides every other filter.
    assert nomor(service_request_id=f"{lampu},{ditolak}", status="open") == [ditolak, lampu]
    besok = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert nomor(start_date=besok) == []
    kemarin = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert nomor(start_date=kemarin, end_date=besok) == [ditolak, jalan, lampu]
    assert nomor(service_code="", status="") == [ditolak, jalan, lampu]  # empty behaves as absent
    [tolak] = baca(client.get(f"/open311/v2/requests/{ditolak}.{fmt}"), fmt)
    assert tolak["status"] == "closed" and "Sudah ada" not in tolak["status_notes"]


def test_bawaan_hanya_90_hari_terakhir(client, siap):
    lama = _ajukan(client)["service_request_id"]
    baru = _ajukan(client)["service_request_id"]
    Tiket.objects.filter(nomor=lama).update(diajukan_pada=timezone.now() - dt.timedelta(days=91))
    daftar = baca(client.get("/open311/v2/requests.json"), "json")
    assert [r["service_request_id"] for r in daftar] == [baru]
    awal = (timezone.now() - dt.timedelta(days=100)).isoformat()
    akhir = (timezone.now() - dt.timedelta(days=30)).isoformat()
    daftar = baca(client.get("/open311/v2/requests.json", {"start_date": awal, "end_date": akhir}), "json")
    assert [r["service_request_id"] for r in daftar] == [lama]


@pytest.mark.parametrize("fmt", FORMAT)
def test_rentang_tanggal_lebih_dari_90_hari_400(client, db, fmt):
    respons = client.get(
        f"/open311/v2/requests.{fmt}",
        {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-04-02T00:00:00+07:00"},
    )
    assert respons.status_code == 400
    assert "end_date" in baca(respons, fmt)[0]["description"]


@pytest.mark.parametrize(
    "param",
    [
        {"status": "terbuka"},
        {"start_date": "kemarin"},
        {"end_date": "2026-13-45T00:00:00Z"},
        {"start_date": "2026-05-02", "end_date": "2026-05-01"},
    ],
)
def test_saringan_tidak_sah_400(client, db, param):
    respons = client.get("/open311/v2/requests.json", param)
    assert respons.status_code == 400
    assert str(baca(respons, "json")[0]["code"]) == "400"


def test_daftar_kueri_tetap(client, siap, django_assert_max_num_queries):
    for _ in range(3):
        _ajukan(client)
        _ajukan(client, service_code="keluhan.jalan-rusak")
    with django_assert_max_num_queries(3):
        assert len(baca(client.get("/open311/v2/requests.json"), "json")) == 6


def _semua_keluaran(client, nomor):  # type: ignore[no-untyped-def]
    teks = []
    for fmt in FORMAT:
        teks.append(client.get(f"/open311/v2/requests.{fmt}").content.decode())
        teks.append(client.get(f"/open311/v2/requests/{nomor}.{fmt}").content.decode())
    return "\n".join(teks)


def test_tidak_ada_nik_kontak_jawaban_atau_catatan_internal_di_keluaran(client, siap, petugas):
    baru = _ajukan(
        client,
        description=f"NIK saya {NIK}, tolong cepat.",
        phone="081234567890",
        **{"attribute[tiang]": f"tiang {NIK}"},
    )
    tiket = Tiket.objects.get(nomor=baru["service_request_id"])
    antrian.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    antrian.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Catatan rahasia petugas", internal=True)
    keluaran = _semua_keluaran(client, tiket.nomor)
    assert NIK not in keluaran
    assert "3201**********01" in keluaran  # the NIK a citizen typed in the description is masked
    for rahasia in (
        "Sari",
        "Wulandari",
        "sari@contoh.id",
        "81234567890",
        "Catatan rahasia petugas",
        "tiang 3201",
    ):
        assert rahasia not in keluaran


@pytest.mark.parametrize("pilihan", [{"anonim": True}, {"rahasia": True}])
def test_keluhan_anonim_atau_rahasia_tanpa_isi_dan_lokasi(client, siap, warga, pilihan):
    baru = keluhan_ajukan(
        kategori=siap.unit.kategori_keluhan.get(),
        aktor=aktor(warga),
        judul="Pungli di loket",
        isi="Saya Budi dari RT 3 diminta bayar",
        lintang="-6.1",
        bujur="106.1",
        alamat="Rumah saya di Jl. Kenanga 9",
        **pilihan,
    )
    keluaran = _semua_keluaran(client, baru.tiket.nomor)
    [isi] = baca(client.get(f"/open311/v2/requests/{baru.tiket.nomor}.json"), "json")
    assert isi["service_code"] == "keluhan.jalan-rusak"
    assert isi["lat"] is None and isi["long"] is None and isi["description"] == ""
    for rahasia in ("Budi", "Kenanga", "-6.1", warga.email, warga.nama_lengkap):
        assert rahasia not in keluaran
