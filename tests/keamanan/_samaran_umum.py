"""Shared by the masking tests (test_samaran_*.py): one citizen's NIK, phone and e-mail, whole and masked, and
the checks. The fixtures (warga_ber_nik, tiket_warga, web) are in conftest.py."""

from __future__ import annotations

NIK = "3201014501900001"
NIK_SAMAR = "3201**********01"
TELEPON = "+6281234567890"
TELEPON_LOKAL = "081234567890"
TELEPON_LOKAL_SAMAR = "0812******90"
EMAIL = "siti.aminah@contoh.id"
EMAIL_SAMAR = "s***@contoh.id"
JUDUL = f"KTP hilang, NIK {NIK}, hubungi {TELEPON_LOKAL} atau {EMAIL}"

RAHASIA = (NIK, TELEPON, TELEPON_LOKAL, EMAIL)


def _tanpa_data_pribadi(teks: str) -> None:
    for nilai in RAHASIA:
        assert nilai not in teks, f"{nilai} tampil utuh"


def _tersamar(teks: str) -> None:
    _tanpa_data_pribadi(teks)
    assert NIK_SAMAR in teks
    assert TELEPON_LOKAL_SAMAR in teks
    assert EMAIL_SAMAR in teks
