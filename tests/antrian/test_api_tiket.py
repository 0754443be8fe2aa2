"""One tiket's detail and its attachments: who sees it, and what inside it each viewer sees."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from antrian import services
from antrian.berkas import periksa_berkas
from antrian.izin import Aktor
from antrian.models import JenisTiket, Lampiran, Peristiwa
from tests.antrian.factories import PenggunaFactory, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
NIK = "3201014508900001"


def url(nomor: str, akhir: str = "") -> str:
    return f"/api/v1/tiket/{nomor}/{akhir}"


def _pdf(nama: str = "ktp.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, PDF, content_type="application/pdf")


def _tiket_rahasia(unit, pemohon):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        return services.tiket_buat(
            jenis=JenisTiket.KELUHAN,
            unit=unit,
            judul="Pungutan liar di loket",
            aktor=Aktor.dari_pengguna(pemohon),
            tenggat_hari=5,
            identitas_rahasia=True,
        )


# --- who may see it ----------------------------------------------------------------------------------


def test_petugas_unit_melihat_rincian_tiket(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(petugas).get(url(tiket.nomor))
    assert respons.status_code == 200
    data = respons.json()
    assert data["nomor"] == tiket.nomor
    assert data["unit"]["kode"] == unit.kode
    assert [p["aksi"] for p in data["peristiwa"]] == ["ajukan"]
    assert set(data["aksi_tersedia"]) == {"ambil", "tolak"}
    assert data["boleh_catatan_internal"] is True


def test_petugas_unit_lain_mendapat_404_yang_sama_dengan_nomor_tak_ada(
    klien_untuk, unit, petugas_unit_lain, warga
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    klien = klien_untuk(petugas_unit_lain)
    respons = klien.get(url(tiket.nomor))
    tak_ada = klien.get(url("ADU-0000-99999"))
    assert respons.status_code == 404
    assert respons.json() == tak_ada.json()


def test_warga_lain_mendapat_404(klien_untuk, unit, warga, warga_lain):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(warga_lain).get(url(tiket.nomor))
    assert respons.status_code == 404
    assert respons.json()["galat"]["kode"] == "tidak_ditemukan"


def test_tanpa_masuk_dan_tanpa_token_mendapat_404(api_client, unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert api_client.get(url(tiket.nomor)).status_code == 404


def test_tamu_dengan_token_benar_melihat_tiketnya(api_client, unit):
    baru = buat_tiket(unit)
    respons = api_client.get(url(baru.tiket.nomor), HTTP_X_TOKEN_LACAK=baru.token_lacak)
    assert respons.status_code == 200
    assert respons.json()["aksi_tersedia"] == ["batalkan"]
    assert respons.json()["pemohon"]["nama"] == "Tamu"
    # The tracking link carries the token as ?token= on GET.
    assert api_client.get(url(baru.tiket.nomor), {"token": baru.token_lacak}).status_code == 200


def test_tamu_dengan_token_salah_mendapat_404_identik_dengan_nomor_tak_ada(api_client, unit):
    baru = buat_tiket(unit)
    salah = api_client.get(url(baru.tiket.nomor), HTTP_X_TOKEN_LACAK="bukan-token-yang-benar")
    tak_ada = api_client.get(url("ADU-0000-99999"), HTTP_X_TOKEN_LACAK="bukan-token-yang-benar")
    assert salah.status_code == tak_ada.status_code == 404
    assert salah.content == tak_ada.content


def test_token_tiket_lain_tidak_membuka_tiket_ini(api_client, unit):
    satu, dua = buat_tiket(unit), buat_tiket(unit)
    respons = api_client.get(url(satu.tiket.nomor), HTTP_X_TOKEN_LACAK=dua.token_lacak)
    assert respons.status_code == 404


def test_manajer_melihat_rincian_tanpa_aksi(klien_untuk, unit, manajer, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = klien_untuk(manajer).get(url(tiket.nomor))
    assert respons.status_code == 200
    assert respons.json()["aksi_tersedia"] == []
    assert respons.json()["boleh_menanggapi"] is False


@pytest.mark.parametrize("metode", ["put", "patch", "delete", "post"])
def test_rincian_dan_log_peristiwa_tidak_dapat_diubah_lewat_api(metode, klien_untuk, unit, supervisor, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    respons = getattr(klien_untuk(supervisor), metode)(
        url(tiket.nomor), {"status": "selesai", "peristiwa": []}, format="json"
    )
    assert respons.status_code == 405
    assert respons.json()["galat"]["kode"] == "metode_tidak_diizinkan"
    assert Peristiwa.objects.filter(tiket=tiket).count() == 1
    assert segarkan(tiket).status == "diajukan"


# --- what inside it each viewer sees -----------------------------------------------------------------


def test_catatan_internal_tidak_terlihat_oleh_warga(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Warga ini sering komplain", internal=True)
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Sedang kami periksa")

    data_warga = klien_untuk(warga).get(url(tiket.nomor)).json()
    assert [t["isi"] for t in data_warga["tanggapan"]] == ["Sedang kami periksa"]
    assert "catatan_internal" not in [p["aksi"] for p in data_warga["peristiwa"]]
    assert "sering komplain" not in str(data_warga)

    data_petugas = klien_untuk(petugas).get(url(tiket.nomor)).json()
    assert [t["isi"] for t in data_petugas["tanggapan"]] == [
        "Warga ini sering komplain",
        "Sedang kami periksa",
    ]
    assert "catatan_internal" in [p["aksi"] for p in data_petugas["peristiwa"]]


def test_nama_pelaku_hanya_untuk_petugas(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    untuk_warga = klien_untuk(warga).get(url(tiket.nomor)).json()
    untuk_petugas = klien_untuk(petugas).get(url(tiket.nomor)).json()
    ambil_warga = next(p for p in untuk_warga["peristiwa"] if p["aksi"] == "ambil")
    ambil_petugas = next(p for p in untuk_petugas["peristiwa"] if p["aksi"] == "ambil")
    assert ambil_warga["aktor_nama"] is None
    assert ambil_warga["peran_aktor"] == "petugas"
    assert untuk_warga["petugas"] is None
    assert ambil_petugas["aktor_nama"] == petugas.pengguna.nama_tampil
    assert untuk_petugas["petugas"] == {"id": petugas.pk, "nama": petugas.nama}


def test_identitas_rahasia_tersembunyi_dari_petugas_tetapi_terlihat_pemiliknya(
    klien_untuk, unit, petugas, warga
):
    warga.nik = NIK
    warga.save()
    tiket = _tiket_rahasia(unit, warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Kirim foto kuitansi")
    services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Ini fotonya")

    untuk_petugas = klien_untuk(petugas).get(url(tiket.nomor)).json()
    assert untuk_petugas["pemohon"] is None
    assert untuk_petugas["identitas_rahasia"] is True
    teks = str(untuk_petugas)
    assert warga.nama_lengkap not in teks
    assert warga.email not in teks
    # Neither the NIK nor its masked form (3201**********01); a bare "3201" can occur in a timestamp.
    assert NIK not in teks and f"{NIK[:4]}*" not in teks
    balasan = next(t for t in untuk_petugas["tanggapan"] if t["isi"] == "Ini fotonya")
    assert balasan["penulis_nama"] is None

    untuk_pemilik = klien_untuk(warga).get(url(tiket.nomor)).json()
    assert untuk_pemilik["pemohon"]["nama"] == warga.nama_lengkap
    assert untuk_pemilik["pemohon"]["email"] == warga.email


def test_admin_pun_tidak_melihat_identitas_rahasia_lewat_api(klien_untuk, unit, warga):
    # Only the admin's logged reveal (admin:antrian_tiket_identitas) shows a confidential reporter.
    tiket = _tiket_rahasia(unit, warga).tiket
    admin = PenggunaFactory(is_superuser=True, is_staff=True)
    respons = klien_untuk(admin).get(url(tiket.nomor))
    assert respons.json()["pemohon"] is None
    assert warga.nama_lengkap not in respons.content.decode()


def test_nik_hanya_tampil_tersamar(klien_untuk, unit, petugas, warga):
    warga.nik = NIK
    warga.save()
    tiket = buat_tiket(unit, pemohon=warga).tiket
    for siapa in (warga, petugas):
        data = klien_untuk(siapa).get(url(tiket.nomor)).json()
        assert data["pemohon"]["nik"] == "3201**********01"
        assert NIK not in str(data)


def test_rincian_memuat_lampiran_dengan_tautan_unduh(klien_untuk, unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="Bukti", lampiran=[periksa_berkas(_pdf())])
    data = klien_untuk(warga).get(url(tiket.nomor)).json()
    lampiran = data["lampiran"][0]
    assert lampiran["nama_asli"] == "ktp.pdf"
    assert lampiran["tipe_mime"] == "application/pdf"
    assert lampiran["url"] == url(tiket.nomor, f"lampiran/{lampiran['id']}/")
    assert data["tanggapan"][0]["lampiran"][0]["id"] == lampiran["id"]


# --- downloads ---------------------------------------------------------------------------------------


def _lampiran_warga(unit, warga):  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="Bukti", lampiran=[periksa_berkas(_pdf())])
    return tiket, Lampiran.objects.get(tiket=tiket)


def test_pemilik_mengunduh_lampirannya(klien_untuk, unit, warga):
    tiket, lampiran = _lampiran_warga(unit, warga)
    respons = klien_untuk(warga).get(
        url(tiket.nomor, f"lampiran/{lampiran.pk}/"), HTTP_ACCEPT="application/pdf"
    )
    assert respons.status_code == 200
    assert b"".join(respons.streaming_content) == PDF
    assert respons["Content-Type"] == "application/pdf"
    assert respons["X-Content-Type-Options"] == "nosniff"
    assert respons["Content-Disposition"].startswith("attachment")


def test_warga_lain_tidak_dapat_mengunduh_lampiran(klien_untuk, unit, warga, warga_lain):
    tiket, lampiran = _lampiran_warga(unit, warga)
    respons = klien_untuk(warga_lain).get(url(tiket.nomor, f"lampiran/{lampiran.pk}/"))
    assert respons.status_code == 404


def test_lampiran_tiket_lain_tidak_dapat_diunduh_lewat_nomor_sendiri(klien_untuk, unit, warga, warga_lain):
    _tiket_a, lampiran_a = _lampiran_warga(unit, warga)
    tiket_b = buat_tiket(unit, pemohon=warga_lain).tiket
    respons = klien_untuk(warga_lain).get(url(tiket_b.nomor, f"lampiran/{lampiran_a.pk}/"))
    assert respons.status_code == 404


def test_lampiran_catatan_internal_tersembunyi_dari_pemilik(klien_untuk, unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(
        tiket=tiket,
        aktor=aktor(petugas),
        isi="Memo",
        internal=True,
        lampiran=[periksa_berkas(_pdf("memo.pdf"))],
    )
    lampiran = Lampiran.objects.get(tiket=tiket)
    alamat = url(tiket.nomor, f"lampiran/{lampiran.pk}/")
    assert klien_untuk(warga).get(alamat).status_code == 404
    assert klien_untuk(warga).get(url(tiket.nomor)).json()["lampiran"] == []
    assert klien_untuk(petugas).get(alamat).status_code == 200


def test_tamu_mengunduh_dengan_token(api_client, unit):
    baru = buat_tiket(unit)
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk), isi="Bukti", lampiran=[periksa_berkas(_pdf())]
    )
    lampiran = Lampiran.objects.get(tiket=baru.tiket)
    alamat = url(baru.tiket.nomor, f"lampiran/{lampiran.pk}/")
    assert api_client.get(alamat).status_code == 404
    assert api_client.get(alamat, HTTP_X_TOKEN_LACAK=baru.token_lacak).status_code == 200


@pytest.mark.parametrize("jumlah", [2, 20])
def test_jumlah_kueri_rincian_tidak_tumbuh_dengan_tanggapan_dan_lampiran(
    jumlah, klien_untuk, unit, petugas, warga, django_assert_max_num_queries
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    for i in range(jumlah):
        services.tiket_tanggapi(
            tiket=tiket,
            aktor=aktor(warga if i % 2 else petugas),
            isi=f"Balasan {i}",
            lampiran=[periksa_berkas(_pdf())],
        )
    klien = klien_untuk(petugas)
    with django_assert_max_num_queries(10):
        respons = klien.get(url(tiket.nomor))
    assert len(respons.json()["tanggapan"]) == jumlah
    assert len(respons.json()["lampiran"]) == jumlah
