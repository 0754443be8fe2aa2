"""The citizen's actions on the tracking page, through the Django test client (JavaScript off: plain POST
forms): which actions are offered, sending documents, cancelling, closing, reopening and replying, and who
may not act. Reading the page is in test_lacak.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from antrian import services
from antrian.izin import Aktor
from antrian.models import Status, Tanggapan, Tiket
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor
from tests.keluhan.berkas_uji import png_bytes
from tests.portal._lacak_umum import _menunggu_warga, _pdf, _url

pytestmark = pytest.mark.django_db


def _selesai(baru, petugas):  # type: ignore[no-untyped-def]
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_mulai(tiket=baru.tiket, aktor=a)
    services.tiket_selesaikan(tiket=baru.tiket, aktor=a, catatan="Lampu sudah diganti")
    return baru


# --- which actions are offered ------------------------------------------------------------------------


def test_aksi_yang_ditawarkan_mengikuti_izin_layanan(client, unit, petugas):
    baru = buat_tiket(unit)
    params = {"token": baru.token_lacak}

    def aksi_di_halaman() -> set[str]:
        html = client.get(_url(baru.tiket.nomor), params).content.decode()
        return {
            n for n in ("tanggapan", "lengkapi", "batalkan", "tutup", "buka-kembali") if f"/aksi/{n}/" in html
        }

    assert aksi_di_halaman() == {"tanggapan", "batalkan"}
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_mulai(tiket=baru.tiket, aktor=a)
    assert aksi_di_halaman() == {"tanggapan"}
    services.tiket_minta_kelengkapan(tiket=baru.tiket, aktor=a, pesan="Kirim foto")
    assert aksi_di_halaman() == {"lengkapi"}
    services.tiket_lengkapi(tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk), pesan="Ini fotonya")
    services.tiket_selesaikan(tiket=baru.tiket, aktor=a, catatan="Selesai")
    assert aksi_di_halaman() == {"tanggapan", "tutup", "buka-kembali"}
    services.tiket_tutup(tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk))
    assert aksi_di_halaman() == set()


# --- acting (JavaScript off: plain POST forms) --------------------------------------------------------


def test_tamu_mengirim_kelengkapan_dengan_berkas_dan_tiket_kembali_diproses(client, unit, petugas):
    baru = _menunggu_warga(buat_tiket(unit), petugas)
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/lengkapi/"),
        {"token": baru.token_lacak, "lengkapi-pesan": "Ini KTP saya", "lengkapi-lampiran": [_pdf("ktp.pdf")]},
    )
    assert respons.status_code == 303
    assert respons["Location"] == f"/lacak/{baru.tiket.nomor}/?token={baru.token_lacak}"
    tiket = segarkan(baru.tiket)
    assert tiket.status == Status.DIPROSES
    balasan = Tanggapan.objects.filter(tiket=tiket, dari_petugas=False).get()
    assert balasan.isi == "Ini KTP saya"
    assert [x.nama_asli for x in balasan.lampiran.all()] == ["ktp.pdf"]
    halaman = client.get(respons["Location"])
    html = halaman.content.decode()
    assert "Terima kasih. Petugas telah menerima kiriman Anda" in html
    assert "ktp.pdf" in html
    assert "Warga melengkapi" in html


def test_kelengkapan_kosong_400_dengan_galat_di_bidangnya(client, unit, petugas):
    baru = _menunggu_warga(buat_tiket(unit), petugas)
    respons = client.post(_url(baru.tiket.nomor, "aksi/lengkapi/"), {"token": baru.token_lacak})
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'class="ringkasan-galat"' in html
    assert 'aria-invalid="true"' in html
    assert segarkan(baru.tiket).status == Status.MENUNGGU_WARGA


def test_berkas_yang_isinya_bukan_pdf_atau_gambar_ditolak_400(client, unit, petugas):
    baru = _menunggu_warga(buat_tiket(unit), petugas)
    palsu = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 ini program", content_type="application/pdf")
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/lengkapi/"),
        {"token": baru.token_lacak, "lengkapi-pesan": "x", "lengkapi-lampiran": [palsu]},
    )
    assert respons.status_code == 400
    assert "ktp.pdf" in respons.content.decode()
    assert segarkan(baru.tiket).status == Status.MENUNGGU_WARGA


def test_kelengkapan_saat_tiket_tidak_menunggu_warga_409(client, unit, petugas):
    baru = buat_tiket(unit)
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/lengkapi/"), {"token": baru.token_lacak, "lengkapi-pesan": "terlambat"}
    )
    assert respons.status_code == 409
    assert "Tindakan ini tidak dapat dilakukan pada status tiket saat ini." in respons.content.decode()
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_batal_butuh_alasan_lalu_membatalkan(client, unit):
    baru = buat_tiket(unit)
    tanpa = client.post(_url(baru.tiket.nomor, "aksi/batalkan/"), {"token": baru.token_lacak})
    assert tanpa.status_code == 400
    assert 'id="rincian-batalkan"' in tanpa.content.decode()
    assert segarkan(baru.tiket).status == Status.DIAJUKAN
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/batalkan/"),
        {"token": baru.token_lacak, "batalkan-alasan": "Sudah diurus di kantor"},
    )
    assert respons.status_code == 303
    tiket = segarkan(baru.tiket)
    assert tiket.status == Status.DIBATALKAN
    assert tiket.peristiwa.values_list("catatan", flat=True).last() == "Sudah diurus di kantor"


def test_batal_setelah_petugas_mulai_bekerja_409_tanpa_mengubah_apa_pun(client, unit, petugas):
    baru = buat_tiket(unit)
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_mulai(tiket=baru.tiket, aktor=a)
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/batalkan/"), {"token": baru.token_lacak, "batalkan-alasan": "x"}
    )
    assert respons.status_code == 409
    assert 'class="pesan pesan-galat"' in respons.content.decode()
    assert segarkan(baru.tiket).status == Status.DIPROSES


def test_warga_mengonfirmasi_selesai_menutup_tiket(client, unit, petugas, warga):
    baru = _selesai(buat_tiket(unit, pemohon=warga), petugas)
    client.force_login(warga)
    respons = client.post(_url(baru.tiket.nomor, "aksi/tutup/"), {"tutup-catatan": "Terima kasih"})
    assert respons.status_code == 303
    assert respons["Location"] == f"/lacak/{baru.tiket.nomor}/"
    assert segarkan(baru.tiket).status == Status.DITUTUP


def test_buka_kembali_dalam_jendela_dengan_alasan(client, unit, petugas):
    baru = _selesai(buat_tiket(unit), petugas)
    url = _url(baru.tiket.nomor, "aksi/buka-kembali/")
    assert client.post(url, {"token": baru.token_lacak}).status_code == 400
    respons = client.post(url, {"token": baru.token_lacak, "buka-kembali-alasan": "Lampu mati lagi"})
    assert respons.status_code == 303
    tiket = segarkan(baru.tiket)
    assert tiket.status == Status.DIPROSES
    assert tiket.jumlah_dibuka_kembali == 1


def test_buka_kembali_setelah_jendela_lewat_409_dan_tidak_ditawarkan(client, unit, petugas):
    baru = _selesai(buat_tiket(unit), petugas)
    lama = baru.tiket.diajukan_pada - dt.timedelta(days=60)
    Tiket.objects.filter(pk=baru.tiket.pk).update(diselesaikan_pada=lama)
    html = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak}).content.decode()
    assert "/aksi/buka-kembali/" not in html
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/buka-kembali/"),
        {"token": baru.token_lacak, "buka-kembali-alasan": "Masih rusak"},
    )
    assert respons.status_code == 409
    assert "10 hari kerja" in respons.content.decode()
    assert segarkan(baru.tiket).status == Status.SELESAI


def test_tamu_membalas_dengan_lampiran(client, unit, petugas):
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    foto = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/tanggapan/"),
        {"token": baru.token_lacak, "tanggapan-isi": "Ini fotonya", "tanggapan-lampiran": [foto]},
    )
    assert respons.status_code == 303
    balasan = Tanggapan.objects.get(tiket=baru.tiket)
    assert (balasan.isi, balasan.dari_petugas, balasan.internal) == ("Ini fotonya", False, False)
    assert balasan.lampiran.get().tipe_mime == "image/png"


def test_token_hanya_di_url_tidak_dapat_mengubah_apa_pun(client, unit):
    baru = buat_tiket(unit)
    respons = client.post(
        f"{_url(baru.tiket.nomor, 'aksi/batalkan/')}?token={baru.token_lacak}", {"batalkan-alasan": "x"}
    )
    assert respons.status_code == 404
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_warga_lain_tidak_dapat_bertindak_404(client, unit, warga, warga_lain):
    baru = buat_tiket(unit, pemohon=warga)
    client.force_login(warga_lain)
    respons = client.post(_url(baru.tiket.nomor, "aksi/batalkan/"), {"batalkan-alasan": "iseng"})
    assert respons.status_code == 404
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_petugas_unit_tidak_bertindak_sebagai_warga_403(client, unit, petugas, warga):
    baru = buat_tiket(unit, pemohon=warga)
    client.force_login(petugas.pengguna)
    respons = client.post(_url(baru.tiket.nomor, "aksi/batalkan/"), {"batalkan-alasan": "x"})
    assert respons.status_code == 403
    assert segarkan(baru.tiket).status == Status.DIAJUKAN


def test_aksi_tak_dikenal_404_dan_get_pada_aksi_405(client, unit):
    baru = buat_tiket(unit)
    assert client.post(_url(baru.tiket.nomor, "aksi/hapus/"), {"token": baru.token_lacak}).status_code == 404
    assert client.get(_url(baru.tiket.nomor, "aksi/batalkan/")).status_code == 405


def test_formulir_aksi_wajib_csrf(unit):
    baru = buat_tiket(unit)
    klien = Client(enforce_csrf_checks=True)
    respons = klien.post(
        _url(baru.tiket.nomor, "aksi/batalkan/"), {"token": baru.token_lacak, "batalkan-alasan": "x"}
    )
    assert respons.status_code == 403
    assert segarkan(baru.tiket).status == Status.DIAJUKAN
    html = klien.get(_url(baru.tiket.nomor), {"token": baru.token_lacak}).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 2
