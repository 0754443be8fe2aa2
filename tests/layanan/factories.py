"""Factories for the catalogue, and tiny real files for uploads."""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from antrian.models import Unit
from layanan.models import IsianFormulir, JenisLayanan, Persyaratan, TipeIsian
from tests.antrian.factories import UnitFactory


class JenisLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JenisLayanan

    kode = factory.Sequence(lambda n: f"layanan-{n}")
    nama = factory.Sequence(lambda n: f"Layanan {n}")
    ringkasan = "Ringkasan layanan"
    kelompok = "Kependudukan"
    unit = factory.SubFactory(UnitFactory)
    jangka_waktu_hari = 3
    biaya = Decimal(0)
    prosedur = "1. Isi formulir\n2. Unggah dokumen"
    produk = "Dokumen resmi"
    penanganan_pengaduan = "Hubungi SIGAP Tubei"
    dasar_hukum = "Perda Tubei 7/2024 tentang Administrasi Kependudukan"
    kompetensi_pelaksana = "Operator SIAK bersertifikat"


class PersyaratanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persyaratan

    layanan = factory.SubFactory(JenisLayananFactory)
    kode = factory.Sequence(lambda n: f"syarat-{n}")
    nama = factory.Sequence(lambda n: f"Syarat {n}")
    wajib = True


class IsianFormulirFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IsianFormulir

    layanan = factory.SubFactory(JenisLayananFactory)
    kode = factory.Sequence(lambda n: f"isian-{n}")
    label = factory.Sequence(lambda n: f"Isian {n}")
    tipe = TipeIsian.TEKS


def buat_layanan_akta(unit: Unit, **kwargs: object) -> JenisLayanan:
    """A birth certificate service: KTP and KK required, a supporting letter optional; a short form."""
    kwargs.setdefault("kode", "akta-kelahiran")
    kwargs.setdefault("nama", "Akta Kelahiran")
    kwargs.setdefault("jangka_waktu_hari", 5)
    kwargs.setdefault("target_respons_hari", 2)
    layanan = JenisLayananFactory(unit=unit, **kwargs)
    PersyaratanFactory(layanan=layanan, kode="ktp", nama="KTP orang tua", urutan=1)
    PersyaratanFactory(layanan=layanan, kode="kk", nama="Kartu Keluarga", urutan=2)
    PersyaratanFactory(
        layanan=layanan, kode="surat-bidan", nama="Surat keterangan lahir", wajib=False, urutan=3
    )
    IsianFormulirFactory(layanan=layanan, kode="nama-anak", label="Nama anak", wajib=True, urutan=1)
    IsianFormulirFactory(
        layanan=layanan,
        kode="tanggal-lahir",
        label="Tanggal lahir",
        tipe=TipeIsian.TANGGAL,
        wajib=True,
        urutan=2,
    )
    IsianFormulirFactory(
        layanan=layanan,
        kode="tempat",
        label="Tempat persalinan",
        tipe=TipeIsian.PILIHAN_TUNGGAL,
        pilihan=[{"kode": "rs", "label": "Rumah sakit"}, {"kode": "rumah", "label": "Rumah"}],
        urutan=3,
    )
    IsianFormulirFactory(
        layanan=layanan, kode="berat", label="Berat lahir (kg)", tipe=TipeIsian.ANGKA, urutan=4
    )
    return layanan


JAWABAN_AKTA = {"nama-anak": "Budi", "tanggal-lahir": "2026-11-01", "tempat": "rs", "berat": "3.25"}


def _chunk(jenis: bytes, isi: bytes) -> bytes:
    return struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi) & 0xFFFFFFFF)


def png_kecil() -> bytes:
    """A real 1x1 grey PNG."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + _chunk(b"IEND", b"")
    )


PDF_KECIL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(nama: str = "dokumen.pdf", isi: bytes = PDF_KECIL) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def png(nama: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, png_kecil(), content_type="image/png")


def dokumen_akta() -> dict[str, list[SimpleUploadedFile]]:
    return {"ktp": [pdf("ktp.pdf")], "kk": [png("kk.png")]}
