"""Shared by the HTML submission tests (test_pengajuan*.py) and keamanan/test_batas_akun.py: the wizard's
data, reading a form's idempotency key, the draft's files on disk, and a complaint form's data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

from layanan.models import JenisLayanan
from tests.layanan.factories import pdf, png

DATA_AKTA = {
    "aksi": "lanjut",
    "isian_nama-anak": "Budi",
    "isian_tanggal-lahir": "2026-11-01",
    "isian_tempat": "rs",
    "isian_berat": "3.25",
}


def _kunci(respons: Any) -> str:
    cocok = re.search(r'name="kunci_idempoten" value="([^"]+)"', respons.content.decode())
    assert cocok, "the form carries no idempotency key"
    return cocok.group(1)


def _berkas_draf() -> list[Path]:
    akar = Path(settings.MEDIA_ROOT) / "draf-pengajuan"
    return sorted(akar.iterdir()) if akar.is_dir() else []


def _isi_wizard_tamu(client: Client, layanan: JenisLayanan) -> str:
    """Walk a guest through data, documents and contact; return the review page's idempotency key."""
    url = f"/layanan/{layanan.kode}/ajukan/"
    assert client.post(url + "data/", DATA_AKTA).status_code == 302
    dokumen = {"aksi": "lanjut", "dokumen_ktp": pdf("ktp.pdf"), "dokumen_kk": png("kk.png")}
    assert client.post(url + "dokumen/", dokumen).status_code == 302
    kontak = {"aksi": "lanjut", "kontak_nama": "Ani", "kontak_telepon": "0812 3456 7890"}
    assert client.post(url + "kontak/", kontak).status_code == 302
    tinjau = client.get(url + "tinjau/")
    assert tinjau.status_code == 200
    return _kunci(tinjau)


def _keluhan(kunci: str, **lain: Any) -> dict[str, Any]:
    data = {
        "kategori": "jalan-rusak",
        "judul": "Lubang di Jalan Merdeka",
        "isi": "Lubang besar di depan sekolah.",
        "alamat": "Jalan Merdeka 3",
        "lintang": "-2.5489",
        "bujur": "118.0149",
        "kontak_nama": "Sari",
        "kontak_email": "sari@contoh.id",
        "kunci_idempoten": kunci,
    }
    data.update(lain)
    return data
