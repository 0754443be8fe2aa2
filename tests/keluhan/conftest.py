"""Fixtures of the keluhan tests: complaint categories."""

from __future__ import annotations

import pytest

from keluhan.models import KategoriKeluhan


@pytest.fixture
def kategori(unit):  # type: ignore[no-untyped-def]
    return KategoriKeluhan.objects.create(
        kode="jalan-rusak",
        nama="Jalan rusak",
        deskripsi="Jalan berlubang, ambles, atau rusak.",
        unit_default=unit,
        target_respons_hari=2,
    )


@pytest.fixture
def kategori_nonaktif(unit):  # type: ignore[no-untyped-def]
    return KategoriKeluhan.objects.create(kode="lama", nama="Kategori lama", unit_default=unit, aktif=False)
