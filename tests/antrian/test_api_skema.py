"""The OpenAPI schema renders and documents every tiket endpoint; Swagger UI is served."""

from __future__ import annotations

import pytest
import yaml

from antrian.api.aksi import AKSI

pytestmark = pytest.mark.django_db


def test_skema_api_dapat_dirender_dan_memuat_semua_aksi_tiket(api_client):
    respons = api_client.get("/api/schema/")
    assert respons.status_code == 200
    skema = yaml.safe_load(respons.content)
    jalur = skema["paths"]
    assert "get" in jalur["/api/v1/antrian/"]
    assert "get" in jalur["/api/v1/tiket/{nomor}/"]
    assert not {"put", "patch", "delete", "post"} & set(jalur["/api/v1/tiket/{nomor}/"])
    for aksi in AKSI:
        operasi = jalur[f"/api/v1/tiket/{{nomor}}/{aksi.nama}/"]["post"]
        assert operasi["operationId"] == f"tiket_{aksi.nama.replace('-', '_')}"
        assert operasi["tags"]
    properti = skema["components"]["schemas"]["DetailTiketOutput"]["properties"]
    assert {"aksi_tersedia", "peristiwa", "tanggapan", "lampiran", "pemohon"} <= set(properti)


def test_swagger_ui_tersedia(api_client):
    respons = api_client.get("/api/docs/")
    assert respons.status_code == 200
    assert b"swagger" in respons.content.lower()


def test_swagger_ui_dimuat_dari_berkas_statis_sendiri_bukan_cdn(api_client):
    # The machines that serve the portal may have no internet; the docs must not depend on a CDN.
    isi = api_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in isi
    assert "cdn.jsdelivr" not in isi and "unpkg.com" not in isi
