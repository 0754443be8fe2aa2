"""Fixtures shared by the tests of this folder."""

from __future__ import annotations

from typing import Any

import pytest

from keluhan.models import KategoriKeluhan
from layanan.models import JenisLayanan
from tests.layanan.factories import buat_layanan_akta


@pytest.fixture
def akta(unit: Any) -> JenisLayanan:
    return buat_layanan_akta(unit)


@pytest.fixture
def kategori(unit: Any) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(
        kode="jalan-rusak", nama="Jalan rusak", deskripsi="Jalan berlubang atau ambles.", unit_default=unit
    )
