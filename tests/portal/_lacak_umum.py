"""Shared by the tracking page tests (test_lacak.py, test_lacak_aksi.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from antrian import services
from tests.conftest import aktor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(nama: str = "akta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, PDF, content_type="application/pdf")


def _menunggu_warga(baru, petugas, pesan="Mohon kirim foto KTP"):  # type: ignore[no-untyped-def]
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_mulai(tiket=baru.tiket, aktor=a)
    services.tiket_minta_kelengkapan(tiket=baru.tiket, aktor=a, pesan=pesan)
    return baru


def _url(nomor: object, akhir: str = "") -> str:
    return f"/lacak/{nomor}/{akhir}"
