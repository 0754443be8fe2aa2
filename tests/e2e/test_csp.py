"""The strict Content-Security-Policy in a real browser: Chromium reports zero violations on the main pages
of every role, and the pages still work under it — htmx search, the wizard, the lazily loaded map with its
tiles, websockets on the officer queue and the tracking page, the metrics charts, Swagger UI, the admin.

A server of its own, with a tile server configured (the shared one runs without): its host must be in
img-src. Tiles never leave the machine: Playwright answers them, after the browser's CSP check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from antrian.models import Peran
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_manajer, buat_petugas, buat_tiket
from tests.antrian.kinerja_data import isi_unit
from tests.e2e.conftest import _env_server, server_uvicorn
from tests.layanan.factories import buat_layanan_akta, png_kecil

UBIN = "https://ubin.contoh.test"

# Reported through the console, which Playwright hears across navigations.
PANTAU = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP-PELANGGARAN ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

SUNTIK = """() => new Promise((selesai) => {
  document.addEventListener("securitypolicyviolation", (e) => selesai(e.effectiveDirective), { once: true });
  const s = document.createElement("script");
  s.textContent = "window.__disuntik = 1";
  document.head.appendChild(s);
})"""


@pytest.fixture(scope="module")
def server_csp(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = _env_server()
    env.update(PETA_UBIN_URL=UBIN + "/{z}/{x}/{y}.png", MEDIA_ROOT=str(tmp_path_factory.mktemp("media-csp")))
    with server_uvicorn(env, tmp_path_factory.mktemp("server-csp"), "CSP", "/healthz") as alamat:
        yield alamat


@pytest.fixture
def situs(server_csp: str, transactional_db: None) -> str:
    return server_csp


@pytest.fixture
def halaman(konteks: Any) -> Iterator[Any]:
    """halaman(ukuran) -> (page, violations): a page whose every CSP violation and blocked load is kept."""
    dipantau: list[list[str]] = []

    def buat(ukuran: str = "desktop") -> tuple[Any, list[str]]:
        ctx = konteks(ukuran)
        ctx.add_init_script(PANTAU)
        ctx.route(
            re.compile(r"^https://ubin\.contoh\.test/"),
            lambda r: r.fulfill(body=png_kecil(), content_type="image/png"),
        )
        page = ctx.new_page()
        pelanggaran: list[str] = []
        page.on(
            "console",
            lambda m: (
                pelanggaran.append(m.text)
                if "CSP-PELANGGARAN" in m.text or "Content Security Policy" in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: pelanggaran.append(f"pageerror: {e}"))
        dipantau.append(pelanggaran)
        return page, pelanggaran

    yield buat


def masuk_dengan_kuki(page: Any, situs: str, pengguna: Any) -> None:
    """A session made by the test client, signed with the server's key: the login form is not what these
    tests are about."""
    klien = Client()
    with override_settings(SECRET_KEY=_env_server()["SECRET_KEY"]):
        klien.force_login(pengguna)
    kuki = klien.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": kuki.value, "url": situs}])


def buka(page: Any, alamat: str) -> None:
    """Open a page under the strict policy and wait for app.js. Predicates are functions: Playwright polls
    a bare expression through eval, which the policy (rightly) refuses."""
    respons = page.goto(alamat)
    assert respons is not None and respons.status == 200, alamat
    assert "script-src 'self'" in respons.headers["content-security-policy"], alamat
    page.wait_for_function("() => document.documentElement.classList.contains('js')")


def test_halaman_warga_berjalan_tanpa_pelanggaran_csp(situs: str, halaman: Any, potret: Any) -> None:
    unit = UnitFactory(kode="dukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    layanan = buat_layanan_akta(unit)
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    warga = PenggunaFactory(username="rina", nama_lengkap="Rina Wati", email="rina@contoh.id")
    milik = buat_tiket(unit, pemohon=warga, judul="Lampu jalan padam")
    page, pelanggaran = halaman("ponsel")

    # Anonymous: the home page's search filters in place (htmx) and the address follows.
    buka(page, situs + "/")
    # The monitor hears a violation: an inline script injected into the page is refused and reported.
    arahan = page.evaluate(SUNTIK)
    assert arahan == "script-src-elem" and page.evaluate("window.__disuntik") is None
    for _ in range(50):
        if any("CSP-PELANGGARAN script-src-elem inline" in p for p in pelanggaran):
            break
        page.wait_for_timeout(100)
    assert any("CSP-PELANGGARAN script-src-elem inline" in p for p in pelanggaran), pelanggaran
    pelanggaran.clear()
    page.locator("#id_q").press_sequentially("akta")
    page.wait_for_url(re.compile(r"q=akta"))
    for alamat in [
        "/layanan/",
        f"/layanan/{layanan.kode}/",
        "/lacak/",
        "/transparansi/",
        "/masuk/",
        "/daftar/",
    ]:
        buka(page, situs + alamat)
    potret(page, "csp-daftar")

    # The complaint form: the map, its stylesheet and its tiles load when asked for; a click sets the pin.
    buka(page, situs + "/keluhan/baru/")
    page.locator("[data-pilih-peta]").click()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.locator("[data-peta]").click(position={"x": 120, "y": 120})
    assert page.locator("#id_lintang").input_value() != ""
    assert page.locator("[data-peta]").evaluate("el => getComputedStyle(el).position") == "relative"
    potret(page, "csp-keluhan-peta")

    # A citizen: the wizard refuses an empty step, then moves on; the tracking page goes live.
    masuk_dengan_kuki(page, situs, warga)
    buka(page, f"{situs}/layanan/{layanan.kode}/ajukan/")
    page.wait_for_url(re.compile(r"/ajukan/data/$"))
    page.locator("button[value=lanjut]").click()
    assert page.locator(".ringkasan-galat").is_visible()
    page.get_by_label("Nama anak").fill("Budi")
    page.get_by_label("Tanggal lahir").fill("2026-11-01")
    page.get_by_label("Rumah sakit").check()
    page.locator("button[value=lanjut]").click()
    page.wait_for_url(re.compile(r"/ajukan/dokumen/$"))
    buka(page, f"{situs}/lacak/{milik.tiket.nomor}/")
    page.wait_for_selector('[data-keadaan-aliran="langsung"]', timeout=15_000)
    buka(page, situs + "/tiket-saya/")
    assert pelanggaran == []


def test_halaman_petugas_dan_manajer_berjalan_tanpa_pelanggaran_csp(
    situs: str, halaman: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="disdukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    petugas = buat_petugas(unit)
    buat_petugas(unit, peran=Peran.SUPERVISOR)
    isi_unit(unit, petugas, selesai=4, terbuka=2, ditolak=1)
    baru = buat_tiket(unit, judul="Jalan berlubang di Jl. Merdeka")
    page, pelanggaran = halaman("desktop")

    # The officer: the queue's websocket connects (connect-src 'self' covers ws: in Chromium).
    masuk_dengan_kuki(page, situs, petugas.pengguna)
    buka(page, situs + "/petugas/")
    page.wait_for_selector('[data-keadaan-aliran="langsung"]', timeout=15_000)
    potret(page, "csp-antrian")
    buka(page, f"{situs}/petugas/tiket/{baru.tiket.nomor}/")
    page.wait_for_selector('[data-keadaan-aliran="langsung"]', timeout=15_000)
    buka(page, situs + "/petugas/kinerja/")

    # The manager: the dashboard and the metrics page's charts (uPlot draws on canvases).
    page.context.clear_cookies()
    masuk_dengan_kuki(page, situs, buat_manajer())
    buka(page, situs + "/dasbor/")
    buka(page, f"{situs}/dasbor/kinerja/?unit_petugas={unit.pk}")
    for nama in ("volume", "sla"):
        page.locator(f'.grafik[data-grafik="{nama}"] canvas').first.wait_for()
    potret(page, "csp-kinerja")
    assert pelanggaran == []


def test_dokumentasi_api_dan_admin_berjalan_tanpa_pelanggaran_csp(situs: str, halaman: Any) -> None:
    page, pelanggaran = halaman("desktop")
    # Swagger UI's bundle is 1.5 MB served by the test server: more time than a portal page.
    respons = page.goto(situs + "/api/docs/", timeout=60_000)
    assert respons is not None and respons.status == 200
    # Swagger UI rendered the schema (its title, the operations) and opens an operation.
    page.locator(".swagger-ui .info .title").wait_for(timeout=30_000)
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()

    unit = UnitFactory(kode="dpupr", nama="Dinas PUPR")
    tiket = buat_tiket(unit).tiket
    admin = PenggunaFactory(is_staff=True, is_superuser=True)
    buka_admin = [
        "/admin/login/",
        "/admin/",
        "/admin/antrian/tiket/",
        f"/admin/antrian/tiket/{tiket.pk}/change/",
        "/admin/antrian/unit/add/",
    ]
    page.goto(situs + buka_admin[0])
    masuk_dengan_kuki(page, situs, admin)
    for alamat in buka_admin[1:]:
        respons = page.goto(situs + alamat)
        assert respons is not None and respons.status == 200, alamat
        assert "script-src 'self'" in respons.headers["content-security-policy"]
    # The admin's own scripts run: the change list's action checkboxes toggle the counter.
    page.goto(situs + "/admin/portal/pengguna/")
    page.locator("#action-toggle").check()
    assert page.locator(".action-counter").inner_text().startswith("1")
    assert pelanggaran == []
