"""Browser tests: Debian's Chromium driven by Playwright, against a real ASGI server (uvicorn, HTTP and
websockets) started on a loopback port over the test database.

Run in their own pytest process (`make test` does): after Playwright, pytest-asyncio tests in the same
process fail (STACK_NOTES.md). Without Chromium they skip with a reason; with REQUIRE_BROWSER=1 (CI) a
missing browser fails instead. Screenshots land in tests/e2e/artefak/ (kept by CI as artefacts).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# pytest-django's database fixtures run inside Playwright's sync API, which keeps an event loop running.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WAJIB_PERAMBAN = os.environ.get("REQUIRE_BROWSER") == "1"
ARTEFAK = Path(settings.BASE_DIR) / "tests" / "e2e" / "artefak"
ARG_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UKURAN = {"ponsel": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 900}}


def _tunggu_menyala(proses: subprocess.Popen[bytes], url: str, log: Path, nama: str) -> None:
    """Wait (at most 30 s) until the test server answers `url` with 200; fail with its log otherwise."""
    akhir = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 — loopback http
                if r.status == 200:
                    return
        except OSError:
            pass
        if proses.poll() is not None or time.monotonic() > akhir:
            pytest.fail(f"server {nama} tidak menyala:\n{log.read_text()[-4000:]}")
        time.sleep(0.2)


@contextmanager
def server_uvicorn(env: dict[str, str], folder: Path, nama: str, jalur_sehat: str) -> Iterator[str]:
    """A uvicorn process on a free loopback port serving config.asgi (HTTP and websockets) with `env`,
    logging to `folder`/uvicorn.log: its address once `jalur_sehat` answers 200; stopped on exit, its log
    printed when it crashed or logged a traceback."""
    port = _port_bebas()
    log = folder / "uvicorn.log"
    perintah = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    with log.open("w") as keluaran:
        proses = subprocess.Popen(  # noqa: S603 — a fixed command line of our own
            [*perintah, "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=keluaran,
            stderr=subprocess.STDOUT,
        )
    alamat = f"http://127.0.0.1:{port}"
    try:
        _tunggu_menyala(proses, alamat + jalur_sehat, log, nama)
        yield alamat
    finally:
        proses.terminate()
        try:
            proses.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proses.kill()
        if proses.returncode not in (0, -15, None) or "Traceback" in log.read_text():
            print(f"--- log server {nama} ---\n{log.read_text()[-8000:]}")


@pytest.fixture(autouse=True, scope="session")
def _sandi_terbaca_server() -> None:
    """Users made by the factories must be able to log in on the server process: tests/conftest.py
    hashes with MD5 for speed, which the server's default hashers refuse."""
    settings.PASSWORD_HASHERS = ["tests.e2e.hasher.PBKDF2Cepat"]


def _tanpa_peramban(alasan: str) -> None:
    if WAJIB_PERAMBAN:
        pytest.fail(f"REQUIRE_BROWSER=1 tetapi {alasan}")
    pytest.skip(alasan)


@pytest.fixture(scope="session")
def peramban() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _tanpa_peramban(f"Chromium tidak ada di {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _tanpa_peramban("paket playwright belum terpasang (make install)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARG_CHROMIUM)
        yield browser
        browser.close()


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env_server() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    if db["ENGINE"] == "django.db.backends.sqlite3":
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER'] or 'postgres'}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "e2e-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_MANIFEST": "0",
            "STATIC_FINDERS": "1",
            "PETA_UBIN_URL": "",  # no network here: the map works without tiles
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            # The metrics page refreshes within a second of a change instead of a minute.
            "KINERJA_SEGARKAN_DETIK": "1",
            "KINERJA_SIMPAN_DETIK": "0",
        }
    )
    return env


@pytest.fixture(scope="session")
def server_e2e(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One uvicorn process for the whole session, serving HTTP and websockets from config.asgi."""
    env = _env_server()
    env["MEDIA_ROOT"] = str(tmp_path_factory.mktemp("media-e2e"))
    with server_uvicorn(env, tmp_path_factory.mktemp("server"), "e2e", "/sehat/") as alamat:
        yield alamat


@pytest.fixture
def situs(server_e2e: str, transactional_db: None) -> str:
    """The server's address, with the database committed and visible to it (transactional_db)."""
    return server_e2e


@pytest.fixture
def konteks(peramban: Any) -> Iterator[Any]:
    """A fresh browser context (its own cookies) in Indonesian, on a phone-sized screen by default."""
    dibuat: list[Any] = []

    def buat(ukuran: str = "ponsel", **opsi: Any) -> Any:
        ctx = peramban.new_context(viewport=UKURAN[ukuran], locale="id-ID", **opsi)
        ctx.set_default_timeout(10_000)
        dibuat.append(ctx)
        return ctx

    yield buat
    for ctx in dibuat:
        ctx.close()


@pytest.fixture
def masuk(situs: str) -> Any:
    """Log a page in through the login form."""

    def _masuk(page: Any, nama: str, sandi: str = "rahasia-123") -> None:
        page.goto(f"{situs}/masuk/")
        page.get_by_label("Nama pengguna, email, atau nomor ponsel").fill(nama)
        page.get_by_label("Kata sandi").fill(sandi)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()

    return _masuk


@pytest.fixture
def potret() -> Any:
    """Save a full-page screenshot at phone and desktop widths as a test artefact."""
    ARTEFAK.mkdir(parents=True, exist_ok=True)

    def _potret(page: Any, nama: str) -> None:
        asal = page.viewport_size
        for label, ukuran in UKURAN.items():
            page.set_viewport_size(ukuran)
            page.screenshot(path=str(ARTEFAK / f"{nama}-{label}.png"), full_page=True)
        if asal:
            page.set_viewport_size(asal)

    return _potret


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Keep only this run's artefacts' folder tidy: nothing to do when the folder was never made.
    if ARTEFAK.exists() and not any(ARTEFAK.iterdir()):
        shutil.rmtree(ARTEFAK)
