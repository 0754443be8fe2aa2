"""Accounts in a real browser: register, log out, log in again (through the shared `masuk` fixture), and
find one's tickets under "Tiket saya"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from portal.models import Pengguna
from tests.antrian.factories import buat_tiket

SANDI = "Lumbung-Padi-2026"


class _PBKDF2Ringan(PBKDF2PasswordHasher):
    iterations = 1000


def _sandi_untuk_server(pengguna: Pengguna, sandi: str) -> None:
    """The test process hashes with MD5 (tests/conftest.py), which the server's hashers do not know; a
    PBKDF2 hash (light, its iteration count travels in the hash) is one the server can check."""
    pengguna.password = _PBKDF2Ringan().encode(sandi, _PBKDF2Ringan().salt())
    pengguna.save(update_fields=["password"])


def test_daftar_keluar_masuk_lalu_melihat_tiket_saya(
    situs: str, konteks: Any, masuk: Any, potret: Any, unit: Any
) -> None:
    page = konteks("ponsel").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    page.goto(f"{situs}/daftar/")
    potret(page, "akun-daftar")

    # An invalid NIK comes back inline, the rest of the input kept.
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Email").fill("siti.aminah@contoh.id")
    page.get_by_label("Nomor ponsel").fill("0812 3456 7890")
    page.get_by_label("NIK (opsional)").fill("12345")
    page.get_by_label("Kata sandi", exact=True).fill(SANDI)
    page.get_by_label("Ulangi kata sandi").fill(SANDI)
    page.get_by_role("button", name="Buat akun").click()
    page.locator("#id_nik-galat").wait_for()
    assert page.get_by_label("Email").input_value() == "siti.aminah@contoh.id"
    assert not Pengguna.objects.filter(email="siti.aminah@contoh.id").exists()
    potret(page, "akun-daftar-galat")

    page.get_by_label("NIK (opsional)").fill("")
    page.get_by_label("Kata sandi", exact=True).fill(SANDI)
    page.get_by_label("Ulangi kata sandi").fill(SANDI)
    page.get_by_role("button", name="Buat akun").click()
    page.get_by_text("Akun Anda telah dibuat").wait_for()
    assert page.url.endswith("/tiket-saya/")
    assert page.get_by_text("Anda belum memiliki tiket.").count() == 1
    pengguna = Pengguna.objects.get(email="siti.aminah@contoh.id")

    # A tiket filed while logged in shows up under "Tiket saya" after logging in again with the phone.
    tiket = buat_tiket(unit, pemohon=pengguna, judul="Surat keterangan pindah").tiket
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Masuk").count() == 1

    masuk(page, "081234567890", SANDI)
    assert page.url.endswith("/tiket-saya/")
    baris = page.locator("table.tiket-saya tbody tr")
    assert baris.count() == 1
    assert "Surat keterangan pindah" in baris.inner_text()
    assert baris.locator(".lencana.status-diajukan").count() == 1
    potret(page, "akun-tiket-saya")

    # From the list to the tracking page, no token needed for one's own tiket.
    page.get_by_role("link", name=tiket.nomor).click()
    page.get_by_role("heading", name=f"Tiket {tiket.nomor}").wait_for()
    page.wait_for_selector('[data-keadaan-aliran="langsung"]')
    assert galat == []


def test_halaman_masuk_dan_sandi_salah(situs: str, konteks: Any, potret: Any, warga: Any) -> None:
    _sandi_untuk_server(warga, SANDI)
    page = konteks("desktop").new_page()
    page.goto(f"{situs}/masuk/")
    potret(page, "akun-masuk")
    page.get_by_label("Nama pengguna, email, atau nomor ponsel").fill(warga.email)
    page.get_by_label("Kata sandi").fill("keliru-sekali")
    page.get_by_role("button", name="Masuk").click()
    page.locator(".ringkasan-galat").wait_for()
    assert "kata sandi salah" in page.locator(".ringkasan-galat").inner_text()
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/tiket-saya/")
