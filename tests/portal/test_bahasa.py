from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_portal_berbahasa_indonesia_walau_peramban_meminta_bahasa_inggris(client):
    respons = client.get("/api/v1/antrian/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert respons.json()["galat"]["pesan"] == "Silakan masuk terlebih dahulu."
    assert respons["Content-Language"] == "id"


def test_pilihan_bahasa_inggris_lewat_cookie_dihormati(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    respons = client.get("/api/v1/antrian/")
    assert respons.json()["galat"]["pesan"] == "Please log in first."


def test_cookie_bahasa_yang_tidak_dikenal_diabaikan(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    respons = client.get("/api/v1/antrian/")
    assert respons.json()["galat"]["pesan"] == "Silakan masuk terlebih dahulu."
