"""Files sent with a transition (the officer's request for missing items, the citizen's answer, the
completion) belong to that transition's event: the timeline shows each event with its files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antrian import services
from antrian.berkas import BerkasTeruji, periksa_berkas
from antrian.izin import Aktor
from antrian.models import Peristiwa, Tanggapan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _pdf(nama: str) -> BerkasTeruji:
    return periksa_berkas(SimpleUploadedFile(nama, PDF, content_type="application/pdf"))


def test_peristiwa_transisi_menyebut_tanggapan_dan_lampirannya(unit, petugas):
    baru = buat_tiket(unit)
    t = baru.tiket
    services.tiket_ambil(tiket=t, aktor=aktor(petugas))
    services.tiket_mulai(tiket=t, aktor=aktor(petugas))
    services.tiket_minta_kelengkapan(
        tiket=t, aktor=aktor(petugas), pesan="Kirim foto", lampiran=[_pdf("contoh.pdf")]
    )
    services.tiket_lengkapi(tiket=t, aktor=Aktor.tamu(t.pk), pesan="Ini", lampiran=[_pdf("foto.pdf")])

    for aksi, nama, dari_petugas in [
        ("minta_kelengkapan", "contoh.pdf", True),
        ("lengkapi", "foto.pdf", False),
    ]:
        peristiwa = Peristiwa.objects.get(tiket=t, aksi=aksi)
        tanggapan = Tanggapan.objects.get(pk=peristiwa.data["tanggapan"])
        assert peristiwa.data["dari_petugas"] is dari_petugas
        assert [x.nama_asli for x in tanggapan.lampiran.all()] == [nama]
