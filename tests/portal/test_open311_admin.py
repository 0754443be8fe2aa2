"""Open311 keys in the admin (issued once, stored hashed, revocable) and the demo's client app."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from portal.models import AplikasiOpen311
from tests.portal.open311_bantu import buat_layanan_sederhana, data_permintaan

pytestmark = pytest.mark.django_db


def test_admin_menerbitkan_kunci_sekali_dan_menyimpan_hash_saja(admin_client, unit):
    buat_layanan_sederhana(unit)
    respons = admin_client.post(
        "/admin/portal/aplikasiopen311/add/",
        {"nama": "Aplikasi Kecamatan", "kontak": "it@kecamatan.id", "aktif": "on", "batas_per_menit": "30"},
        follow=True,
    )
    assert respons.status_code == 200
    halaman = respons.content.decode()
    [kunci] = re.findall(r"o311_[\w-]{20,}", halaman)
    aplikasi = AplikasiOpen311.objects.get()
    assert aplikasi.kunci_hash == AplikasiOpen311.hash_kunci(kunci)
    assert aplikasi.awalan == kunci[:8] and aplikasi.batas_per_menit == 30
    # Never readable again: not on the change page, not in the list.
    for url in ("/admin/portal/aplikasiopen311/", f"/admin/portal/aplikasiopen311/{aplikasi.pk}/change/"):
        assert kunci not in admin_client.get(url).content.decode()
    assert admin_client.post("/open311/v2/requests.json", data_permintaan(api_key=kunci)).status_code == 201


def test_admin_mencabut_kunci(admin_client, unit):
    buat_layanan_sederhana(unit)
    aplikasi = AplikasiOpen311(nama="Lama", kontak="x@contoh.id")
    kunci = aplikasi.kunci_baru()
    aplikasi.save()
    respons = admin_client.post(
        "/admin/portal/aplikasiopen311/",
        {"action": "cabut", "_selected_action": [aplikasi.pk]},
    )
    assert respons.status_code == 302
    aplikasi.refresh_from_db()
    assert not aplikasi.aktif
    assert admin_client.post("/open311/v2/requests.json", data_permintaan(api_key=kunci)).status_code == 403


def test_demo_membuat_satu_aplikasi_dengan_kunci_demo(client):
    call_command("muat_demo")
    call_command("muat_demo")
    aplikasi = AplikasiOpen311.objects.get()
    assert aplikasi.kunci_hash == AplikasiOpen311.hash_kunci("demo-open311-key")
    respons = client.get("/open311/v2/services.json", {"api_key": "demo-open311-key"})
    assert respons.status_code == 200
    kategori = next(s["service_code"] for s in respons.json() if s["service_code"].startswith("keluhan."))
    data = data_permintaan(api_key="demo-open311-key", service_code=kategori, lat=None, long=None)
    data["address_string"] = "Jl. Merdeka 1, Tubei"
    respons = client.post("/open311/v2/requests.json", data)
    assert respons.status_code == 201, respons.content
    assert aplikasi.permintaan.count() == 1


def test_tanpa_data_demo_kunci_demo_tidak_berlaku(client, db):
    respons = client.get("/open311/v2/services.json", {"api_key": "demo-open311-key"})
    assert respons.status_code == 403
