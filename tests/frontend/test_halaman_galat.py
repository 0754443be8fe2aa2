"""Friendly error pages (400, 403, 404, 500) and the expired-form page, with DEBUG off as in production."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.frontend.urls_uji")]


@pytest.fixture(autouse=True)
def _produksi(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False


def t(msgid: str) -> str:
    """The page's text as the Indonesian catalogue has it (UI text is written with English msgids)."""
    with translation.override("id"):
        return gettext(msgid)


def test_404_halaman_ramah_dalam_bahasa_indonesia(client):
    respons = client.get("/tidak-ada-di-sini/")
    assert respons.status_code == 404
    html = respons.content.decode()
    assert '<html lang="id">' in html
    assert t("Page not found") in html
    assert 'href="/lacak/"' in html
    # The portal's frame: navigation and styles come with it.
    assert "frontend/gaya.css" in html
    assert "Traceback" not in html


def test_403_menampilkan_alasan_dan_tautan_masuk_untuk_tamu(client):
    respons = client.get("/uji/dilarang/")
    assert respons.status_code == 403
    html = respons.content.decode()
    assert t("Access denied") in html
    assert "Tiket ini milik unit lain." in html
    assert 'href="/masuk/?next=/uji/dilarang/"' in html


def test_403_tanpa_pesan_untuk_pengguna_yang_sudah_masuk(client, warga):
    client.force_login(warga)
    respons = client.get("/uji/dilarang-polos/")
    assert respons.status_code == 403
    html = respons.content.decode()
    assert t("Access denied") in html
    assert "/masuk/?next=" not in html
    assert "<p><strong></strong></p>" not in html


def test_400_untuk_permintaan_mencurigakan(client):
    respons = client.get("/uji/mencurigakan/")
    assert respons.status_code == 400
    assert t("The request cannot be processed") in respons.content.decode()


def test_400_untuk_host_tak_dikenal(client):
    respons = client.get("/", HTTP_HOST="jahat.contoh")
    assert respons.status_code == 400
    assert t("The request cannot be processed") in respons.content.decode()


def test_500_halaman_statis_tanpa_jejak_galat():
    klien = Client(raise_request_exception=False)
    respons = klien.get("/uji/rusak/")
    assert respons.status_code == 500
    html = respons.content.decode()
    assert t("Something went wrong on our side") in html
    assert 'href="/"' in html
    assert "RuntimeError" not in html and "bug" not in html


def test_500_dirender_tanpa_request_dan_tanpa_basis_data(django_assert_num_queries):
    # Django's server_error renders it with no request and no context processors; the database may be
    # what failed, so the page must not touch it.
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert t("Something went wrong on our side") in html
    assert "<style>" in html
    assert "/static/" not in html


def test_formulir_kedaluwarsa_saat_token_csrf_salah(client):
    klien = Client(enforce_csrf_checks=True)
    klien.get("/")  # the portal sets its CSRF cookie
    assert "csrftoken" in klien.cookies
    respons = klien.post("/dasbor/", {"csrfmiddlewaretoken": "x" * 64})
    assert respons.status_code == 403
    html = respons.content.decode()
    assert t("The form has expired") in html
    assert t("Reload the page, fill in the form again and send it.") in html
    assert 'href="/dasbor/"' in html
    assert (
        t("Your browser did not send this site's cookie: allow cookies for this site, then try again.")
        not in html
    )
    assert "incorrect" not in html  # the technical reason stays in the log


def test_formulir_kedaluwarsa_menyebut_kuki_bila_kuki_tidak_dikirim():
    klien = Client(enforce_csrf_checks=True)
    respons = klien.post("/keluar/")
    assert respons.status_code == 403
    html = respons.content.decode()
    assert t("The form has expired") in html
    assert (
        t("Your browser did not send this site's cookie: allow cookies for this site, then try again.")
        in html
    )


def test_formulir_kedaluwarsa_lewat_htmx_menjadi_toast():
    klien = Client(enforce_csrf_checks=True)
    respons = klien.post("/dasbor/", HTTP_HX_REQUEST="true")
    assert respons.status_code == 403
    assert respons["HX-Retarget"] == "#toast"
    assert respons["HX-Reswap"] == "beforeend"
    html = respons.content.decode()
    assert html.startswith('<div class="toast toast-galat" role="alert">')
    assert t("The form has expired. Reload the page and try again.") in html
    assert "<html" not in html
