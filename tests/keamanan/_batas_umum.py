"""Shared by the abuse-limit tests (test_batas_*.py): clients from a given address and the 429 checks. The
``batasi`` fixture is in conftest.py."""

from __future__ import annotations

from typing import Any

from django.test import Client

IP_A, IP_B = "203.0.113.7", "198.51.100.9"


def _klien(ip: str = IP_A) -> Client:
    return Client(REMOTE_ADDR=ip)


def _tunggu(respons: Any, paling_lama: int) -> int:
    """The response is a 429 whose Retry-After is a whole number of seconds within the window."""
    assert respons.status_code == 429, respons.content[:300]
    detik = int(respons["Retry-After"])
    assert 1 <= detik <= paling_lama
    return detik


def _galat_api(respons: Any, paling_lama: int) -> dict[str, Any]:
    detik = _tunggu(respons, paling_lama)
    galat = respons.json()["galat"]
    assert galat["kode"] == "terlalu_sering"
    assert galat["rincian"] == {"coba_lagi_detik": [str(detik)]}
    assert str(detik) in galat["pesan"]
    return galat


def _daftar_api(klien: Client, akhiran: str, email: str | None = None, **meta: Any) -> Any:
    data = {
        "nama_lengkap": "Warga Baru",
        "email": email or f"baru.{akhiran}@contoh.id",
        "password": "s4ndi-k0kOh!",
    }
    return klien.post("/api/v1/akun/daftar/", data, content_type="application/json", **meta)
