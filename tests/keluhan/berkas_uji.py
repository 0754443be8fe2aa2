"""Small uploads for the keluhan tests: a real PNG and JPEG built in memory, and disguised files."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def _potongan(jenis: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + jenis + data + struct.pack(">I", zlib.crc32(jenis + data))


def png_bytes(padding: int = 0) -> bytes:
    """A valid 1x1 red PNG; `padding` appends a tEXt chunk to make it as large as a test needs."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    tambahan = _potongan(b"tEXt", b"c\x00" + b"a" * padding) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _potongan(b"IHDR", ihdr)
        + tambahan
        + _potongan(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + _potongan(b"IEND", b"")
    )


# A well-formed 1x1 JFIF (arithmetic-coded, 125 bytes): SOI, APP0, DQT, SOF9, DAC, SOS, data, EOI.
JPEG_BYTES = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb00430003020202020203020202030303030406040404040408"
    "0606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b"
    "080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9"
)


def png(nama: str = "foto.png", padding: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, png_bytes(padding), content_type="image/png")


def jpeg(nama: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, JPEG_BYTES, content_type="image/jpeg")


def menyamar(
    nama: str = "foto.png", isi: bytes = b"<html><script>alert(1)</script></html>"
) -> SimpleUploadedFile:
    """A file whose name and declared type say image but whose content is something else."""
    return SimpleUploadedFile(nama, isi, content_type="image/png")
