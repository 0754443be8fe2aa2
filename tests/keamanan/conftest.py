"""Fixtures shared by the security tests of this folder."""

from __future__ import annotations

from typing import Any

import pytest

from antrian import services as antrian_services
from antrian.models import Tiket
from keluhan.models import KategoriKeluhan
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, buat_tiket
from tests.conftest import aktor
from tests.keamanan._data_pribadi_umum import (
    EMAIL_A,
    EMAIL_B,
    NAMA_A,
    NAMA_B,
    NIK_A,
    NIK_B,
    TELEPON_A,
    TELEPON_B,
    _keluhan,
    _permohonan,
    _selesaikan_dan_tutup,
    _warga,
)
from tests.keamanan._samaran_umum import EMAIL, JUDUL, NIK, TELEPON
from tests.layanan.factories import buat_layanan_akta


@pytest.fixture
def batasi(settings):  # type: ignore[no-untyped-def]
    """Set some limits for this test: ``batasi(daftar_ip="2/1h")``."""

    def pasang(**aturan: str) -> None:
        settings.BATAS = {**settings.BATAS, **aturan}

    return pasang


# --- two citizens with a history (test_data_pribadi_*.py) ----------------------------------------------


@pytest.fixture
def warga_a(db) -> Pengguna:  # type: ignore[no-untyped-def]
    return _warga("siti", NAMA_A, EMAIL_A, TELEPON_A, NIK_A)


@pytest.fixture
def warga_b(db) -> Pengguna:  # type: ignore[no-untyped-def]
    return _warga("budi", NAMA_B, EMAIL_B, TELEPON_B, NIK_B)


@pytest.fixture
def layanan(unit):  # type: ignore[no-untyped-def]
    return buat_layanan_akta(unit)


@pytest.fixture
def kategori(unit):  # type: ignore[no-untyped-def]
    return KategoriKeluhan.objects.create(kode="jalan", nama="Jalan rusak", unit_default=unit)


@pytest.fixture
def riwayat(layanan, kategori, warga_a, warga_b, petugas) -> dict[str, list[Tiket]]:  # type: ignore[no-untyped-def]
    """Both citizens with a closed permohonan (documents, replies, survey) and a cancelled complaint."""
    hasil: dict[str, list[Tiket]] = {}
    for warga, nik, telepon in [(warga_a, NIK_A, TELEPON_A), (warga_b, NIK_B, TELEPON_B)]:
        permohonan = _permohonan(layanan, warga, nik)
        _selesaikan_dan_tutup(permohonan, warga, petugas, nik)
        keluhan = _keluhan(kategori, warga, nik, telepon)
        antrian_services.tiket_batalkan(tiket=keluhan, aktor=aktor(warga))
        hasil[warga.username] = [permohonan, keluhan]
    return hasil


# --- a citizen with a NIK, and a tiket that names it (test_samaran_*.py) ----------------------------------


@pytest.fixture
def warga_ber_nik(db):  # type: ignore[no-untyped-def]
    return PenggunaFactory(username="siti", nama_lengkap="Siti Aminah", email=EMAIL, telepon=TELEPON, nik=NIK)


@pytest.fixture
def tiket_warga(unit, warga_ber_nik) -> Tiket:  # type: ignore[no-untyped-def]
    return buat_tiket(unit, pemohon=warga_ber_nik, judul=JUDUL).tiket


@pytest.fixture
def web(client):  # type: ignore[no-untyped-def]
    def _masuk(siapa: Any) -> Any:
        client.force_login(getattr(siapa, "pengguna", siapa))
        return client

    return _masuk
