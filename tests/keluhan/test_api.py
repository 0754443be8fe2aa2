"""The keluhan API: wiring, status codes, idempotent retries, throttling, and the category list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from antrian.models import KunciIdempoten, Lampiran, Tiket
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import UnitFactory
from tests.keluhan.berkas_uji import jpeg, menyamar, png

pytestmark = pytest.mark.django_db

URL = "/api/v1/keluhan/"
URL_KATEGORI = "/api/v1/kategori-keluhan/"


def isian(**ubah):  # type: ignore[no-untyped-def]
    data = {
        "kategori": "jalan-rusak",
        "judul": "Jalan berlubang",
        "isi": "Lubang besar di Jl. Merdeka dekat sekolah.",
        "kontak_nama": "Budi",
        "kontak_email": "budi@contoh.id",
    }
    data.update(ubah)
    return data


def galat(respons):  # type: ignore[no-untyped-def]
    return respons.json()["galat"]


# --- submitting ----------------------------------------------------------------------------------------


def test_tamu_mengajukan_keluhan_json_dan_menerima_nomor_dan_token(api_client, kategori):
    respons = api_client.post(URL, isian(lintang="-3.8", bujur="102.26"), format="json")

    assert respons.status_code == 201, respons.content
    body = respons.json()
    assert re.fullmatch(r"ADU-\d{4}-\d{5,}", body["nomor"])
    assert body["jenis"] == "keluhan"
    assert body["status"] == "diajukan"
    assert body["unit"] == kategori.unit_default.nama
    assert body["token_lacak"] and body["token_lacak"] in body["tautan_lacak"]
    tiket = Tiket.objects.get(nomor=body["nomor"])
    assert tiket.kontak_email == "budi@contoh.id"
    assert tiket.keluhan.lintang is not None


def test_warga_mengajukan_keluhan_multipart_dengan_beberapa_lampiran(klien_untuk, warga, kategori):
    respons = klien_untuk(warga).post(
        URL, {**isian(kontak_nama="", kontak_email=""), "lampiran": [png(), jpeg()]}, format="multipart"
    )

    assert respons.status_code == 201, respons.content
    tiket = Tiket.objects.get(nomor=respons.json()["nomor"])
    assert tiket.pemohon == warga
    assert sorted(Lampiran.objects.filter(tiket=tiket).values_list("tipe_mime", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


def test_tamu_tanpa_kontak_mendapat_400(api_client, kategori):
    respons = api_client.post(URL, isian(kontak_nama="", kontak_email=""), format="json")

    assert respons.status_code == 400
    assert galat(respons)["kode"] == "data_tidak_valid"
    assert set(galat(respons)["rincian"]) == {"kontak_nama", "kontak"}
    assert not Tiket.objects.exists()


def test_warga_anonim_lewat_api_tidak_meninggalkan_jejak_identitas(klien_untuk, warga, kategori):
    respons = klien_untuk(warga).post(
        URL,
        isian(anonim=True, kontak_nama="Warga A", kontak_email="warga.a@contoh.id"),
        format="json",
        headers={"Idempotency-Key": "anon-1"},
    )

    assert respons.status_code == 201, respons.content
    tiket = Tiket.objects.get(nomor=respons.json()["nomor"])
    assert tiket.pemohon is None and tiket.kontak_nama == "" and tiket.kontak_email == ""
    # Even the remembered idempotency key does not name the user.
    assert list(KunciIdempoten.objects.values_list("cakupan", flat=True)) == ["tamu"]


def test_anonim_dikirim_sebagai_isian_formulir_juga_dihormati(klien_untuk, warga, kategori):
    respons = klien_untuk(warga).post(URL, isian(anonim="true"), format="multipart")

    assert respons.status_code == 201, respons.content
    assert Tiket.objects.get(nomor=respons.json()["nomor"]).pemohon is None


def test_keluhan_rahasia_menandai_tiket(klien_untuk, warga, kategori):
    respons = klien_untuk(warga).post(URL, isian(rahasia=True), format="json")

    assert respons.status_code == 201
    tiket = Tiket.objects.get(nomor=respons.json()["nomor"])
    assert tiket.identitas_rahasia and tiket.pemohon == warga


@pytest.mark.parametrize(
    ("ubah", "medan"),
    [
        ({"lintang": "-3.8"}, "bujur"),
        ({"lintang": "95", "bujur": "102"}, "lintang"),
        ({"lintang": "-3.8", "bujur": "200"}, "bujur"),
        ({"isi": "x" * 4001}, "isi"),
        ({"kategori": "tidak-ada"}, "kategori"),
        ({"kategori": "lama"}, "kategori"),
    ],
)
def test_masukan_tidak_sah_mendapat_400_terstruktur(api_client, kategori, kategori_nonaktif, ubah, medan):
    respons = api_client.post(URL, isian(**ubah), format="json")

    assert respons.status_code == 400
    assert galat(respons)["kode"] == "data_tidak_valid"
    assert medan in galat(respons)["rincian"]
    assert not Tiket.objects.exists()


def test_lampiran_menyamar_lewat_api_mendapat_400(api_client, kategori):
    respons = api_client.post(URL, {**isian(), "lampiran": [menyamar()]}, format="multipart")

    assert respons.status_code == 400
    assert "lampiran" in galat(respons)["rincian"]
    assert not Tiket.objects.exists()


def test_lampiran_terlalu_besar_lewat_api_mendapat_400(api_client, kategori, settings):
    settings.UNGGAHAN_MAKS_MB = 1

    respons = api_client.post(URL, {**isian(), "lampiran": [png(padding=1024 * 1024)]}, format="multipart")

    assert respons.status_code == 400
    assert "lampiran" in galat(respons)["rincian"]


def test_badan_json_rusak_mendapat_400_bukan_500(api_client, kategori):
    respons = api_client.post(URL, "{bukan json", content_type="application/json")

    assert respons.status_code == 400
    assert galat(respons)["kode"] == "permintaan_rusak"


# --- idempotency and throttling ------------------------------------------------------------------------


def test_pengiriman_ulang_dengan_kunci_sama_mengembalikan_tiket_pertama(api_client, kategori):
    kepala = {"Idempotency-Key": "0b6f1d3e-kirim-1"}

    pertama = api_client.post(URL, isian(), format="json", headers=kepala)
    kedua = api_client.post(URL, isian(), format="json", headers=kepala)

    assert (pertama.status_code, kedua.status_code) == (201, 200)
    assert kedua.json() == pertama.json()
    assert Tiket.objects.count() == 1


def test_pengiriman_ulang_multipart_dengan_lampiran_tidak_menggandakan(klien_untuk, warga, kategori):
    klien, kepala = klien_untuk(warga), {"Idempotency-Key": "dengan-lampiran"}

    pertama = klien.post(URL, {**isian(), "lampiran": [png()]}, format="multipart", headers=kepala)
    kedua = klien.post(URL, {**isian(), "lampiran": [png()]}, format="multipart", headers=kepala)

    assert (pertama.status_code, kedua.status_code) == (201, 200)
    assert kedua.json()["nomor"] == pertama.json()["nomor"]
    assert (Tiket.objects.count(), Lampiran.objects.count()) == (1, 1)


def test_kunci_sama_dengan_isi_berbeda_mendapat_409(api_client, kategori):
    kepala = {"Idempotency-Key": "kunci-dipakai-ulang"}
    api_client.post(URL, isian(), format="json", headers=kepala)

    respons = api_client.post(URL, isian(judul="Keluhan lain"), format="json", headers=kepala)

    assert respons.status_code == 409
    assert galat(respons)["kode"] == "konflik"
    assert Tiket.objects.count() == 1


def test_kunci_yang_sudah_kedaluwarsa_boleh_dipakai_untuk_pengajuan_baru(api_client, kategori, settings):
    kepala = {"Idempotency-Key": "kunci-lama"}
    pertama = api_client.post(URL, isian(), format="json", headers=kepala)
    lampau = timezone.now() - dt.timedelta(hours=settings.IDEMPOTEN_JAM + 1)
    KunciIdempoten.objects.update(dibuat_pada=lampau)

    kedua = api_client.post(URL, isian(judul="Keluhan lain"), format="json", headers=kepala)

    assert (pertama.status_code, kedua.status_code) == (201, 201)
    assert kedua.json()["nomor"] != pertama.json()["nomor"]
    assert (Tiket.objects.count(), KunciIdempoten.objects.count()) == (2, 1)


def test_pengajuan_dibatasi_per_cakupan_pengajuan(api_client, kategori, settings):
    settings.BATAS = {**settings.BATAS, "pengajuan_ip": "2/1h"}

    kode = [api_client.post(URL, isian(), format="json").status_code for _ in range(3)]

    assert kode == [201, 201, 429]
    assert Tiket.objects.count() == 2


# --- categories ----------------------------------------------------------------------------------------


def test_daftar_kategori_hanya_yang_aktif_berurutan_dengan_unit(api_client, kategori, kategori_nonaktif):
    unit_tutup = UnitFactory(kode="tutup", nama="Unit tutup", aktif=False)
    KategoriKeluhan.objects.create(kode="unit-tutup", nama="Unit tutup", unit_default=unit_tutup)
    KategoriKeluhan.objects.create(
        kode="air", nama="Air bersih", unit_default=kategori.unit_default, urutan=1
    )

    respons = api_client.get(URL_KATEGORI)

    assert respons.status_code == 200
    assert respons.json() == [
        {
            "kode": "jalan-rusak",
            "nama": "Jalan rusak",
            "deskripsi": "Jalan berlubang, ambles, atau rusak.",
            "unit": {"kode": "dukcapil", "nama": "Dinas Kependudukan dan Pencatatan Sipil"},
        },
        {
            "kode": "air",
            "nama": "Air bersih",
            "deskripsi": "",
            "unit": {"kode": "dukcapil", "nama": "Dinas Kependudukan dan Pencatatan Sipil"},
        },
    ]


def test_daftar_kategori_jumlah_kueri_tetap(api_client, unit, unit_lain, django_assert_max_num_queries):
    KategoriKeluhan.objects.create(kode="k-0", nama="K 0", unit_default=unit)
    with django_assert_max_num_queries(1):
        assert len(api_client.get(URL_KATEGORI).json()) == 1

    for i in range(1, 15):
        KategoriKeluhan.objects.create(kode=f"k-{i}", nama=f"K {i}", unit_default=[unit, unit_lain][i % 2])
    with django_assert_max_num_queries(1):
        assert len(api_client.get(URL_KATEGORI).json()) == 15


def test_skema_openapi_memuat_endpoint_keluhan(api_client):
    respons = api_client.get("/api/schema/", {"format": "json"})

    assert respons.status_code == 200
    jalur = respons.json()["paths"]
    assert "post" in jalur[URL]
    assert "get" in jalur[URL_KATEGORI]


def test_pengajuan_lewat_api_anggaran_kueri_tetap(api_client, warga, kategori, django_assert_max_num_queries):
    """The write path's query budget (its speed is benchmarks/load_tunggal.py's): the token, the category,
    the idempotency key, then six rows (tiket, keluhan, event, metrics, message, key) and the number — no
    savepoints of its own and no officer lookup for a citizen. (Here the test's transaction turns the
    submission's into a savepoint pair; the first submission also fills the calendar cache.)"""
    from rest_framework.authtoken.models import Token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=warga).key}")
    api_client.post(URL, isian(), format="json", HTTP_IDEMPOTENCY_KEY="pemanasan")
    with django_assert_max_num_queries(12) as kueri:
        respons = api_client.post(URL, isian(), format="json", HTTP_IDEMPOTENCY_KEY="anggaran-kueri")

    assert respons.status_code == 201, respons.content
    sql = [q["sql"].split()[0].upper() for q in kueri.captured_queries]
    assert sql.count("INSERT") == 6, sql
    assert not any("petugas" in q["sql"] and q["sql"].startswith("SELECT") for q in kueri.captured_queries)
