"""An address no route matches: the API's house JSON error under /api/, the 404 page elsewhere."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("jalur", ["/api/v1/notifikasi/abc/dibaca/", "/api/v1/tidak-ada/", "/api/v2/"])
def test_alamat_api_yang_tidak_ada_dijawab_json_galat_rumah(client, settings, jalur):
    settings.DEBUG = False
    respons = client.get(jalur)
    assert respons.status_code == 404
    assert respons["Content-Type"] == "application/json"
    assert respons.json()["galat"]["kode"] == "tidak_ditemukan"


@pytest.mark.django_db
def test_halaman_yang_tidak_ada_tetap_halaman_404(client, settings):
    settings.DEBUG = False
    respons = client.get("/tidak-ada-halaman-ini/")
    assert respons.status_code == 404
    assert respons["Content-Type"].startswith("text/html")
    assert b"<html" in respons.content
