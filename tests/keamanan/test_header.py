"""Content-Security-Policy and inline code: every page a role reaches carries the strict policy, and its
HTML holds nothing that policy would block (so a browser enforcing it loses no behaviour or style).

An injected `<script>` or `onerror=` is then inert even if some template forgot to escape: the browser
runs only script files from this site. The browser-side check (zero violations in Chromium, pages still
working) is tests/e2e/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client, override_settings

from antrian import services
from antrian.izin import Aktor
from antrian.models import Peran
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import PenggunaFactory, buat_manajer, buat_petugas, buat_tiket
from tests.layanan.factories import buat_layanan_akta

pytestmark = pytest.mark.django_db

KETAT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def urai_csp(header: str) -> dict[str, list[str]]:
    """'a b c; d e' -> {"a": ["b", "c"], "d": ["e"]}, as a browser reads the header."""
    hasil: dict[str, list[str]] = {}
    for bagian in header.split(";"):
        kata = bagian.split()
        if kata:
            assert kata[0] not in hasil, f"directive {kata[0]} twice: browsers use the first only"
            hasil[kata[0].lower()] = kata[1:]
    return hasil


class KodeSebaris(HTMLParser):
    """Collects everything in a page that a CSP without 'unsafe-inline' blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.temuan: list[str] = []
        self._dalam_skrip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        atribut = dict(attrs)
        if tag == "script":
            jenis = (atribut.get("type") or "").lower()
            if "src" not in atribut and jenis != "application/json":
                self.temuan.append(f"inline <script type={jenis!r}>")
        if tag == "style":
            self.temuan.append("<style> block")
        for nama, nilai in attrs:
            if nama.startswith("on"):
                self.temuan.append(f"<{tag} {nama}=...> event handler")
            if nama == "style":
                self.temuan.append(f"<{tag} style={nilai!r}>")
            if nilai and re.sub(r"[\s\x00-\x1f]", "", nilai).lower().startswith("javascript:"):
                self.temuan.append(f"<{tag} {nama}={nilai!r}>")


def kode_sebaris(html: str) -> list[str]:
    pengurai = KodeSebaris()
    pengurai.feed(html)
    return pengurai.temuan


def periksa_halaman(respons: Any, alamat: str) -> None:
    assert respons.status_code == 200, f"{alamat}: {respons.status_code}"
    assert respons["Content-Type"].startswith("text/html"), alamat
    assert "Content-Security-Policy" in respons, f"{alamat} has no CSP header"
    kebijakan = urai_csp(respons["Content-Security-Policy"])
    for arahan, nilai in KETAT.items():
        assert kebijakan.get(arahan) == nilai, f"{alamat}: {arahan} {kebijakan.get(arahan)}"
    semua = " ".join(" ".join(v) for v in kebijakan.values())
    assert "'unsafe-inline'" not in semua and "'unsafe-eval'" not in semua, alamat
    assert kode_sebaris(respons.content.decode()) == [], alamat


@pytest.fixture
def dunia(unit: Any, warga: Any, petugas: Any) -> dict[str, Any]:
    """One of everything a page needs: a service, a complaint category, a citizen's and a guest's tiket
    (the officer's unit; the officer claimed the citizen's one)."""
    layanan = buat_layanan_akta(unit)
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    milik_warga = buat_tiket(unit, pemohon=warga, judul="Lampu jalan padam")
    services.tiket_ambil(tiket=milik_warga.tiket, aktor=Aktor.dari_pengguna(petugas.pengguna))
    tamu = buat_tiket(unit, judul="Sampah menumpuk")
    return {"layanan": layanan, "tiket_warga": milik_warga.tiket, "tamu": tamu}


def test_halaman_publik_memakai_csp_ketat_tanpa_kode_sebaris(client: Client, dunia: dict[str, Any]) -> None:
    kode = dunia["layanan"].kode
    tamu = dunia["tamu"]
    for alamat in [
        "/",
        "/layanan/",
        "/layanan/?q=akta",
        f"/layanan/{kode}/",
        f"/layanan/{kode}/ajukan/",  # the wizard's first step
        "/keluhan/baru/",
        "/lacak/",
        f"/lacak/{tamu.tiket.nomor}/?token={tamu.token_lacak}",
        f"/lacak/{tamu.tiket.nomor}/bagian/?token={tamu.token_lacak}",
        "/transparansi/",
        "/masuk/",
        "/daftar/",
        "/sandi/lupa/",
    ]:
        periksa_halaman(client.get(alamat, follow=True), alamat)


def test_halaman_warga_memakai_csp_ketat_tanpa_kode_sebaris(client: Client, dunia: dict[str, Any]) -> None:
    client.force_login(dunia["tiket_warga"].pemohon)
    for alamat in ["/tiket-saya/", f"/lacak/{dunia['tiket_warga'].nomor}/", "/keluhan/baru/"]:
        periksa_halaman(client.get(alamat), alamat)


def test_halaman_petugas_memakai_csp_ketat_tanpa_kode_sebaris(
    client: Client, dunia: dict[str, Any], petugas: Any
) -> None:
    client.force_login(petugas.pengguna)
    nomor = dunia["tiket_warga"].nomor
    for alamat in [
        "/petugas/",
        "/petugas/bagian/antrian/",
        "/petugas/kerja-saya/",
        f"/petugas/tiket/{nomor}/",
        f"/petugas/tiket/{nomor}/bagian/",
        "/petugas/kinerja/",
    ]:
        periksa_halaman(client.get(alamat), alamat)


def test_dasbor_dan_kinerja_memakai_csp_ketat_tanpa_kode_sebaris(
    client: Client, dunia: dict[str, Any], unit: Any
) -> None:
    for siapa in (buat_petugas(unit, peran=Peran.SUPERVISOR).pengguna, buat_manajer()):
        client.force_login(siapa)
        for alamat in ["/dasbor/", "/dasbor/kinerja/", "/dasbor/kinerja/tiket/?ukuran=masuk"]:
            periksa_halaman(client.get(alamat), alamat)


def test_halaman_admin_memakai_csp_ketat_tanpa_kode_sebaris(client: Client, dunia: dict[str, Any]) -> None:
    periksa_halaman(client.get("/admin/login/"), "/admin/login/")
    client.force_login(PenggunaFactory(is_staff=True, is_superuser=True))
    for alamat in [
        "/admin/",
        "/admin/antrian/tiket/",
        f"/admin/antrian/tiket/{dunia['tiket_warga'].pk}/change/",
        "/admin/antrian/unit/add/",
        "/admin/portal/pengguna/",
    ]:
        periksa_halaman(client.get(alamat), alamat)


def test_halaman_galat_404_juga_memakai_csp_ketat(client: Client) -> None:
    with override_settings(DEBUG=False):
        respons = client.get("/tidak-ada-halaman-ini/")
    assert respons.status_code == 404
    assert urai_csp(respons["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert kode_sebaris(respons.content.decode()) == []


def test_halaman_500_hanya_mengizinkan_blok_gayanya_sendiri_lewat_hash() -> None:
    # The 500 page is self-contained (tests/frontend/test_halaman_galat.py): its one <style> block is
    # allowed by its hash, which must be the hash of exactly the text the browser receives.
    klien = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.frontend.urls_uji", DEBUG=False):
        respons = klien.get("/uji/rusak/")
    assert respons.status_code == 500
    kebijakan = urai_csp(respons["Content-Security-Policy"])
    isi = re.search(r"<style>(.*?)</style>", respons.content.decode(), re.DOTALL)
    assert isi
    hash_isi = base64.b64encode(hashlib.sha256(isi.group(1).encode()).digest()).decode()
    assert kebijakan["style-src"] == ["'self'", f"'sha256-{hash_isi}'"]
    assert kebijakan["script-src"] == ["'self'"]


def test_skrip_dan_gaya_suntikan_di_data_pengguna_tetap_tidak_berjalan(client: Client, unit: Any) -> None:
    # An attacker's complaint title reaches the officer's and the citizen's pages: escaped by the
    # templates, and even if it were not, the policy runs no inline script and no event handler.
    jahat = buat_tiket(unit, judul='<script>alert(1)</script><img src=x onerror="alert(2)" style="x">')
    respons = client.get(f"/lacak/{jahat.tiket.nomor}/?token={jahat.token_lacak}")
    periksa_halaman(respons, "lacak (judul jahat)")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in respons.content.decode()


def test_gambar_mengizinkan_data_dan_host_ubin_peta_saja(client: Client) -> None:
    kebijakan = urai_csp(client.get("/")["Content-Security-Policy"])
    # The default tiles (OpenStreetMap); any other host is blocked.
    assert kebijakan["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert kebijakan["connect-src"][0] == "'self'"
    assert all(s.startswith(("ws://", "wss://")) for s in kebijakan["connect-src"][1:])


def test_dokumentasi_api_memakai_kebijakan_sendiri_tanpa_skrip_sebaris(client: Client) -> None:
    respons = client.get("/api/docs/")
    assert respons.status_code == 200
    kebijakan = urai_csp(respons["Content-Security-Policy"])
    html = respons.content.decode()
    # Swagger UI's template keeps one <style> block: allowed here only, by its hash; scripts stay strict.
    isi = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert isi
    hash_isi = base64.b64encode(hashlib.sha256(isi.group(1).encode()).digest()).decode()
    assert kebijakan["style-src"] == ["'self'", f"'sha256-{hash_isi}'"]
    assert kebijakan["script-src"] == ["'self'"]
    assert kode_sebaris(html) == ["<style> block"]
    skrip = re.findall(r'<script src="([^"]+)"', html)
    assert any("script" in s and s.startswith("/api/docs/?") for s in skrip), skrip
    init = client.get(skrip[-1].replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


def test_pengecualian_dokumentasi_tidak_bocor_ke_halaman_lain(client: Client) -> None:
    client.get("/api/docs/")
    for alamat in ["/", "/layanan/", "/api/schema/"]:
        respons = client.get(alamat)
        assert "sha256-" not in respons["Content-Security-Policy"], alamat
