"""Production settings: `manage.py check --deploy` clean with the deployment's environment, and the
security headers and cookie flags on real responses.

The settings are read in fresh interpreters with the environment docker/.env.example gives (plus DEBUG=0,
as the image sets it), the way a container starts them.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.antrian.factories import PenggunaFactory

AKAR = Path(__file__).resolve().parents[2]
# Variables the developer's or CI's shell may set that a deployment's environment decides itself.
DIBUANG = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL", "PETA_UBIN_URL"}


def env_contoh() -> dict[str, str]:
    """The uncommented KEY=VALUE lines of docker/.env.example."""
    hasil = {}
    for baris in (AKAR / "docker" / ".env.example").read_text().splitlines():
        if baris and not baris.startswith("#") and "=" in baris:
            kunci, _, nilai = baris.partition("=")
            hasil[kunci.strip()] = nilai.strip()
    return hasil


def env_produksi(**tambahan: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DIBUANG and not k.startswith(("SECURE_", "CSP_"))}
    env.update(env_contoh())
    # The example's SECRET_KEY is a placeholder to replace; a real one is long and random.
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), DJANGO_SETTINGS_MODULE="config.settings")
    env.update(tambahan)
    return env


def jalankan(perintah: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, *perintah], cwd=AKAR, env=env, capture_output=True, text=True, timeout=120
    )


def pengaturan(**env: str) -> dict[str, Any]:
    """Security settings as a process started with this environment sees them."""
    nama = (
        "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD "
        "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE CONTENT_SECURITY_POLICY"
    )
    kode = (
        "import django, json; from django.conf import settings as s; django.setup(); "
        f"print(json.dumps({{k: getattr(s, k) for k in {nama.split()!r}}}))"
    )
    hasil = jalankan(["-c", kode], env)
    assert hasil.returncode == 0, hasil.stderr
    return dict(json.loads(hasil.stdout.strip().splitlines()[-1]))


# --- manage.py check --deploy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tambahan",
    [
        {},  # the bundled services: DATABASE_URL and REDIS_URL come from compose.yaml
        {"DATABASE_URL": "postgres://sigap:rahasia@db:5432/sigap", "REDIS_URL": "redis://redis:6379/0"},
    ],
    ids=["tanpa-database-url", "dengan-database-url"],
)
def test_check_deploy_bersih_dengan_lingkungan_produksi(tambahan: dict[str, str]) -> None:
    hasil = jalankan(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env_produksi(**tambahan))
    keluaran = hasil.stdout + hasil.stderr
    assert hasil.returncode == 0, keluaran
    assert "System check identified no issues (0 silenced)." in keluaran, keluaran
    assert "WARNING" not in keluaran and "?: (" not in keluaran


def test_check_deploy_gagal_bila_https_dimatikan() -> None:
    # The test above can fail: turning HTTPS off in production is reported, not silently accepted.
    hasil = jalankan(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env_produksi(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"),
    )
    assert hasil.returncode != 0
    assert "security.W004" in hasil.stderr and "security.W008" in hasil.stderr


# --- settings from the environment ----------------------------------------------------------------------


def test_produksi_mengalihkan_ke_https_dan_mengirim_hsts_setahun() -> None:
    nilai = pengaturan(**env_produksi())
    assert nilai["SECURE_SSL_REDIRECT"] is True
    assert nilai["SECURE_HSTS_SECONDS"] == 31_536_000
    assert nilai["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and nilai["SECURE_HSTS_PRELOAD"] is True
    assert nilai["SESSION_COOKIE_SECURE"] is True and nilai["CSRF_COOKIE_SECURE"] is True
    arahan = nilai["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    # Websockets to the public host, spelt out for browsers whose 'self' does not cover wss:.
    assert arahan["connect-src"] == ["'self'", "wss://sigap.tubei.go.id"]
    assert "report-uri" not in arahan


def test_pengembangan_tanpa_hsts_dan_tanpa_pengalihan() -> None:
    env = {k: v for k, v in os.environ.items() if k not in DIBUANG and not k.startswith(("SECURE_", "CSP_"))}
    nilai = pengaturan(**{**env, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert nilai["SECURE_HSTS_SECONDS"] == 0
    assert nilai["SECURE_SSL_REDIRECT"] is False


def test_server_uji_hanya_loopback_tidak_dialihkan_ke_https() -> None:
    # Browser tests and benchmarks run DEBUG=0 over plain HTTP on 127.0.0.1: no TLS to redirect to.
    nilai = pengaturan(**env_produksi(ALLOWED_HOSTS="127.0.0.1,localhost"))
    assert nilai["SECURE_SSL_REDIRECT"] is False
    assert nilai["SECURE_HSTS_SECONDS"] == 31_536_000  # sent on HTTPS responses only


def test_lingkungan_mengatur_hsts_pengalihan_dan_laporan_csp() -> None:
    nilai = pengaturan(
        **env_produksi(
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="600",
            SECURE_HSTS_PRELOAD="0",
            CSP_LAPOR_URL="https://lapor.contoh.id/csp",
            PETA_UBIN_URL="https://{s}.ubin.contoh.id/{z}/{x}/{y}.png",
        )
    )
    assert nilai["SECURE_SSL_REDIRECT"] is False
    assert nilai["SECURE_HSTS_SECONDS"] == 600 and nilai["SECURE_HSTS_PRELOAD"] is False
    arahan = nilai["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert arahan["report-uri"] == ["https://lapor.contoh.id/csp"]
    # Leaflet's {s} subdomains (a, b, c) become a CSP wildcard on that host only.
    assert arahan["img-src"] == ["'self'", "data:", "https://*.ubin.contoh.id"]


def test_tanpa_ubin_peta_gambar_hanya_dari_situs_sendiri() -> None:
    arahan = pengaturan(**env_produksi(PETA_UBIN_URL=""))["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert arahan["img-src"] == ["'self'", "data:"]


# --- headers and cookies on real responses -----------------------------------------------------------

PRODUKSI = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["sigap.tubei.go.id"],
}


@pytest.mark.django_db
@override_settings(**PRODUKSI)
def test_respons_https_membawa_semua_header_keamanan() -> None:
    respons = Client().get("/", secure=True, HTTP_HOST="sigap.tubei.go.id")
    assert respons.status_code == 200
    assert respons["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert respons["Referrer-Policy"] == "same-origin"
    assert respons["Cross-Origin-Opener-Policy"] == "same-origin"
    assert respons["X-Frame-Options"] == "DENY"
    assert respons["X-Content-Type-Options"] == "nosniff"
    fitur = respons["Permissions-Policy"]
    assert "geolocation=(self)" in fitur and "camera=()" in fitur and "microphone=()" in fitur
    csp = respons["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.django_db
@override_settings(**PRODUKSI)
def test_http_biasa_dialihkan_ke_https_tanpa_hsts() -> None:
    respons = Client().get("/lacak/", HTTP_HOST="sigap.tubei.go.id")
    assert respons.status_code == 301
    assert respons["Location"] == "https://sigap.tubei.go.id/lacak/"
    # HSTS over plain HTTP means nothing to a browser (and an attacker in the middle could strip it).
    assert "Strict-Transport-Security" not in respons


@pytest.mark.django_db
@override_settings(**PRODUKSI)
def test_probe_kesehatan_tetap_dijawab_lewat_http_biasa() -> None:
    # The container's probe calls http://127.0.0.1:8000/healthz: no redirect, no host check.
    klien = Client()
    assert klien.get("/healthz").status_code == 200
    assert klien.get("/readyz").status_code == 200


@pytest.mark.django_db
@override_settings(**PRODUKSI)
def test_kuki_sesi_dan_csrf_hanya_https_httponly_dan_samesite_lax() -> None:
    PenggunaFactory(username="rina", email="rina@contoh.id")
    klien = Client()
    halaman = klien.get("/masuk/", secure=True, HTTP_HOST="sigap.tubei.go.id")
    csrf = halaman.cookies[settings.CSRF_COOKIE_NAME]
    respons = klien.post(
        "/masuk/",
        {"username": "rina", "password": "rahasia-123"},
        secure=True,
        HTTP_HOST="sigap.tubei.go.id",
    )
    assert respons.status_code == 302, respons.content.decode()[:500]
    sesi = respons.cookies[settings.SESSION_COOKIE_NAME]
    for kuki in (sesi, csrf):
        assert kuki["secure"] is True, kuki.key
        assert kuki["httponly"] is True, kuki.key
        assert kuki["samesite"] == "Lax", kuki.key
