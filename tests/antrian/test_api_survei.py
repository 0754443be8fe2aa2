"""API of the satisfaction survey: wiring, who may read and answer, status codes and structured errors."""

from __future__ import annotations

import pytest
import yaml

from antrian.models import SurveiKepuasan
from tests.antrian.factories import buat_tiket
from tests.antrian.test_survei import JAWABAN, tiket_selesai

pytestmark = pytest.mark.django_db


def _url(nomor: object) -> str:
    return f"/api/v1/tiket/{nomor}/survei/"


def test_pemilik_melihat_pertanyaan_dan_bahwa_survei_bisa_diisi(unit, warga, petugas, klien_untuk):
    baru = tiket_selesai(unit, petugas, warga)
    respons = klien_untuk(warga).get(_url(baru.tiket.nomor))
    assert respons.status_code == 200
    data = respons.json()
    assert data["nomor"] == baru.tiket.nomor
    assert data["boleh_diisi"] is True and data["sudah_diisi"] is False
    assert [p["unsur"] for p in data["pertanyaan"]] == [f"u{i}" for i in range(1, 10)]
    assert all([s["nilai"] for s in p["skala"]] == [1, 2, 3, 4] for p in data["pertanyaan"])
    assert all(p["nama"] and p["pertanyaan"] for p in data["pertanyaan"])
    assert all(s["teks"] for p in data["pertanyaan"] for s in p["skala"])
    assert data["saran_maks"] == 2000
    assert "no-store" in respons["Cache-Control"]


def test_pemilik_mengisi_survei_201_lalu_kedua_kali_409(unit, warga, petugas, klien_untuk):
    baru = tiket_selesai(unit, petugas, warga)
    klien = klien_untuk(warga)
    respons = klien.post(_url(baru.tiket.nomor), {**JAWABAN, "saran": "Cepat"}, format="json")
    assert respons.status_code == 201, respons.content
    assert respons.json()["sudah_diisi"] is True and respons.json()["boleh_diisi"] is False
    assert SurveiKepuasan.objects.get(tiket=baru.tiket).saran == "Cepat"
    ulang = klien.post(_url(baru.tiket.nomor), JAWABAN, format="json")
    assert ulang.status_code == 409
    assert ulang.json()["galat"]["kode"] == "konflik"
    assert klien.get(_url(baru.tiket.nomor)).json()["sudah_diisi"] is True


def test_tamu_mengisi_dengan_header_token_lacak_dan_form_encoded(unit, petugas, api_client):
    baru = tiket_selesai(unit, petugas)
    nomor = baru.tiket.nomor
    assert api_client.get(_url(nomor), {"token": baru.token_lacak}).status_code == 200
    respons = api_client.post(
        _url(nomor), {u: str(v) for u, v in JAWABAN.items()}, HTTP_X_TOKEN_LACAK=baru.token_lacak
    )
    assert respons.status_code == 201, respons.content
    assert SurveiKepuasan.objects.get(tiket=baru.tiket).u8 == 1


def test_token_di_alamat_tidak_berlaku_untuk_post(unit, petugas, api_client):
    baru = tiket_selesai(unit, petugas)
    respons = api_client.post(f"{_url(baru.tiket.nomor)}?token={baru.token_lacak}", JAWABAN, format="json")
    assert respons.status_code in (401, 404)
    assert not SurveiKepuasan.objects.exists()


def test_token_salah_dan_warga_lain_mendapat_404(unit, warga, warga_lain, petugas, api_client, klien_untuk):
    baru = tiket_selesai(unit, petugas, warga)
    nomor = baru.tiket.nomor
    salah = api_client.post(_url(nomor), JAWABAN, format="json", HTTP_X_TOKEN_LACAK="bukan-token")
    assert salah.status_code == 404
    assert salah.json()["galat"]["kode"] == "tidak_ditemukan"
    assert klien_untuk(warga_lain).post(_url(nomor), JAWABAN, format="json").status_code == 404
    assert klien_untuk(warga_lain).get(_url(nomor)).status_code == 404
    assert not SurveiKepuasan.objects.exists()


def test_petugas_unit_dan_manajer_tidak_boleh_membaca_atau_mengisi_403(
    unit, warga, petugas, manajer, klien_untuk
):
    baru = tiket_selesai(unit, petugas, warga)
    for siapa in (petugas, manajer):
        klien = klien_untuk(siapa)
        assert klien.get(_url(baru.tiket.nomor)).status_code == 403
        respons = klien.post(_url(baru.tiket.nomor), JAWABAN, format="json")
        assert respons.status_code == 403
        assert respons.json()["galat"]["kode"] == "tidak_diizinkan"
    assert not SurveiKepuasan.objects.exists()


def test_tiket_belum_selesai_409_dengan_pesan(unit, warga, klien_untuk):
    baru = buat_tiket(unit, pemohon=warga)
    klien = klien_untuk(warga)
    data = klien.get(_url(baru.tiket.nomor)).json()
    assert data["boleh_diisi"] is False and data["sudah_diisi"] is False
    respons = klien.post(_url(baru.tiket.nomor), JAWABAN, format="json")
    assert respons.status_code == 409
    assert respons.json()["galat"]["kode"] == "transisi_tidak_sah"
    assert respons.json()["galat"]["pesan"]


def test_jawaban_tidak_lengkap_400_dengan_rincian_per_unsur(unit, warga, petugas, klien_untuk):
    baru = tiket_selesai(unit, petugas, warga)
    respons = klien_untuk(warga).post(
        _url(baru.tiket.nomor), {"u1": 5, "u2": "dua", "saran": ["x"]}, format="json"
    )
    assert respons.status_code == 400
    galat = respons.json()["galat"]
    assert galat["kode"] == "data_tidak_valid"
    assert "saran" in galat["rincian"]
    respons = klien_untuk(warga).post(_url(baru.tiket.nomor), {"u1": 5, "u2": "dua"}, format="json")
    assert set(respons.json()["galat"]["rincian"]) == {f"u{i}" for i in range(1, 10)}
    assert not SurveiKepuasan.objects.exists()


def test_tanpa_login_dan_tanpa_token_401(unit, petugas, api_client):
    baru = tiket_selesai(unit, petugas)
    assert api_client.get(_url(baru.tiket.nomor)).status_code in (401, 404)
    assert api_client.get(_url("TIDAK-ADA")).status_code in (401, 404)


def test_skema_mendokumentasikan_survei(api_client):
    skema = yaml.safe_load(api_client.get("/api/schema/").content)
    jalur = skema["paths"]["/api/v1/tiket/{nomor}/survei/"]
    assert jalur["get"]["operationId"] == "tiket_survei_rincian"
    assert jalur["post"]["operationId"] == "tiket_survei_isi"
    assert {"201", "400", "403", "404", "409"} <= set(jalur["post"]["responses"])
    properti = skema["components"]["schemas"]["SurveiInputRequest"]["properties"]
    assert {f"u{i}" for i in range(1, 10)} | {"saran"} == set(properti)
