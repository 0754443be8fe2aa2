"""Photos lose their metadata before any officer sees them (issue 7 item 4).

A phone photo says where it was taken (EXIF GPS), when, and with which device (EXIF, XMP, IPTC, comments,
PNG text chunks). The stored file is Pillow's re-encode without any of it, turned upright first; only a
reporter who chose "Sertakan lokasi dari foto" keeps the GPS block, and nothing else. The test photos are
built here with Pillow (piexif is not installed): EXIF with a GPS IFD (0x8825), XMP, an IPTC block, a
comment and, for PNG, tEXt/iTXt/zTXt chunks.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageCms, PngImagePlugin

from antrian import services
from antrian.berkas import periksa_berkas
from antrian.models import Lampiran
from keluhan.models import KategoriKeluhan, Keluhan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor
from tests.layanan.factories import buat_layanan_akta, pdf

pytestmark = pytest.mark.django_db

GPS = {1: "S", 2: (3.0, 47.0, 59.5), 3: "E", 4: (102.0, 15.0, 46.8), 5: 0, 6: 12.5}
RAHASIA = b"SerialKamera-XK9-RAHASIA"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><exif:GPSLatitude>3,47S RAHASIA-XMP</exif:GPSLatitude>'
XMP += b"</rdf:RDF></x:xmpmeta>"


def _exif(orientasi: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraX"  # Make
    exif[0x0110] = RAHASIA.decode()  # Model
    exif[0x0132] = "2026:11:28 07:31:00"  # DateTime
    exif[0x0112] = orientasi
    exif[0x8825] = GPS
    return exif


def _iptc(teks: bytes) -> bytes:
    """An APP13 segment as Photoshop writes it: one 8BIM IPTC resource holding a by-line."""
    rekaman = b"\x1c\x02\x50" + struct.pack(">H", len(teks)) + teks
    if len(rekaman) % 2:
        rekaman += b"\x00"
    sumber = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(rekaman)) + rekaman
    isi = b"Photoshop 3.0\x00" + sumber
    return b"\xff\xed" + struct.pack(">H", len(isi) + 2) + isi


def _gambar_uji(lebar: int = 80, tinggi: int = 60) -> Image.Image:
    """Blue, with a red block in the top-left corner: where it ends up shows how the photo was turned."""
    gambar = Image.new("RGB", (lebar, tinggi), (0, 0, 255))
    gambar.paste((255, 0, 0), (0, 0, lebar // 4, tinggi // 4))
    return gambar


def jpeg_bergps(orientasi: int = 1) -> bytes:
    buf = io.BytesIO()
    _gambar_uji().save(
        buf, "JPEG", quality=92, exif=_exif(orientasi), comment=b"komentar " + RAHASIA, xmp=XMP
    )
    data = buf.getvalue()
    return data[:2] + _iptc(b"Juru foto " + RAHASIA) + data[2:]


def segmen_jpeg(data: bytes) -> list[int]:
    """The marker of every segment before the image data (SOS)."""
    assert data[:2] == b"\xff\xd8"
    hasil, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, f"not a marker at {i}"
        penanda = data[i + 1]
        hasil.append(penanda)
        if penanda == 0xDA:  # start of scan: the rest is image data
            break
        i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    return hasil


def potongan_png(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    hasil, i = [], 8
    while i < len(data):
        (panjang,) = struct.unpack(">I", data[i : i + 4])
        hasil.append(data[i + 4 : i + 8])
        i += 12 + panjang
    return hasil


def _unggah(data: bytes, nama: str = "foto.jpg", **opsi: Any) -> tuple[bytes, Any]:
    teruji = periksa_berkas(SimpleUploadedFile(nama, data, content_type="image/jpeg"), **opsi)
    teruji.berkas.seek(0)
    return teruji.berkas.read(), teruji


def _merah(piksel: Any) -> bool:
    r, g, b = piksel[:3]
    return r > 180 and g < 80 and b < 80


# --- the photo itself --------------------------------------------------------------------------------


def test_foto_uji_benar_benar_membawa_gps_exif_xmp_iptc_dan_komentar() -> None:
    # Guards the test data: a stripping test on a photo without metadata could not fail.
    data = jpeg_bergps()
    gambar = Image.open(io.BytesIO(data))
    assert gambar.getexif().get_ifd(0x8825)[2] == GPS[2]
    assert {0xE1, 0xED, 0xFE} <= set(segmen_jpeg(data))
    assert RAHASIA in data and b"RAHASIA-XMP" in data


def test_jpeg_tersimpan_tanpa_exif_gps_xmp_iptc_dan_komentar() -> None:
    tersimpan, teruji = _unggah(jpeg_bergps())

    penanda = segmen_jpeg(tersimpan)
    assert 0xE1 not in penanda  # APP1: EXIF and XMP
    assert 0xED not in penanda  # APP13: IPTC
    assert 0xFE not in penanda  # COM
    assert b"Exif" not in tersimpan and b"http://ns.adobe.com/xap" not in tersimpan
    assert RAHASIA not in tersimpan and b"RAHASIA-XMP" not in tersimpan
    gambar = Image.open(io.BytesIO(tersimpan))
    assert dict(gambar.getexif()) == {}
    assert gambar.getexif().get_ifd(0x8825) == {}
    assert (teruji.tipe_mime, teruji.ukuran) == ("image/jpeg", len(tersimpan))


def test_orientasi_exif_diterapkan_ke_piksel_sebelum_tagnya_dibuang() -> None:
    # Orientation 6: the camera was turned; viewers rotate the stored pixels 90 degrees clockwise.
    tersimpan, _teruji = _unggah(jpeg_bergps(orientasi=6))
    gambar = Image.open(io.BytesIO(tersimpan)).convert("RGB")
    assert gambar.size == (60, 80)
    assert 0x0112 not in gambar.getexif()
    # The red top-left block of the sensor image is now top-right, as the reporter saw the photo.
    assert _merah(gambar.getpixel((55, 3)))
    assert not _merah(gambar.getpixel((3, 3)))


def test_jpeg_tanpa_putaran_disimpan_dengan_tabel_kuantisasi_aslinya() -> None:
    # "Keep reasonable quality": the re-encode reuses the sender's quantisation, not a fixed lower one.
    asli = jpeg_bergps()
    tersimpan, _teruji = _unggah(asli)
    baru: Any = Image.open(io.BytesIO(tersimpan))
    lama: Any = Image.open(io.BytesIO(asli))
    assert baru.quantization == lama.quantization


def test_dengan_pilihan_bagikan_lokasi_hanya_gps_yang_tetap() -> None:
    tersimpan, _teruji = _unggah(jpeg_bergps(orientasi=6), bagikan_lokasi=True)

    gambar = Image.open(io.BytesIO(tersimpan))
    exif = gambar.getexif()
    gps = exif.get_ifd(0x8825)
    assert (gps[1], gps[3]) == ("S", "E")
    assert tuple(float(x) for x in gps[2]) == GPS[2]
    assert tuple(float(x) for x in gps[4]) == GPS[4]
    # The device, the time, XMP, IPTC and the comment still go; the photo is still upright.
    assert set(exif) == {0x8825}
    assert RAHASIA not in tersimpan and b"RAHASIA-XMP" not in tersimpan and b"KameraX" not in tersimpan
    assert 0xED not in segmen_jpeg(tersimpan) and 0xFE not in segmen_jpeg(tersimpan)
    assert gambar.size == (60, 80)


def test_png_tanpa_potongan_teks_dan_exif_tetapi_profil_icc_tetap() -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "dibuat di rumah " + RAHASIA.decode())
    info.add_text("Author", "Siti", zip=True)  # zTXt
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buf = io.BytesIO()
    _gambar_uji().save(buf, "PNG", pnginfo=info, exif=_exif(), icc_profile=icc)
    asli = buf.getvalue()
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf"} <= set(potongan_png(asli))

    teruji = periksa_berkas(SimpleUploadedFile("layar.png", asli, content_type="image/png"))
    tersimpan = teruji.berkas.read()

    potongan = set(potongan_png(tersimpan))
    assert not potongan & {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
    assert RAHASIA not in tersimpan
    assert Image.open(io.BytesIO(tersimpan)).info.get("icc_profile") == icc
    assert (teruji.tipe_mime, teruji.ukuran) == ("image/png", len(tersimpan))


def test_webp_tanpa_exif_dan_xmp() -> None:
    buf = io.BytesIO()
    _gambar_uji().save(buf, "WEBP", quality=90, exif=_exif(), xmp=XMP)
    asli = buf.getvalue()
    assert b"EXIF" in asli and b"XMP " in asli

    teruji = periksa_berkas(SimpleUploadedFile("foto.webp", asli, content_type="image/webp"))
    tersimpan = teruji.berkas.read()

    assert b"EXIF" not in tersimpan and b"XMP " not in tersimpan and RAHASIA not in tersimpan
    assert Image.open(io.BytesIO(tersimpan)).format == "WEBP"
    assert (teruji.tipe_mime, teruji.ukuran) == ("image/webp", len(tersimpan))


# --- every way a photo comes in ----------------------------------------------------------------------


@pytest.fixture
def kategori(unit: Any) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)


def _keluhan_api(klien: Any, **lain: Any) -> Keluhan:
    data = {
        "kategori": "jalan-rusak",
        "judul": "Jalan berlubang",
        "isi": "Lubang besar di Jl. Merdeka.",
        "kontak_nama": "Budi",
        "kontak_email": "budi@contoh.id",
        "lampiran": [SimpleUploadedFile("lubang.jpg", jpeg_bergps(), content_type="image/jpeg")],
        **lain,
    }
    respons = klien.post("/api/v1/keluhan/", data, format="multipart")
    assert respons.status_code == 201, respons.content
    return Keluhan.objects.select_related("tiket").get(tiket__nomor=respons.json()["nomor"])


def _isi_tersimpan(lampiran: Lampiran) -> bytes:
    with lampiran.berkas.open("rb") as fh:
        data: bytes = fh.read()
    return data


def test_keluhan_lewat_api_tanpa_pilihan_menyimpan_foto_tanpa_gps(api_client, kategori, petugas):
    keluhan = _keluhan_api(api_client)

    assert keluhan.bagikan_lokasi_foto is False
    lampiran = Lampiran.objects.get(tiket=keluhan.tiket)
    tersimpan = _isi_tersimpan(lampiran)
    assert Image.open(io.BytesIO(tersimpan)).getexif().get_ifd(0x8825) == {}
    assert b"Exif" not in tersimpan
    assert lampiran.ukuran == len(tersimpan) == lampiran.berkas.size
    assert lampiran.tipe_mime == "image/jpeg"
    # What the officer downloads is that stored file.
    klien = Client()
    klien.force_login(petugas.pengguna)
    respons = klien.get(f"/api/v1/tiket/{keluhan.tiket.nomor}/lampiran/{lampiran.pk}/")
    assert respons.status_code == 200
    assert respons.getvalue() == tersimpan


def test_keluhan_lewat_api_dengan_pilihan_bagikan_lokasi_menyimpan_gps(api_client, kategori):
    keluhan = _keluhan_api(api_client, bagikan_lokasi_foto="true")

    assert keluhan.bagikan_lokasi_foto is True
    tersimpan = _isi_tersimpan(Lampiran.objects.get(tiket=keluhan.tiket))
    gps = Image.open(io.BytesIO(tersimpan)).getexif().get_ifd(0x8825)
    assert tuple(float(x) for x in gps[2]) == GPS[2]
    assert RAHASIA not in tersimpan


def test_formulir_keluhan_menawarkan_pilihan_lokasi_foto_tanpa_centang_bawaan(client, kategori):
    html = client.get("/keluhan/baru/").content.decode()
    masukan = re.search(r'<input[^>]*name="bagikan_lokasi_foto"[^>]*>', html)
    assert masukan, "the complaint form has no choice to share the photos' location"
    assert 'type="checkbox"' in masukan.group() and "checked" not in masukan.group()
    # Explained right after the upload field, before the identity choices.
    assert html.index('name="lampiran"') < masukan.start() < html.index('name="anonim"')


def test_keluhan_lewat_formulir_html_dengan_pilihan_menyimpan_gps(client, kategori):
    form = client.get("/keluhan/baru/").content.decode()
    kunci = re.search(r'name="kunci_idempoten" value="([^"]+)"', form)
    assert kunci
    data = {
        "kategori": "jalan-rusak",
        "judul": "Lubang",
        "isi": "Lubang besar.",
        "kontak_nama": "Sari",
        "kontak_email": "sari@contoh.id",
        "kunci_idempoten": kunci.group(1),
        "bagikan_lokasi_foto": "on",
        "lampiran": [SimpleUploadedFile("a.jpg", jpeg_bergps(), content_type="image/jpeg")],
    }
    assert client.post("/keluhan/baru/", data).status_code == 302
    keluhan = Keluhan.objects.get()
    assert keluhan.bagikan_lokasi_foto is True
    tersimpan = _isi_tersimpan(Lampiran.objects.get(tiket=keluhan.tiket))
    assert Image.open(io.BytesIO(tersimpan)).getexif().get_ifd(0x8825)


def test_balasan_di_halaman_lacak_menyimpan_foto_tanpa_metadata(client, unit, petugas):
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    foto = SimpleUploadedFile("foto.jpg", jpeg_bergps(), content_type="image/jpeg")
    respons = client.post(
        f"/lacak/{baru.tiket.nomor}/aksi/tanggapan/",
        {"token": baru.token_lacak, "tanggapan-isi": "Ini fotonya", "tanggapan-lampiran": [foto]},
    )
    assert respons.status_code == 303
    tersimpan = _isi_tersimpan(Lampiran.objects.get(tiket=baru.tiket))
    assert b"Exif" not in tersimpan and RAHASIA not in tersimpan


def test_dokumen_wizard_disimpan_di_draf_tanpa_metadata_dan_tidak_dikodekan_ulang_saat_kirim(client, unit):
    layanan = buat_layanan_akta(unit)
    url = f"/layanan/{layanan.kode}/ajukan/"
    data = {
        "aksi": "lanjut",
        "isian_nama-anak": "Budi",
        "isian_tanggal-lahir": "2026-11-01",
        "isian_tempat": "rs",
        "isian_berat": "3.25",
    }
    assert client.post(url + "data/", data).status_code == 302
    kk = SimpleUploadedFile("kk.jpg", jpeg_bergps(), content_type="image/jpeg")
    respons = client.post(url + "dokumen/", {"aksi": "lanjut", "dokumen_ktp": pdf(), "dokumen_kk": kk})
    assert respons.status_code == 302
    isi_draf = [p.read_bytes() for p in (Path(settings.MEDIA_ROOT) / "draf-pengajuan").iterdir()]
    foto_draf = next(x for x in isi_draf if x.startswith(b"\xff\xd8"))
    assert b"Exif" not in foto_draf and RAHASIA not in foto_draf
    kontak = {"aksi": "lanjut", "kontak_nama": "Ani", "kontak_telepon": "0812 3456 7890"}
    assert client.post(url + "kontak/", kontak).status_code == 302
    tinjau = client.get(url + "tinjau/").content.decode()
    kunci = re.search(r'name="kunci_idempoten" value="([^"]+)"', tinjau)
    assert kunci
    kirim = client.post(url + "tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci.group(1)})
    assert kirim.status_code == 302
    lampiran = Lampiran.objects.get(kode_persyaratan="kk")
    # Stored exactly as the draft held it: checked once, at upload, not re-encoded a second time.
    assert _isi_tersimpan(lampiran) == foto_draf
    assert lampiran.ukuran == len(foto_draf)
