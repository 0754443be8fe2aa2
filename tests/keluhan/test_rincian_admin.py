"""The keluhan's detail provider for the tiket API; the admin: categories editable, complaints read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from antrian.models import AksesIdentitas
from antrian.rincian import rincian_tiket
from antrian.services import Kontak
from keluhan.models import KategoriKeluhan, Keluhan
from keluhan.services import keluhan_ajukan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


def _keluhan(kategori, pelapor, **kwargs):  # type: ignore[no-untyped-def]
    return keluhan_ajukan(
        kategori=kategori,
        aktor=aktor(pelapor),
        judul="Sampah menumpuk",
        isi="Sudah tiga hari tidak diangkut.",
        **kwargs,
    )


def test_rincian_tiket_keluhan_memuat_kategori_isi_dan_lokasi(kategori, warga, petugas):
    baru = _keluhan(kategori, warga, lintang="-3.8", bujur="102.265", alamat="Pasar Atas", rahasia=True)

    rincian = rincian_tiket(baru.tiket, aktor(petugas))

    assert rincian == {
        "kategori": {"kode": "jalan-rusak", "nama": "Jalan rusak"},
        "judul": "Sampah menumpuk",
        "isi": "Sudah tiga hari tidak diangkut.",
        "lokasi": {"lintang": -3.8, "bujur": 102.265, "alamat": "Pasar Atas"},
        "anonim": False,
        "rahasia": True,
    }


def test_rincian_tanpa_lokasi_berisi_null(kategori, warga, petugas):
    baru = _keluhan(kategori, warga)

    assert rincian_tiket(baru.tiket, aktor(petugas))["lokasi"] == {
        "lintang": None,
        "bujur": None,
        "alamat": "",
    }


def test_rincian_tiket_tanpa_baris_keluhan_kosong(unit, warga, petugas):
    baru = buat_tiket(unit, pemohon=warga)

    assert rincian_tiket(baru.tiket, aktor(petugas)) == {}


# --- admin ---------------------------------------------------------------------------------------------


def test_admin_dapat_menambah_kategori_keluhan(admin_client, unit):
    respons = admin_client.post(
        reverse("admin:keluhan_kategorikeluhan_add"),
        {
            "kode": "air-bersih",
            "nama": "Air bersih",
            "deskripsi": "",
            "unit_default": unit.pk,
            "aktif": "on",
            "urutan": 3,
            "target_respons_hari": 2,
        },
    )

    assert respons.status_code == 302, respons.content
    assert KategoriKeluhan.objects.get(kode="air-bersih").target_respons_hari == 2


def test_admin_tidak_dapat_menyetel_target_respons_melebihi_tenggat_tindak_lanjut(admin_client, unit):
    respons = admin_client.post(
        reverse("admin:keluhan_kategorikeluhan_add"),
        {"kode": "x", "nama": "X", "unit_default": unit.pk, "urutan": 0, "target_respons_hari": 6},
    )

    assert respons.status_code == 200
    assert not KategoriKeluhan.objects.filter(kode="x").exists()


def test_admin_melihat_identitas_keluhan_rahasia_hanya_lewat_pembukaan_tercatat_dan_tidak_dapat_mengubahnya(
    admin_client, kategori, warga
):
    baru = _keluhan(kategori, warga, rahasia=True)
    keluhan = Keluhan.objects.get(tiket=baru.tiket)
    url = reverse("admin:keluhan_keluhan_change", args=[keluhan.pk])

    halaman = admin_client.get(url)
    buka = admin_client.post(
        reverse("admin:antrian_tiket_identitas", args=[baru.tiket.pk]), {"alasan": "permintaan penyidik"}
    )
    ubah = admin_client.post(url, {"judul": "Diubah admin"})

    assert halaman.status_code == 200
    assert warga.email not in halaman.content.decode()
    assert buka.status_code == 200
    assert warga.email in buka.content.decode()
    assert AksesIdentitas.objects.filter(tiket=baru.tiket).count() == 1
    assert ubah.status_code == 403
    assert Keluhan.objects.get(pk=keluhan.pk).judul == "Sampah menumpuk"


def test_admin_melihat_keluhan_anonim_tanpa_identitas(admin_client, kategori, warga):
    baru = _keluhan(kategori, warga, anonim=True, kontak=Kontak(nama="Warga A", email="rahasia@contoh.id"))
    keluhan = Keluhan.objects.get(tiket=baru.tiket)

    halaman = admin_client.get(reverse("admin:keluhan_keluhan_change", args=[keluhan.pk]))

    assert halaman.status_code == 200
    isi = halaman.content.decode()
    assert warga.email not in isi and "rahasia@contoh.id" not in isi


def test_admin_tidak_dapat_menambah_atau_menghapus_keluhan(admin_client, kategori, warga):
    baru = _keluhan(kategori, warga)
    keluhan = Keluhan.objects.get(tiket=baru.tiket)

    assert admin_client.get(reverse("admin:keluhan_keluhan_add")).status_code == 403
    assert admin_client.post(reverse("admin:keluhan_keluhan_delete", args=[keluhan.pk])).status_code == 403
    assert Keluhan.objects.filter(pk=keluhan.pk).exists()


def test_daftar_keluhan_di_admin_jumlah_kueri_tetap(
    admin_client, kategori, warga, django_assert_max_num_queries
):
    url = reverse("admin:keluhan_keluhan_changelist")
    _keluhan(kategori, warga)
    with django_assert_max_num_queries(12) as awal:
        assert admin_client.get(url).status_code == 200
    for _ in range(8):
        _keluhan(kategori, warga)

    with django_assert_max_num_queries(len(awal.captured_queries)):
        assert admin_client.get(url).status_code == 200
