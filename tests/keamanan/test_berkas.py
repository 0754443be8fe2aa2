"""Uploaded files (issue 7 item 4): what an attacker sends, what is stored, and how it is handed out.

- content decides: magic bytes and a full parse; SVG, HTML, scripts, broken and disguised files refused;
  a polyglot either refused (PDF) or reduced to its pixels (images); limits per file and per request;
- the count per tiket holds on every path, under the tiket's lock, and a refusal leaves no file behind;
- names are random, files live outside the static root and nothing routes /media/;
- downloads: only for who may see the tiket (404 that leaks nothing otherwise), always an attachment
  with nosniff, a sandbox CSP and no caching.

The full who-sees-what matrix over every endpoint lives with the authorisation tests; here the serving
views are checked for the file-specific behaviour.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import threading
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from PIL import Image

import config.settings as konfigurasi
from antrian import services
from antrian.berkas import LampiranPenuh, periksa_berkas, periksa_semua
from antrian.berkas.sapu import sapu_lampiran_yatim
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import Lampiran, Tanggapan
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import PenggunaFactory, buat_manajer, buat_petugas, buat_tiket
from tests.conftest import aktor
from tests.layanan.factories import buat_layanan_akta

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _jpeg(lebar: int = 40, tinggi: int = 30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (lebar, tinggi), (10, 120, 200)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _png(lebar: int = 40, tinggi: int = 30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (lebar, tinggi), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


def _berkas(nama: str, isi: bytes, tipe: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type=tipe)


def _ditolak(berkas: SimpleUploadedFile) -> str:
    with pytest.raises(DataTidakValid) as info:
        periksa_berkas(berkas)
    return " ".join(str(p) for pesan in info.value.rincian.values() for p in pesan)


def _berkas_di_disk() -> list[Path]:
    akar = Path(settings.MEDIA_ROOT) / "lampiran"
    return sorted(p for p in akar.rglob("*") if p.is_file()) if akar.is_dir() else []


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


# --- 2. count per tiket ------------------------------------------------------------------------------


def _pdf_teruji(n: int) -> list[Any]:
    return [periksa_berkas(_berkas(f"dok{i}.pdf", PDF, "application/pdf")) for i in range(n)]


def test_jumlah_lampiran_per_tiket_dibatasi_dan_penolakan_tidak_meninggalkan_berkas(settings, unit, warga):
    settings.UNGGAHAN_MAKS_PER_TIKET = 3
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="a", lampiran=_pdf_teruji(2))
    di_disk = _berkas_di_disk()

    with pytest.raises(LampiranPenuh) as info:
        services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="b", lampiran=_pdf_teruji(2))

    assert info.value.status_http == 409
    assert "3" in str(info.value.pesan) and "1" in str(info.value.pesan)
    assert Lampiran.objects.filter(tiket=tiket).count() == 2
    assert Tanggapan.objects.filter(tiket=tiket).count() == 1  # the reply rolled back with its files
    assert _berkas_di_disk() == di_disk
    # One more still fits.
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="c", lampiran=_pdf_teruji(1))
    assert Lampiran.objects.filter(tiket=tiket).count() == 3


def test_batas_per_tiket_lewat_api_409_dengan_pesan_jelas(settings, klien_untuk, unit, warga):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="a", lampiran=_pdf_teruji(1))
    respons = klien_untuk(warga).post(
        f"/api/v1/tiket/{tiket.nomor}/tanggapan/",
        {"isi": "lagi", "lampiran": [_berkas("b.pdf", PDF, "application/pdf")]},
        format="multipart",
    )
    assert respons.status_code == 409
    galat = respons.json()["galat"]
    assert galat["kode"] == "lampiran_penuh" and "lampiran" in galat["rincian"]
    assert Lampiran.objects.filter(tiket=tiket).count() == 1


def test_batas_per_tiket_lewat_halaman_lacak_tamu(settings, client, unit, petugas):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk), isi="a", lampiran=_pdf_teruji(1)
    )
    respons = client.post(
        f"/lacak/{baru.tiket.nomor}/aksi/tanggapan/",
        {
            "token": baru.token_lacak,
            "tanggapan-isi": "Ini lagi",
            "tanggapan-lampiran": [_berkas("b.pdf", PDF, "application/pdf")],
        },
    )
    assert respons.status_code == 409
    assert Lampiran.objects.filter(tiket=baru.tiket).count() == 1


def test_batas_per_tiket_untuk_balasan_petugas_dengan_lampiran(settings, unit, petugas):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="a", lampiran=_pdf_teruji(1))
    klien = Client()
    klien.force_login(petugas.pengguna)
    respons = klien.post(
        f"/petugas/tiket/{baru.tiket.nomor}/tanggapan/",
        {"balas-isi": "Formulir", "balas-kunci_idempoten": "k1", "balas-lampiran": [_berkas("f.pdf", PDF)]},
    )
    assert respons.status_code == 409
    # A transition with files (asking the citizen for documents) is held to the same count.
    with pytest.raises(LampiranPenuh):
        services.tiket_minta_kelengkapan(
            tiket=baru.tiket, aktor=aktor(petugas), pesan="Kirim KK", lampiran=_pdf_teruji(1)
        )
    assert Lampiran.objects.filter(tiket=baru.tiket).count() == 1
    assert len(_berkas_di_disk()) == 1


def test_pengajuan_dengan_lampiran_melebihi_batas_tiket_tidak_membuat_apa_pun(settings, api_client, unit):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    respons = api_client.post(
        "/api/v1/keluhan/",
        {
            "kategori": "jalan-rusak",
            "judul": "Jalan berlubang",
            "isi": "Lubang.",
            "kontak_nama": "Budi",
            "kontak_email": "budi@contoh.id",
            "lampiran": [_berkas("a.pdf", PDF), _berkas("b.jpg", _jpeg())],
        },
        format="multipart",
    )
    assert respons.status_code == 409
    assert not Lampiran.objects.exists() and _berkas_di_disk() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dua_unggahan_bersamaan_tidak_dapat_melewati_batas_per_tiket(settings, unit, warga):
    # A double click or two tabs: both requests pass their own checks at once; the tiket's row lock makes
    # the second count the first one's files.
    settings.UNGGAHAN_MAKS_PER_TIKET = 3
    tiket = buat_tiket(unit, pemohon=warga).tiket
    berkas = [_pdf_teruji(2), _pdf_teruji(2)]
    mulai = threading.Barrier(2)
    hasil: list[str] = []

    def unggah(daftar: list[Any]) -> None:
        try:
            mulai.wait()
            services.tiket_tanggapi(tiket=tiket.pk, aktor=aktor(warga), isi="x", lampiran=daftar)
            hasil.append("ok")
        except LampiranPenuh:
            hasil.append("penuh")
        finally:
            connection.close()

    benang = [threading.Thread(target=unggah, args=(b,)) for b in berkas]
    for b in benang:
        b.start()
    for b in benang:
        b.join(30)

    assert sorted(hasil) == ["ok", "penuh"]
    assert Lampiran.objects.filter(tiket=tiket).count() == 2
    assert len(_berkas_di_disk()) == 2


def test_berkas_dari_transaksi_yang_dibatalkan_belakangan_disapu_bila_sudah_lama(unit, warga) -> None:
    # A step after the files were written fails (here: an error raised by the caller): the rows roll
    # back, the file stays. The sweep removes it once old enough, and keeps every file a row names.
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="tetap", lampiran=_pdf_teruji(1))
    tetap = Lampiran.objects.get(tiket=tiket).berkas.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="batal", lampiran=_pdf_teruji(1))
        raise RuntimeError("a later step of the request failed")
    assert Lampiran.objects.filter(tiket=tiket).count() == 1
    yatim = [p for p in _berkas_di_disk() if not str(p).endswith(tetap)]
    assert len(yatim) == 1

    assert sapu_lampiran_yatim() == []  # too young: its transaction might still be open
    lama = yatim[0].stat().st_mtime - 2 * 86400
    for berkas in _berkas_di_disk():
        os.utime(berkas, (lama, lama))
    dihapus = sapu_lampiran_yatim(umur=dt.timedelta(days=1))

    assert [Path(settings.MEDIA_ROOT, n) for n in dihapus] == yatim
    assert [str(p) for p in _berkas_di_disk()] == [str(Path(settings.MEDIA_ROOT, tetap))]


# --- 3. names and location ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nama", ["../../etc/passwd.pdf", "KTP Siti Aminah.pdf", "<img src=x>.pdf", "a\x00b.pdf"]
)
def test_nama_berkas_di_disk_acak_dan_tidak_memuat_nama_klien(unit, warga, nama: str) -> None:
    tiket = buat_tiket(unit, pemohon=warga).tiket
    dua = [periksa_berkas(_berkas(nama, PDF)) for _ in range(2)]
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="x", lampiran=dua)

    a, b = Lampiran.objects.filter(tiket=tiket).order_by("id")
    for lampiran in (a, b):
        assert re.fullmatch(r"lampiran/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", lampiran.berkas.name)
        assert (
            Path(settings.MEDIA_ROOT, lampiran.berkas.name)
            .resolve()
            .is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        )
    assert a.berkas.name != b.berkas.name
    assert "/" not in a.nama_asli and "\x00" not in a.nama_asli


def test_berkas_draf_wizard_bernama_acak(client, unit) -> None:
    layanan = buat_layanan_akta(unit)
    url = f"/layanan/{layanan.kode}/ajukan/"
    data = {
        "aksi": "lanjut",
        "isian_nama-anak": "B",
        "isian_tanggal-lahir": "2026-11-01",
        "isian_tempat": "rs",
    }
    client.post(url + "data/", data)
    client.post(url + "dokumen/", {"aksi": "kembali", "dokumen_ktp": _berkas("ktp siti.pdf", PDF)})
    draf = list((Path(settings.MEDIA_ROOT) / "draf-pengajuan").iterdir())
    assert len(draf) == 1 and re.fullmatch(r"[0-9a-f]{32}", draf[0].name)


def test_media_root_di_luar_static_root_dan_folder_statis() -> None:
    media = Path(konfigurasi.MEDIA_ROOT).resolve()
    statis = [Path(konfigurasi.STATIC_ROOT).resolve()]
    statis += [
        Path(p if isinstance(p, str) else p[1]).resolve()
        for p in getattr(konfigurasi, "STATICFILES_DIRS", [])
    ]
    for finder in finders.get_finders():
        for penyimpanan in getattr(finder, "storages", {}).values():
            statis.append(Path(penyimpanan.location).resolve())
    assert len(statis) > 1  # the app folders were found: the check below checks something
    for folder in statis:
        assert not media.is_relative_to(folder), folder
        assert not folder.is_relative_to(media), folder


def test_alamat_media_tidak_dirutekan_dan_berkas_nyata_tetap_404(client, unit, warga) -> None:
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(warga), isi="x", lampiran=[periksa_berkas(_berkas("a.pdf", PDF))]
    )
    lampiran = Lampiran.objects.get(tiket=tiket)
    assert Path(lampiran.berkas.path).exists()

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + lampiran.berkas.name)
    assert client.get(settings.MEDIA_URL + lampiran.berkas.name).status_code == 404
    client.force_login(warga)  # not even for its owner: only the authorised view serves it
    assert client.get(settings.MEDIA_URL + lampiran.berkas.name).status_code == 404


# --- 4. serving --------------------------------------------------------------------------------------


@pytest.fixture
def tiket_berlampiran(unit, warga, petugas):  # type: ignore[no-untyped-def]
    """A citizen's tiket with a public attachment (a non-ASCII name) and an officer's internal one."""
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(
        tiket=tiket,
        aktor=aktor(warga),
        isi="KTP",
        lampiran=[periksa_berkas(_berkas('KTP "Siti" ñ №1.pdf', PDF))],
    )
    services.tiket_tanggapi(
        tiket=tiket,
        aktor=aktor(petugas),
        isi="Memo",
        internal=True,
        lampiran=[periksa_berkas(_berkas("memo.pdf", PDF))],
    )
    return (
        tiket,
        Lampiran.objects.get(tiket=tiket, internal=False),
        Lampiran.objects.get(tiket=tiket, internal=True),
    )


def _url_api(tiket: Any, lampiran: Any) -> str:
    return f"/api/v1/tiket/{tiket.nomor}/lampiran/{lampiran.pk}/"


def _url_lacak(tiket: Any, lampiran: Any) -> str:
    return f"/lacak/{tiket.nomor}/lampiran/{lampiran.pk}/"


def _klien(siapa: Any = None) -> Client:
    klien = Client()
    if siapa is not None:
        klien.force_login(getattr(siapa, "pengguna", siapa))
    return klien


@pytest.mark.parametrize("alamat", [_url_api, _url_lacak], ids=["api", "lacak"])
def test_unduhan_selalu_lampiran_dengan_header_yang_membuatnya_inert(
    tiket_berlampiran, warga, alamat
) -> None:
    tiket, publik, _internal = tiket_berlampiran
    respons = _klien(warga).get(alamat(tiket, publik))

    assert respons.status_code == 200
    assert respons.getvalue() == PDF
    assert respons["Content-Type"] == "application/pdf"
    assert respons["X-Content-Type-Options"] == "nosniff"
    csp = respons["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp
    cache = {x.strip() for x in respons["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    disposisi = respons["Content-Disposition"]
    assert disposisi.startswith("attachment;")
    # RFC 6266 / 5987: an ASCII fallback without quotes to break out of, and the exact name encoded.
    assert re.search(r'filename="[^"\\]+\.pdf";', disposisi)
    # Quotes, slashes and the like become "_" in both; the rest of the citizen's name stays as typed.
    assert "filename*=UTF-8''" + quote("KTP _Siti_ ñ №1.pdf", safe="") in disposisi


def test_tipe_mime_yang_bukan_tipe_diizinkan_disajikan_sebagai_octet_stream(tiket_berlampiran, warga) -> None:
    # Should a row ever hold another type (an old import, a manual edit), it is still no web page.
    tiket, publik, _internal = tiket_berlampiran
    Lampiran.objects.filter(pk=publik.pk).update(tipe_mime="text/html")
    respons = _klien(warga).get(_url_api(tiket, publik))
    assert respons["Content-Type"] == "application/octet-stream"
    assert respons["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "siapa",
    ["pemilik", "petugas_unit", "supervisor_unit", "manajer"],
)
def test_yang_berhak_mengunduh_lampiran_publik(tiket_berlampiran, request, siapa, supervisor) -> None:
    tiket, publik, _internal = tiket_berlampiran
    orang = {
        "pemilik": request.getfixturevalue("warga"),
        "petugas_unit": request.getfixturevalue("petugas_kedua"),
        "supervisor_unit": supervisor,
        "manajer": request.getfixturevalue("manajer"),
    }[siapa]
    assert _klien(orang).get(_url_api(tiket, publik)).status_code == 200


def test_lampiran_internal_hanya_untuk_staf(tiket_berlampiran, warga, petugas, manajer) -> None:
    tiket, _publik, internal = tiket_berlampiran
    assert _klien(petugas).get(_url_api(tiket, internal)).status_code == 200
    assert _klien(manajer).get(_url_api(tiket, internal)).status_code == 200
    assert _klien(warga).get(_url_api(tiket, internal)).status_code == 404
    assert _klien(warga).get(_url_lacak(tiket, internal)).status_code == 404


def test_yang_tidak_berhak_mendapat_404_yang_sama_dengan_lampiran_yang_tidak_ada(
    tiket_berlampiran, unit_lain, warga_lain
) -> None:
    tiket, publik, _internal = tiket_berlampiran
    tidak_ada = f"/api/v1/tiket/{tiket.nomor}/lampiran/999999/"
    for orang in (None, warga_lain, buat_petugas(unit_lain), buat_petugas(unit_lain, peran="supervisor")):
        klien = _klien(orang)
        respons = klien.get(_url_api(tiket, publik))
        assert respons.status_code == 404, orang
        assert respons.content == klien.get(tidak_ada).content
        assert "Content-Disposition" not in respons
        assert klien.get(_url_lacak(tiket, publik)).status_code == 404


def test_tamu_mengunduh_hanya_dengan_token_yang_benar(unit, petugas) -> None:
    baru = buat_tiket(unit)
    services.tiket_tanggapi(
        tiket=baru.tiket,
        aktor=Aktor.tamu(baru.tiket.pk),
        isi="Bukti",
        lampiran=[periksa_berkas(_berkas("b.pdf", PDF))],
    )
    lampiran = Lampiran.objects.get(tiket=baru.tiket)
    klien = Client()
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": baru.token_lacak}).status_code == 200
    assert klien.get(_url_api(baru.tiket, lampiran), HTTP_X_TOKEN_LACAK=baru.token_lacak).status_code == 200
    salah = baru.token_lacak[:-2] + ("aa" if not baru.token_lacak.endswith("aa") else "bb")
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": salah}).status_code == 404
    assert klien.get(_url_api(baru.tiket, lampiran), HTTP_X_TOKEN_LACAK=salah).status_code == 404
    # A token of another tiket opens nothing here.
    lain = buat_tiket(unit)
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": lain.token_lacak}).status_code == 404


def test_lampiran_tiket_lain_tidak_dapat_diambil_lewat_nomor_tiket_sendiri(
    tiket_berlampiran, warga_lain
) -> None:
    _tiket, publik, _internal = tiket_berlampiran
    milik_b = buat_tiket(_tiket.unit, pemohon=warga_lain).tiket
    assert _klien(warga_lain).get(_url_api(milik_b, publik)).status_code == 404
    assert _klien(warga_lain).get(_url_lacak(milik_b, publik)).status_code == 404


def test_berkas_yang_hilang_dari_penyimpanan_404_bukan_500(tiket_berlampiran, warga) -> None:
    tiket, publik, _internal = tiket_berlampiran
    Path(publik.berkas.path).unlink()
    assert _klien(warga).get(_url_api(tiket, publik)).status_code == 404
    assert _klien(warga).get(_url_lacak(tiket, publik)).status_code == 404


def test_pemohon_anonim_lain_tidak_dianggap_pemilik(unit) -> None:
    # Two logged-out visitors: a session without a user owns no tiket.
    pemohon: Any = PenggunaFactory()
    tiket = buat_tiket(unit, pemohon=pemohon).tiket
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(tiket.pemohon), isi="x", lampiran=[periksa_berkas(_berkas("a.pdf", PDF))]
    )
    lampiran = Lampiran.objects.get(tiket=tiket)
    assert Client().get(_url_api(tiket, lampiran)).status_code == 404


def test_manajer_tanpa_unit_bukan_petugas_tetap_bisa_melihat(tiket_berlampiran) -> None:
    tiket, publik, _internal = tiket_berlampiran
    assert _klien(buat_manajer()).get(_url_api(tiket, publik)).status_code == 200
