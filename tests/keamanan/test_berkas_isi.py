"""Uploaded files (issue 7 item 4), what an attacker sends: content decides.

Magic bytes and a full parse; SVG, HTML, scripts, broken and disguised files refused; a polyglot either
refused (PDF) or reduced to its pixels (images); limits per file and per request. The count per tiket is in
test_berkas_per_tiket.py, names, location and downloads in test_berkas_simpan.py.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from antrian import services
from antrian.berkas import periksa_berkas, periksa_semua
from antrian.exceptions import DataTidakValid
from antrian.models import Lampiran
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor
from tests.keamanan._berkas_umum import PDF, _berkas, _berkas_di_disk, _ditolak, _jpeg, _png

pytestmark = pytest.mark.django_db


# --- 1. content decides --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "isi"),
    [
        (
            "foto.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
        ),
        ("foto.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("ktp.jpg", b"<!DOCTYPE html><html><script>fetch('/api/v1/')</script></html>"),
        ("surat.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100),  # a Windows program
        ("dokumen.pdf", b"PK\x03\x04" + b"\x00" * 100),  # a zip archive (docx, jar, apk)
        ("foto.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),  # a real type, but not an allowed one
    ],
)
def test_svg_html_skrip_dan_tipe_lain_ditolak_apa_pun_nama_dan_tipe_yang_diaku(nama: str, isi: bytes) -> None:
    assert "PDF, JPEG, PNG" in _ditolak(_berkas(nama, isi, "image/png"))


def test_berkas_kosong_ditolak() -> None:
    assert "kosong" in _ditolak(_berkas("kosong.pdf", b"")) or "empty" in _ditolak(_berkas("k.pdf", b""))


@pytest.mark.parametrize(
    "isi",
    [
        _png()[:60],  # cut off in the middle of the pixels
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,  # the magic bytes and nothing of a PNG after them
        b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>",  # JPEG magic, HTML inside
        _jpeg()[:200],  # a truncated JPEG
    ],
)
def test_gambar_yang_tidak_dapat_didekode_penuh_ditolak(isi: bytes) -> None:
    assert "foto" in _ditolak(_berkas("foto.png", isi, "image/png"))


def test_poliglot_jpeg_dengan_skrip_dan_zip_di_belakangnya_disimpan_hanya_pikselnya() -> None:
    # A valid JPEG with an HTML page and a zip archive after its end marker: browsers and unzip each see
    # "their" file. The stored re-encode holds the pixels alone.
    muatan = b"<html><script>alert(document.cookie)</script></html>PK\x03\x04rahasia.jar"
    teruji = periksa_berkas(_berkas("foto.jpg", _jpeg() + muatan))
    tersimpan = teruji.berkas.read()
    assert teruji.tipe_mime == "image/jpeg"
    assert b"<script" not in tersimpan and b"PK\x03\x04" not in tersimpan
    assert tersimpan.endswith(b"\xff\xd9")


@pytest.mark.parametrize(
    ("isi", "alasan"),
    [
        (PDF.replace(b"%%EOF", b"%%EOX"), "no end marker"),
        (PDF + b"PK\x03\x04" + b"\x00" * 2000, "a zip archive after the end"),
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"), "JS"),
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/J#61vaScript/J#53(x)>>"), "hex JS"),
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>"), "launch"),
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/Names<</EmbeddedFiles 3 0 R>>"), "embedded"),
        (PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<html><script>alert(1)</script>\n"), "HTML"),
    ],
)
def test_pdf_rusak_poliglot_atau_berisi_skrip_ditolak(isi: bytes, alasan: str) -> None:
    assert "surat.pdf" in _ditolak(_berkas("surat.pdf", isi, "application/pdf")), alasan


def test_pdf_biasa_dengan_kata_javascript_di_dalam_stream_diterima() -> None:
    # Names are looked for outside stream bodies: compressed page content may spell anything.
    aliran = b"3 0 obj<</Length 20>>stream\n/JavaScript /JS xx\nendstream endobj\n"
    teruji = periksa_berkas(_berkas("surat.pdf", PDF.replace(b"trailer", aliran + b"trailer"), "x/y"))
    assert teruji.tipe_mime == "application/pdf"


def test_isi_menentukan_tipe_dan_ekstensi_bukan_nama_atau_header_klien(klien_untuk, unit, warga) -> None:
    tiket = buat_tiket(unit, pemohon=warga).tiket
    pdf_bernama_jpg = periksa_berkas(_berkas("foto.jpg", PDF, "image/jpeg"))
    png_bernama_pdf = periksa_berkas(_berkas("surat.pdf", _png(), "application/pdf"))
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(warga), isi="x", lampiran=[pdf_bernama_jpg, png_bernama_pdf]
    )

    pdf_, png_ = Lampiran.objects.filter(tiket=tiket).order_by("id")
    assert (pdf_.tipe_mime, Path(pdf_.berkas.name).suffix) == ("application/pdf", ".pdf")
    assert (png_.tipe_mime, Path(png_.berkas.name).suffix) == ("image/png", ".png")
    respons = klien_untuk(warga).get(f"/api/v1/tiket/{tiket.nomor}/lampiran/{pdf_.pk}/")
    assert respons["Content-Type"] == "application/pdf"
    # Downloaded under a name whose extension matches the content, so the right program opens it.
    assert 'filename="foto.pdf"' in respons["Content-Disposition"]


def test_bom_dekompresi_ditolak_sebelum_didekode() -> None:
    # A PNG header claiming 100,000 x 100,000 pixels (30 GB decoded) in a few hundred bytes.
    def potongan(jenis: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + jenis + data + struct.pack(">I", zlib.crc32(jenis + data))

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bom = (
        b"\x89PNG\r\n\x1a\n"
        + potongan(b"IHDR", ihdr)
        + potongan(b"IDAT", zlib.compress(b"\x00" * 1000))
        + potongan(b"IEND", b"")
    )
    assert "megapiksel" in _ditolak(_berkas("bom.png", bom)) or "megapixels" in _ditolak(
        _berkas("b.png", bom)
    )


def test_batas_piksel_dapat_diatur(settings: Any) -> None:
    settings.UNGGAHAN_MAKS_PIKSEL = 1000
    _ditolak(_berkas("foto.jpg", _jpeg(40, 30)))  # 1,200 pixels
    settings.UNGGAHAN_MAKS_PIKSEL = 1200
    assert periksa_berkas(_berkas("foto.jpg", _jpeg(40, 30))).tipe_mime == "image/jpeg"


def test_batas_ukuran_per_berkas(settings: Any) -> None:
    settings.UNGGAHAN_MAKS_MB = 1
    besar = PDF.replace(b"trailer", b"%" + b"a" * (1024 * 1024) + b"\ntrailer")
    assert "1 MB" in _ditolak(_berkas("besar.pdf", besar, "application/pdf"))


def test_batas_jumlah_dan_total_ukuran_per_permintaan(settings: Any) -> None:
    settings.UNGGAHAN_MAKS_BERKAS = 2
    with pytest.raises(DataTidakValid):
        periksa_semua([_berkas(f"{i}.pdf", PDF) for i in range(3)])
    settings.UNGGAHAN_MAKS_BERKAS, settings.UNGGAHAN_MAKS_TOTAL_MB = 10, 1
    setengah = PDF.replace(b"trailer", b"%" + b"a" * (600 * 1024) + b"\ntrailer")
    with pytest.raises(DataTidakValid) as info:
        periksa_semua([_berkas("a.pdf", setengah), _berkas("b.pdf", setengah)])
    assert "1 MB" in str(info.value.rincian["lampiran"][0])


def test_permintaan_yang_melebihi_batas_total_ditolak_413_sebelum_dibaca(api_client, settings, unit) -> None:
    settings.UNGGAHAN_MAKS_TOTAL_MB = 1
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    besar = PDF.replace(b"trailer", b"%" + b"a" * (2 * 1024 * 1024) + b"\ntrailer")
    respons = api_client.post(
        "/api/v1/keluhan/",
        {"kategori": "jalan-rusak", "judul": "x", "isi": "y", "lampiran": [_berkas("a.pdf", besar)]},
        format="multipart",
    )
    assert respons.status_code == 413
    assert respons.json()["galat"]["kode"] == "permintaan_terlalu_besar"
    assert not Lampiran.objects.exists() and _berkas_di_disk() == []
    # An HTML form gets a plain answer, not a stack trace.
    html = Client().post("/keluhan/baru/", {"lampiran": _berkas("a.pdf", besar)})
    assert html.status_code == 413


# --- object streams (PDF 1.5+): dictionaries compressed inside a stream ---------------------------------


def _pdf_objstm(isi: bytes, saringan: bytes = b"/FlateDecode", *, kompres: bool = True) -> bytes:
    badan = zlib.compress(isi) if kompres else isi
    kamus = b"<</Type/ObjStm/N 1/First 4/Filter" + saringan + b"/Length %d>>" % len(badan)
    objek = b"5 0 obj" + kamus + b"stream\n" + badan + b"\nendstream\nendobj\n"
    return PDF.replace(b"trailer", objek + b"trailer")


@pytest.mark.parametrize(
    ("isi", "alasan"),
    [
        (_pdf_objstm(b"6 0 <</S/JavaScript/JS(app.alert(1))>>"), "JS inside an object stream"),
        (_pdf_objstm(b"6 0 <</S/J#61vaScript/J#53(x)>>"), "hex-spelled JS inside an object stream"),
        (_pdf_objstm(b"6 0 <</Names<</EmbeddedFiles 7 0 R>>>>"), "embedded file inside an object stream"),
        (_pdf_objstm(b"x", b"/LZWDecode", kompres=False), "a filter that cannot be checked"),
        (_pdf_objstm(b"x", b"[/ASCII85Decode/FlateDecode]", kompres=False), "a filter chain"),
        (_pdf_objstm(b"\x00" * (20 * 1024 * 1024)), "a deflate bomb (20 MB of zeros in a few KB)"),
        (
            PDF.replace(
                b"trailer", b"5 0 obj<</Type/ObjStm/Filter/FlateDecode>>stream\nbukan zlib\nendstream\n"
            )
            + b"trailer",
            "a damaged object stream",
        ),
    ],
)
def test_pdf_dengan_skrip_di_aliran_objek_terkompresi_ditolak(isi: bytes, alasan: str) -> None:
    assert "surat.pdf" in _ditolak(_berkas("surat.pdf", isi, "application/pdf")), alasan


def test_pdf_dengan_aliran_objek_biasa_dan_isi_halaman_terkompresi_diterima() -> None:
    # A benign object stream is inflated and passes; a page's content stream is not searched at all.
    halaman = zlib.compress(b"BT /JS 12 Tf (Jalan Sudirman) Tj ET")
    konten = b"8 0 obj<</Filter/FlateDecode/Length %d>>stream\n" % len(halaman) + halaman + b"\nendstream\n"
    isi = _pdf_objstm(b"6 0 <</Type/Page/Parent 2 0 R>>").replace(b"trailer", konten + b"endobj\ntrailer")

    assert periksa_berkas(_berkas("surat.pdf", isi, "application/pdf")).tipe_mime == "application/pdf"
