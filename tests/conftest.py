"""Shared fixtures: the actors of the portal and API clients.

Tests that need the real services are marked `postgres` or `redis`. They skip with a reason when the
service is not configured; with REQUIRE_SERVICES=1 (CI) such a skip is a failure instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from antrian.izin import Aktor
from antrian.models import Peran
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_manajer, buat_petugas

WAJIB_LAYANAN = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    _katalog_terjemahan_segar()
    # Real hashers cost ~1 s per user with the default iterations; tests need correctness, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests change data and read figures right after: computed metrics are not kept between reads here,
    # except in tests/antrian/test_metrik_simpan.py, which tests the store itself.
    settings.KINERJA_SIMPAN_DETIK = 0


def _katalog_terjemahan_segar() -> None:
    """Fail fast on a missing or stale .mo: without it every message would silently fall back to its
    English msgid and hundreds of tests would fail for a reason they do not name."""
    dasar = Path(settings.BASE_DIR)
    for po in sorted(dasar.glob("locale/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            nama = mo.relative_to(dasar)
            pytest.exit(
                f"{nama} tidak ada atau lebih lama dari .po-nya: jalankan `make messages`.", returncode=4
            )


def _tidak_tersedia(alasan: str) -> None:
    if WAJIB_LAYANAN:
        pytest.fail(f"REQUIRE_SERVICES=1 tetapi {alasan}")
    pytest.skip(alasan)


@pytest.fixture(autouse=True)
def _layanan_nyata(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        _tidak_tersedia("tes ini butuh PostgreSQL (setel DATABASE_URL)")
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        _tidak_tersedia("tes ini butuh Redis (setel REDIS_URL)")


@pytest.fixture(autouse=True)
def _media_sementara(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _antrean_celery_bersih():  # type: ignore[no-untyped-def]
    """With REDIS_URL the tests' commits queue real jobs (notifications) that no worker of this session
    consumes: empty the broker's queues afterwards, so CI's Redis does not collect them run after run."""
    yield
    if settings.REDIS_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        from config.celery import app

        app.control.purge()


@pytest.fixture(autouse=True)
def _cache_bersih() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def unit(db):  # type: ignore[no-untyped-def]
    return UnitFactory(kode="dukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def unit_lain(db):  # type: ignore[no-untyped-def]
    return UnitFactory(kode="dpmptsp", nama="DPMPTSP")


@pytest.fixture
def warga(db):  # type: ignore[no-untyped-def]
    return PenggunaFactory(username="warga_a", email="warga.a@contoh.id")


@pytest.fixture
def warga_lain(db):  # type: ignore[no-untyped-def]
    return PenggunaFactory(username="warga_b", email="warga.b@contoh.id")


@pytest.fixture
def petugas(unit):  # type: ignore[no-untyped-def]
    return buat_petugas(unit)


@pytest.fixture
def petugas_kedua(unit):  # type: ignore[no-untyped-def]
    return buat_petugas(unit)


@pytest.fixture
def supervisor(unit):  # type: ignore[no-untyped-def]
    return buat_petugas(unit, peran=Peran.SUPERVISOR)


@pytest.fixture
def petugas_unit_lain(unit_lain):  # type: ignore[no-untyped-def]
    return buat_petugas(unit_lain)


@pytest.fixture
def supervisor_unit_lain(unit_lain):  # type: ignore[no-untyped-def]
    return buat_petugas(unit_lain, peran=Peran.SUPERVISOR)


@pytest.fixture
def manajer(db):  # type: ignore[no-untyped-def]
    return buat_manajer()


def aktor(pengguna_atau_petugas: object) -> Aktor:
    """Aktor for a Pengguna or a Petugas."""
    pengguna = getattr(pengguna_atau_petugas, "pengguna", pengguna_atau_petugas)
    return Aktor.dari_pengguna(pengguna)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def klien_untuk():  # type: ignore[no-untyped-def]
    """klien_untuk(pengguna_atau_petugas) -> an APIClient logged in as that person."""

    def _buat(siapa: object) -> APIClient:
        klien = APIClient()
        klien.force_authenticate(user=getattr(siapa, "pengguna", siapa))
        return klien

    return _buat
