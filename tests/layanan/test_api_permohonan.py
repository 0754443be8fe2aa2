"""Filing a permohonan over the API: guests, citizens, retries and abuse."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from antrian.models import JenisTiket, Lampiran, Peristiwa, Status, Tiket
from antrian.services import hash_token
from layanan.models import Permohonan
from tests.layanan.factories import JAWABAN_AKTA, JenisLayananFactory, buat_layanan_akta, pdf, png

URL = reverse("permohonan-ajukan")


@pytest.fixture
def layanan(unit):
    return buat_layanan_akta(unit)


def formulir_tamu(**ubah: object) -> dict[str, object]:
    """A fresh multipart body (upload objects are consumed by each request)."""
    data: dict[str, object] = {
        "layanan": "akta-kelahiran",
        "jawaban": json.dumps(JAWABAN_AKTA),
        "kontak_nama": "Siti Aminah",
        "kontak_email": "siti@contoh.id",
        "dokumen.ktp": pdf("ktp.pdf"),
        "dokumen.kk": [png("kk-depan.png"), png("kk-belakang.png")],
    }
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def test_tamu_mengajukan_permohonan_multipart(api_client, layanan, unit):
    respons = api_client.post(URL, formulir_tamu(), format="multipart")

    assert respons.status_code == 201, respons.json()
    body = respons.json()
    assert re.fullmatch(r"LYN-\d{4}-\d{5}", body["nomor"])
    assert body["status"] == "diajukan"
    assert body["jenis"] == "permohonan"
    assert body["unit"] == unit.nama
    assert body["tenggat"] is not None
    assert body["token_lacak"]
    assert body["tautan_lacak"].endswith(f"/lacak/{body['nomor']}/?token={body['token_lacak']}")

    tiket = Tiket.objects.get(nomor=body["nomor"])
    assert (tiket.jenis, tiket.status, tiket.unit_id) == (JenisTiket.PERMOHONAN, Status.DIAJUKAN, unit.pk)
    assert tiket.pemohon is None
    assert tiket.kontak_nama == "Siti Aminah"
    assert tiket.token_lacak_hash == hash_token(body["token_lacak"])
    assert tiket.tenggat is not None and tiket.tenggat_respons is not None
    assert Peristiwa.objects.filter(tiket=tiket).count() == 1
    assert Peristiwa.objects.get(tiket=tiket).jenis == "pengajuan"
    assert sorted(Lampiran.objects.filter(tiket=tiket).values_list("kode_persyaratan", "nama_asli")) == [
        ("kk", "kk-belakang.png"),
        ("kk", "kk-depan.png"),
        ("ktp", "ktp.pdf"),
    ]
    assert tiket.permohonan.jawaban["nama-anak"] == "Budi"


def test_warga_berakun_mengajukan_permohonan(klien_untuk, layanan, warga):
    respons = klien_untuk(warga).post(
        URL, formulir_tamu(kontak_nama=None, kontak_email=None), format="multipart"
    )
    assert respons.status_code == 201, respons.json()
    tiket = Tiket.objects.get(nomor=respons.json()["nomor"])
    assert tiket.pemohon == warga
    assert Permohonan.objects.get(tiket=tiket).layanan == layanan


def test_warga_mengajukan_dengan_json_untuk_layanan_tanpa_dokumen_wajib(klien_untuk, unit, warga):
    JenisLayananFactory(kode="surat-pindah", unit=unit)
    respons = klien_untuk(warga).post(URL, {"layanan": "surat-pindah", "jawaban": {}}, format="json")
    assert respons.status_code == 201, respons.json()


def test_tamu_tanpa_kontak_ditolak_dengan_galat_terstruktur(api_client, layanan):
    respons = api_client.post(URL, formulir_tamu(kontak_nama=None, kontak_email=None), format="multipart")
    assert respons.status_code == 400
    galat = respons.json()["galat"]
    assert galat["kode"] == "data_tidak_valid"
    assert {"kontak_nama", "kontak"} <= set(galat["rincian"])
    assert not Tiket.objects.exists()


def test_dokumen_wajib_yang_hilang_ditolak(api_client, layanan):
    respons = api_client.post(URL, formulir_tamu(**{"dokumen.kk": None}), format="multipart")
    assert respons.status_code == 400
    assert set(respons.json()["galat"]["rincian"]) == {"dokumen.kk"}


def test_html_bernama_pdf_ditolak(api_client, layanan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    palsu = SimpleUploadedFile(
        "ktp.pdf", b"<html><body>bukan pdf</body></html>", content_type="application/pdf"
    )
    respons = api_client.post(URL, formulir_tamu(**{"dokumen.ktp": palsu}), format="multipart")
    assert respons.status_code == 400
    assert "dokumen.ktp" in respons.json()["galat"]["rincian"]
    assert not Lampiran.objects.exists()


def test_berkas_di_luar_medan_dokumen_ditolak(api_client, layanan):
    respons = api_client.post(URL, formulir_tamu(berkas=pdf()), format="multipart")
    assert respons.status_code == 400
    assert "berkas" in respons.json()["galat"]["rincian"]


@pytest.mark.parametrize(
    ("jawaban", "medan"),
    [
        ("{bukan json", "jawaban"),
        ("[1, 2]", "jawaban"),
        ('{"nama-anak": "Budi", "tanggal-lahir": "2026-11-01", "berat": NaN}', "jawaban"),
        (json.dumps({**JAWABAN_AKTA, "tanggal-lahir": "2026-02-30"}), "jawaban.tanggal-lahir"),
    ],
)
def test_jawaban_rusak_atau_tidak_sah_ditolak(api_client, layanan, jawaban, medan):
    respons = api_client.post(URL, formulir_tamu(jawaban=jawaban), format="multipart")
    assert respons.status_code == 400
    assert medan in respons.json()["galat"]["rincian"]


@pytest.mark.parametrize("kode", ["tidak-ada", "lama"])
def test_layanan_tidak_dikenal_atau_nonaktif_ditolak(api_client, layanan, kode):
    JenisLayananFactory(kode="lama", aktif=False)
    respons = api_client.post(URL, formulir_tamu(layanan=kode), format="multipart")
    assert respons.status_code == 400
    assert set(respons.json()["galat"]["rincian"]) == {"layanan"}
    assert not Tiket.objects.exists()


def test_pengulangan_dengan_idempotency_key_mengembalikan_tiket_pertama(api_client, layanan):
    pertama = api_client.post(URL, formulir_tamu(), format="multipart", HTTP_IDEMPOTENCY_KEY="kunci-1")
    kedua = api_client.post(URL, formulir_tamu(), format="multipart", HTTP_IDEMPOTENCY_KEY="kunci-1")

    assert (pertama.status_code, kedua.status_code) == (201, 200)
    assert kedua.json() == pertama.json()
    assert Tiket.objects.count() == 1
    assert Lampiran.objects.count() == 3


def test_idempotency_key_yang_sama_dengan_isi_berbeda_memberi_409(api_client, layanan):
    api_client.post(URL, formulir_tamu(), format="multipart", HTTP_IDEMPOTENCY_KEY="kunci-2")
    respons = api_client.post(
        URL, formulir_tamu(kontak_nama="Orang Lain"), format="multipart", HTTP_IDEMPOTENCY_KEY="kunci-2"
    )
    assert respons.status_code == 409
    assert respons.json()["galat"]["kode"] == "konflik"
    assert Tiket.objects.count() == 1


def test_tanpa_idempotency_key_setiap_kiriman_menjadi_tiket_baru(api_client, layanan):
    api_client.post(URL, formulir_tamu(), format="multipart")
    api_client.post(URL, formulir_tamu(), format="multipart")
    assert Tiket.objects.count() == 2


def test_pengajuan_dibatasi_frekuensinya(api_client, layanan, settings):
    settings.BATAS = {**settings.BATAS, "pengajuan_ip": "2/1h"}
    kode = [api_client.post(URL, {"layanan": "tidak-ada"}, format="json").status_code for _ in range(3)]
    assert kode == [400, 400, 429]
    respons = api_client.post(URL, {"layanan": "tidak-ada"}, format="json")
    galat = respons.json()["galat"]
    assert galat["kode"] == "terlalu_sering"
    assert galat["rincian"]["coba_lagi_detik"] == [respons["Retry-After"]]


def test_prioritas_dari_warga_diabaikan(klien_untuk, layanan, warga):
    respons = klien_untuk(warga).post(URL, formulir_tamu(prioritas=4), format="multipart")
    assert respons.status_code == 201
    assert Tiket.objects.get(nomor=respons.json()["nomor"]).prioritas == 2
