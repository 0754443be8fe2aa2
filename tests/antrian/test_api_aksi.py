"""One POST URL per action: wiring, who may act, conflicts, versions, validation, uploads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antrian import services
from antrian.models import Lampiran, Status, Tanggapan
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# Minimal valid bodies, so a refusal is about who asks and not about the input.
ISI_AKSI = {
    "ambil": {},
    "tugaskan": {"petugas": 0},
    "lepaskan": {"catatan": "x"},
    "mulai": {},
    "minta-kelengkapan": {"pesan": "Kirim KK"},
    "lengkapi": {"pesan": "Ini KK"},
    "selesaikan": {"catatan": "Selesai", "produk": "KTP-el"},
    "buka-kembali": {"alasan": "Belum beres"},
    "tutup": {"catatan": "Terima kasih"},
    "tolak": {"alasan": "spam", "catatan": "Iklan"},
    "batalkan": {"catatan": "Salah kirim"},
    "alihkan": {"unit": "dpmptsp", "alasan": "Bukan wewenang"},
    "tanggapan": {"isi": "Halo"},
}


def url(nomor: str, aksi: str) -> str:
    return f"/api/v1/tiket/{nomor}/{aksi}/"


def _diproses(unit, warga, petugas):  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    return segarkan(tiket)


@pytest.mark.parametrize("aksi", list(ISI_AKSI))
def test_petugas_unit_lain_mendapat_404_pada_setiap_aksi(
    aksi, klien_untuk, unit, unit_lain, supervisor_unit_lain, warga
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(supervisor_unit_lain).post(url(tiket.nomor, aksi), ISI_AKSI[aksi], format="json")
    assert respons.status_code == 404
    assert respons.json()["galat"]["kode"] == "tidak_ditemukan"
    assert segarkan(tiket).versi == tiket.versi


@pytest.mark.parametrize("aksi", list(ISI_AKSI))
def test_warga_lain_mendapat_404_pada_setiap_aksi(aksi, klien_untuk, unit, warga, warga_lain):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(warga_lain).post(url(tiket.nomor, aksi), ISI_AKSI[aksi], format="json")
    assert respons.status_code == 404


@pytest.mark.parametrize("aksi", list(ISI_AKSI))
def test_manajer_hanya_membaca_setiap_aksi_dijawab_403(aksi, klien_untuk, unit, manajer, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(manajer).post(url(tiket.nomor, aksi), ISI_AKSI[aksi], format="json")
    assert respons.status_code == 403
    assert respons.json()["galat"]["kode"] == "tidak_diizinkan"
    assert segarkan(tiket).versi == tiket.versi


def test_petugas_mengambil_tiket_dan_mendapat_rincian_terbaru(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(petugas).post(url(tiket.nomor, "ambil"))
    assert respons.status_code == 200
    data = respons.json()
    assert data["status"] == Status.DITUGASKAN
    assert data["petugas"]["id"] == petugas.pk
    assert data["versi"] == tiket.versi + 1
    assert "mulai" in data["aksi_tersedia"]


def test_mengambil_dua_kali_yang_kedua_409_transisi_tidak_sah(
    klien_untuk, unit, petugas, petugas_kedua, warga
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert klien_untuk(petugas).post(url(tiket.nomor, "ambil")).status_code == 200
    kedua = klien_untuk(petugas_kedua).post(url(tiket.nomor, "ambil"))
    assert kedua.status_code == 409
    assert kedua.json()["galat"]["kode"] == "transisi_tidak_sah"
    assert segarkan(tiket).petugas_id == petugas.pk


def test_if_match_basi_dijawab_409_perubahan_bersamaan(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    versi_lama = tiket.versi
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Kami cek dulu")
    respons = klien_untuk(petugas).post(url(tiket.nomor, "ambil"), HTTP_IF_MATCH=f'"{versi_lama}"')
    assert respons.status_code == 409
    assert respons.json()["galat"]["kode"] == "perubahan_bersamaan"
    assert segarkan(tiket).status == Status.DIAJUKAN


def test_versi_di_badan_permintaan_juga_diperiksa(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    klien = klien_untuk(petugas)
    assert klien.post(url(tiket.nomor, "ambil"), {"versi": tiket.versi + 5}, format="json").status_code == 409
    assert klien.post(url(tiket.nomor, "ambil"), {"versi": tiket.versi}, format="json").status_code == 200


@pytest.mark.parametrize(
    ("aksi", "isi", "medan"),
    [
        ("tolak", {"alasan": "spam"}, "catatan"),
        ("tolak", {"alasan": "tidak-ada", "catatan": "x"}, "alasan"),
        ("selesaikan", {"produk": "KTP-el"}, "catatan"),
        ("minta-kelengkapan", {"pesan": "   "}, "pesan"),
        ("tanggapan", {}, "isi"),
    ],
)
def test_catatan_wajib_yang_kosong_dijawab_400_dengan_rincian(
    aksi, isi, medan, klien_untuk, unit, petugas, warga
):
    tiket = _diproses(unit, warga, petugas)
    respons = klien_untuk(petugas).post(url(tiket.nomor, aksi), isi, format="json")
    assert respons.status_code == 400
    galat = respons.json()["galat"]
    assert galat["kode"] == "data_tidak_valid"
    assert medan in galat["rincian"]
    assert segarkan(tiket).status == Status.DIPROSES


def test_status_tidak_dapat_ditulis_langsung(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(petugas).post(url(tiket.nomor, "ambil"), {"status": "selesai"}, format="json")
    assert respons.json()["status"] == Status.DITUGASKAN


def test_tamu_dengan_token_dapat_membatalkan(api_client, unit):
    baru = buat_tiket(unit)
    respons = api_client.post(
        url(baru.tiket.nomor, "batalkan"),
        {"catatan": "Salah unit"},
        format="json",
        HTTP_X_TOKEN_LACAK=baru.token_lacak,
    )
    assert respons.status_code == 200
    assert respons.json()["status"] == Status.DIBATALKAN
    assert segarkan(baru.tiket).status == Status.DIBATALKAN


def test_tamu_dengan_token_salah_tidak_dapat_membatalkan(api_client, unit):
    baru = buat_tiket(unit)
    respons = api_client.post(
        url(baru.tiket.nomor, "batalkan"), {}, format="json", HTTP_X_TOKEN_LACAK="salah"
    )
    assert respons.status_code == 404
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_token_di_url_tidak_berlaku_untuk_aksi(api_client, unit):
    baru = buat_tiket(unit)
    respons = api_client.post(
        f"{url(baru.tiket.nomor, 'batalkan')}?token={baru.token_lacak}", {}, format="json"
    )
    assert respons.status_code == 404
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_tamu_tidak_dapat_menjalankan_aksi_petugas(api_client, unit):
    baru = buat_tiket(unit)
    respons = api_client.post(url(baru.tiket.nomor, "ambil"), HTTP_X_TOKEN_LACAK=baru.token_lacak)
    assert respons.status_code == 403


def test_warga_tidak_dapat_menolak_tiketnya_sendiri(klien_untuk, unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(warga).post(url(tiket.nomor, "tolak"), ISI_AKSI["tolak"], format="json")
    assert respons.status_code == 403


def test_supervisor_menugaskan_petugas_unitnya(
    klien_untuk, unit, supervisor, petugas, petugas_unit_lain, warga
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    klien = klien_untuk(supervisor)
    salah = klien.post(url(tiket.nomor, "tugaskan"), {"petugas": petugas_unit_lain.pk}, format="json")
    assert salah.status_code == 400
    assert "petugas" in salah.json()["galat"]["rincian"]
    tak_ada = klien.post(url(tiket.nomor, "tugaskan"), {"petugas": 999999}, format="json")
    assert tak_ada.status_code == 400
    benar = klien.post(url(tiket.nomor, "tugaskan"), {"petugas": petugas.pk}, format="json")
    assert benar.status_code == 200
    assert benar.json()["petugas"]["id"] == petugas.pk


def test_supervisor_mengalihkan_ke_unit_lain(klien_untuk, unit, unit_lain, supervisor, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(supervisor).post(
        url(tiket.nomor, "alihkan"), {"unit": unit_lain.kode, "alasan": "Wewenang DPMPTSP"}, format="json"
    )
    assert respons.status_code == 200
    assert respons.json()["unit"]["kode"] == unit_lain.kode
    # No longer the supervisor's unit: the answer shows no internal view.
    assert respons.json()["aksi_tersedia"] == []
    tak_dikenal = klien_untuk(supervisor).post(
        url(buat_tiket(unit, pemohon=warga).tiket.nomor, "alihkan"),
        {"unit": "entah", "alasan": "x"},
        format="json",
    )
    assert tak_dikenal.status_code == 400
    assert "unit" in tak_dikenal.json()["galat"]["rincian"]


def test_siklus_lengkap_lewat_api(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    petugas_api, warga_api = klien_untuk(petugas), klien_untuk(warga)
    langkah = [
        (petugas_api, "ambil", {}, Status.DITUGASKAN),
        (petugas_api, "mulai", {}, Status.DIPROSES),
        (petugas_api, "minta-kelengkapan", {"pesan": "Kirim foto lokasi"}, Status.MENUNGGU_WARGA),
        (warga_api, "lengkapi", {"pesan": "Sudah saya kirim"}, Status.DIPROSES),
        (petugas_api, "selesaikan", {"catatan": "Sudah ditambal"}, Status.SELESAI),
        (warga_api, "buka-kembali", {"alasan": "Berlubang lagi"}, Status.DIPROSES),
        (petugas_api, "selesaikan", {"catatan": "Ditambal ulang"}, Status.SELESAI),
        (warga_api, "tutup", {"catatan": "Terima kasih"}, Status.DITUTUP),
    ]
    for klien, aksi, isi, status in langkah:
        respons = klien.post(url(tiket.nomor, aksi), isi, format="json")
        assert respons.status_code == 200, (aksi, respons.json())
        assert respons.json()["status"] == status


def test_lepaskan_mengembalikan_ke_antrian(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    respons = klien_untuk(petugas).post(url(tiket.nomor, "lepaskan"), {"catatan": "Cuti"}, format="json")
    assert respons.json()["status"] == Status.DIAJUKAN
    assert respons.json()["petugas"] is None


def test_tanggapan_dengan_lampiran_dibuat_201(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(warga).post(
        url(tiket.nomor, "tanggapan"),
        {
            "isi": "Foto jalan",
            "lampiran": [SimpleUploadedFile("jalan.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert respons.status_code == 201
    tanggapan = respons.json()["tanggapan"][0]
    assert tanggapan["isi"] == "Foto jalan"
    assert tanggapan["lampiran"][0]["nama_asli"] == "jalan.pdf"
    assert Lampiran.objects.get(tiket=tiket).tipe_mime == "application/pdf"


def test_berkas_yang_bukan_pdf_atau_gambar_ditolak_400(klien_untuk, unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    palsu = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 bukan pdf" * 10, content_type="application/pdf")
    respons = klien_untuk(warga).post(
        url(tiket.nomor, "tanggapan"), {"isi": "x", "lampiran": [palsu]}, format="multipart"
    )
    assert respons.status_code == 400
    assert "lampiran" in respons.json()["galat"]["rincian"]
    assert not Tanggapan.objects.filter(tiket=tiket).exists()


def test_warga_tidak_dapat_menulis_catatan_internal(klien_untuk, unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(warga).post(
        url(tiket.nomor, "tanggapan"), {"isi": "x", "internal": True}, format="json"
    )
    assert respons.status_code == 403
    assert not Tanggapan.objects.filter(tiket=tiket).exists()


def test_selesaikan_dengan_lampiran_produk(klien_untuk, unit, petugas, warga):
    tiket = _diproses(unit, warga, petugas)
    respons = klien_untuk(petugas).post(
        url(tiket.nomor, "selesaikan"),
        {"catatan": "Selesai", "lampiran": [SimpleUploadedFile("sk.pdf", PDF)]},
        format="multipart",
    )
    assert respons.status_code == 200
    assert [x["nama_asli"] for x in respons.json()["lampiran"]] == ["sk.pdf"]
