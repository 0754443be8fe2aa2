"""Shared by the upload tests (test_berkas_*.py): sample files and the checks' helpers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from antrian.berkas import periksa_berkas
from antrian.exceptions import DataTidakValid

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
