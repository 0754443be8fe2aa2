"""Shared by the personal-data tests (test_data_pribadi_*.py): two citizens' identities and the steps that
give them a history. The fixtures (warga_a, warga_b, layanan, kategori, riwayat) are in conftest.py."""

from __future__ import annotations

import json
from typing import Any

from antrian import services as antrian_services
from antrian.models import (
    Tiket,
)
from keluhan.services import keluhan_ajukan
from layanan.services import permohonan_ajukan
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, dokumen_akta

SANDI = "rahasia-123"
NIK_A, NIK_B = "3201014501900001", "3174025203850002"
TELEPON_A, TELEPON_B = "+6281234567890", "+6285711112222"
EMAIL_A, EMAIL_B = "siti.aminah@contoh.id", "budi.santoso@contoh.id"
NAMA_A, NAMA_B = "Siti Aminah", "Budi Santoso"
CATATAN_INTERNAL = "Catatan internal: cek ulang arsip lama"
JAWABAN_TERSEMBUNYI = "jangan-bocor"
SURVEI = {f"u{i}": 4 for i in range(1, 10)}


def _warga(username: str, nama: str, email: str, telepon: str, nik: str) -> Pengguna:
    return PenggunaFactory(username=username, nama_lengkap=nama, email=email, telepon=telepon, nik=nik)


def _permohonan(layanan: Any, warga: Pengguna, nik: str) -> Tiket:
    jawaban = {**JAWABAN_AKTA, "nama-anak": f"Anak dari NIK {nik}"}
    return permohonan_ajukan(
        layanan=layanan, aktor=aktor(warga), jawaban=jawaban, dokumen=dokumen_akta(), kontak=None
    ).tiket


def _keluhan(kategori: Any, warga: Pengguna, nik: str, telepon: str) -> Tiket:
    return keluhan_ajukan(
        kategori=kategori,
        aktor=aktor(warga),
        judul=f"Jalan rusak depan rumah {warga.nama_lengkap}",
        isi=f"Saya {warga.nama_lengkap}, NIK {nik}, hubungi {telepon.replace('+62', '0')}.",
        alamat="Jl. Melati 5",
    ).tiket


def _selesaikan_dan_tutup(tiket: Tiket, warga: Pengguna, petugas: Any, nik: str) -> None:
    """Worked to the end: a request for more, the citizen's reply, an internal note, a public reply,
    resolved, closed by the citizen, the survey answered."""
    a_petugas, a_warga = aktor(petugas), aktor(warga)
    antrian_services.tiket_ambil(tiket=tiket, aktor=a_petugas)
    antrian_services.tiket_mulai(tiket=tiket, aktor=a_petugas)
    antrian_services.tiket_minta_kelengkapan(
        tiket=tiket, aktor=a_petugas, pesan=f"Ibu {warga.nama_lengkap}, mohon kirim ulang KTP."
    )
    antrian_services.tiket_lengkapi(tiket=tiket, aktor=a_warga, pesan=f"Sudah, NIK saya {nik}.")
    antrian_services.tiket_tanggapi(tiket=tiket, aktor=a_petugas, isi=CATATAN_INTERNAL, internal=True)
    antrian_services.tiket_tanggapi(
        tiket=tiket, aktor=a_petugas, isi=f"Terima kasih Ibu {warga.nama_lengkap}."
    )
    antrian_services.tiket_selesaikan(tiket=tiket, aktor=a_petugas, catatan="Selesai", produk="Akta")
    antrian_services.tiket_tutup(tiket=tiket, aktor=a_warga)
    antrian_services.survei_isi(tiket=tiket, aktor=a_warga, jawaban=SURVEI, saran=f"Hubungi {warga.email}")


def _unduh(klien: Any, url: str = "/akun/data-saya/unduh/") -> dict[str, Any]:
    r = klien.get(url)
    assert r.status_code == 200, r.content
    assert r["Content-Disposition"].startswith("attachment;")
    assert "no-store" in r["Cache-Control"]
    return json.loads(b"".join(r.streaming_content))
