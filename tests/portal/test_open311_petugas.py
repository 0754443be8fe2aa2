"""What an Open311 app sent that the tiket does not hold reaches the officers handling it (the officer's
page and the API's `rincian.open311`), and nobody else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.rincian import rincian_tiket
from tests.portal.open311_bantu import (
    baca,
    buat_aplikasi,
    buat_kategori,
    buat_layanan_sederhana,
    data_permintaan,
)

pytestmark = pytest.mark.django_db


def _ajukan(client: Client, **ubah: str | None) -> Tiket:
    respons = client.post("/open311/v2/requests.json", data_permintaan(**ubah))
    assert respons.status_code == 201, respons.content
    return Tiket.objects.get(nomor=baca(respons, "json")[0]["service_request_id"])


def test_petugas_melihat_deskripsi_lokasi_dan_tautan_media_permohonan(client, unit, petugas):
    buat_aplikasi(nama="Lapor Lampu")
    buat_layanan_sederhana(unit)
    tiket = _ajukan(
        client,
        media_url="https://foto.contoh.id/lampu.jpg",
        address_string="Depan SDN 3",
        address_id="PJU-88",
    )
    halaman = Client()
    halaman.force_login(petugas.pengguna)

    html = halaman.get(reverse("antrian:petugas-tiket", kwargs={"nomor": tiket.nomor})).content.decode()

    assert "Lapor Lampu" in html
    assert "Lampu di depan sekolah mati." in html
    assert "Depan SDN 3" in html and "PJU-88" in html
    assert "mlat=-6.200000&amp;mlon=106.816666" in html
    assert 'href="https://foto.contoh.id/lampu.jpg" rel="noopener noreferrer nofollow"' in html


def test_rincian_open311_hanya_untuk_staf_unit(unit, petugas, petugas_unit_lain, client):
    buat_aplikasi()
    buat_layanan_sederhana(unit)
    tiket = _ajukan(client)

    staf = rincian_tiket(tiket, Aktor(pengguna=petugas.pengguna))
    assert staf["open311"]["deskripsi"] == "Lampu di depan sekolah mati."
    assert staf["open311"]["lokasi"]["lintang"] == pytest.approx(-6.2)
    assert "open311" not in rincian_tiket(tiket, Aktor(pengguna=petugas_unit_lain.pengguna))
    assert "open311" not in rincian_tiket(tiket, Aktor.tamu(tiket.pk))


def test_keluhan_rahasia_tidak_membawa_tautan_media(client, unit, petugas):
    buat_aplikasi()
    buat_kategori(unit)
    tiket = _ajukan(client, service_code="keluhan.jalan-rusak", media_url="https://foto.contoh.id/x.jpg")
    Tiket.objects.filter(pk=tiket.pk).update(identitas_rahasia=True)
    tiket = Tiket.objects.get(pk=tiket.pk)

    assert rincian_tiket(tiket, Aktor(pengguna=petugas.pengguna))["open311"]["media_url"] == ""


def test_tiket_tanpa_open311_tidak_menambah_apa_pun(unit, petugas):
    from tests.antrian.factories import buat_tiket

    tiket = buat_tiket(unit).tiket

    assert "open311" not in rincian_tiket(tiket, Aktor(pengguna=petugas.pengguna))
