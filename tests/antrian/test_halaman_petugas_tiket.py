"""The officer's ticket page through the Django test client (JavaScript off, plain form posts): what it shows,
the lifecycle actions and their errors, and the live-refresh part."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from antrian import services
from antrian.models import JenisTiket, Status, Unit
from tests.antrian._halaman_petugas_umum import aktor, klien, url_aksi, url_tiket
from tests.antrian.factories import PenggunaFactory, buat_tiket, segarkan

pytestmark = pytest.mark.django_db


def test_halaman_tiket_hanya_menampilkan_aksi_yang_diizinkan(
    unit: Unit, petugas: Any, supervisor: Any
) -> None:
    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    html = klien(petugas).get(url_tiket(nomor)).content.decode()
    assert url_aksi(nomor, "ambil") in html
    assert url_aksi(nomor, "tolak") in html
    assert url_aksi(nomor, "selesaikan") not in html  # not assigned to them, not in progress
    assert url_aksi(nomor, "alihkan") not in html  # supervisors only
    assert f'data-aliran="/ws/tiket/{nomor}/"' in html
    html_sup = klien(supervisor).get(url_tiket(nomor)).content.decode()
    assert url_aksi(nomor, "alihkan") in html_sup
    assert url_aksi(nomor, "tugaskan") in html_sup
    assert 'data-buka-dialog="dialog-alihkan"' in html_sup
    assert '<dialog id="bantuan-pintasan"' in html


def test_identitas_warga_nik_disamarkan(unit: Unit, petugas: Any) -> None:
    pemohon = PenggunaFactory(nama_lengkap="Siti Aminah", nik="3201014501900001")
    baru = buat_tiket(unit, pemohon=pemohon)
    html = klien(petugas).get(url_tiket(baru.tiket.nomor)).content.decode()
    assert "Siti Aminah" in html
    assert "3201014501900001" not in html
    assert "3201**********01" in html


def test_pelapor_rahasia_tidak_pernah_tampil(unit: Unit, petugas: Any) -> None:
    pemohon = PenggunaFactory(nama_lengkap="Rahasia Sekali", nik="3201014501900002")
    baru = buat_tiket(unit, pemohon=pemohon)
    from antrian.models import Tiket

    Tiket.objects.filter(pk=baru.tiket.pk).update(identitas_rahasia=True)
    html = klien(petugas).get(url_tiket(baru.tiket.nomor)).content.decode()
    assert "Rahasia Sekali" not in html
    assert "3201" not in html.split("judul-data")[1].split("Dokumen")[0]


def test_alur_lengkap_tanpa_js_klaim_mulai_minta_kelengkapan_selesaikan(
    unit: Unit, petugas: Any, warga: Any
) -> None:
    baru = buat_tiket(unit, pemohon=warga)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    assert c.post(url_aksi(nomor, "ambil")).status_code == 303
    assert c.post(url_aksi(nomor, "mulai")).status_code == 303
    # A required message missing: the plain form page again with the inline error, 400.
    respons = c.post(url_aksi(nomor, "minta-kelengkapan"), {"pesan": "  "})
    assert respons.status_code == 400
    assert "galat-bidang" in respons.content.decode()
    assert segarkan(baru.tiket).status == Status.DIPROSES
    respons = c.post(url_aksi(nomor, "minta-kelengkapan"), {"pesan": "Mohon unggah KK."})
    assert respons.status_code == 303
    assert segarkan(baru.tiket).status == Status.MENUNGGU_WARGA
    services.tiket_lengkapi(tiket=baru.tiket, aktor=aktor(warga), pesan="Sudah saya unggah")
    respons = c.post(url_aksi(nomor, "selesaikan"), {"catatan": "Sudah ditangani."})
    assert respons.status_code == 303
    assert segarkan(baru.tiket).status == Status.SELESAI
    html = c.get(url_tiket(nomor)).content.decode()
    assert "Sudah ditangani." in html and "Sudah saya unggah" in html


def test_aksi_get_menampilkan_formulir_biasa_untuk_tanpa_js(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    respons = klien(petugas).get(url_aksi(baru.tiket.nomor, "tolak"))
    html = respons.content.decode()
    assert respons.status_code == 200
    assert 'name="alasan"' in html and 'name="catatan"' in html and "csrfmiddlewaretoken" in html


def test_selesaikan_permohonan_wajib_produk(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit, jenis=JenisTiket.PERMOHONAN)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    c.post(url_aksi(nomor, "ambil"))
    c.post(url_aksi(nomor, "mulai"))
    respons = c.post(url_aksi(nomor, "selesaikan"), {"catatan": "Selesai"})
    assert respons.status_code == 400
    assert segarkan(baru.tiket).status == Status.DIPROSES


def test_versi_basi_409_dengan_pesan(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    c.post(url_aksi(nomor, "ambil"))
    respons = c.post(url_aksi(nomor, "mulai"), {"versi": baru.tiket.versi})  # the version before the claim
    assert respons.status_code == 409
    assert segarkan(baru.tiket).status == Status.DITUGASKAN


def test_tolak_tanpa_catatan_400_dan_dengan_catatan_berhasil(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    assert c.post(url_aksi(nomor, "tolak"), {"alasan": "spam", "catatan": ""}).status_code == 400
    assert c.post(url_aksi(nomor, "tolak"), {"alasan": "bukan-alasan", "catatan": "x"}).status_code == 400
    assert c.post(url_aksi(nomor, "tolak"), {"alasan": "spam", "catatan": "Iklan"}).status_code == 303
    assert segarkan(baru.tiket).status == Status.DITOLAK


def test_petugas_biasa_tidak_bisa_mengalihkan(unit: Unit, unit_lain: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    respons = klien(petugas).post(
        url_aksi(baru.tiket.nomor, "alihkan"), {"unit": unit_lain.kode, "alasan": "x"}
    )
    assert respons.status_code == 403
    assert segarkan(baru.tiket).unit_id == unit.pk


def test_supervisor_mengalihkan_lalu_diarahkan_ke_antrian(
    unit: Unit, unit_lain: Unit, supervisor: Any
) -> None:
    baru = buat_tiket(unit)
    respons = klien(supervisor).post(
        url_aksi(baru.tiket.nomor, "alihkan"), {"unit": unit_lain.kode, "alasan": "Wewenang DPMPTSP"}
    )
    assert respons.status_code == 303
    assert respons["Location"] == reverse("antrian:petugas-antrian")
    assert segarkan(baru.tiket).unit_id == unit_lain.pk


def test_halaman_tiket_jumlah_kueri_tidak_tumbuh_dengan_linimasa(
    unit: Unit, petugas: Any, django_assert_max_num_queries: Any
) -> None:
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="pertama")
    c = klien(petugas)
    c.get(url_tiket(baru.tiket.nomor))
    with django_assert_max_num_queries(40) as sedikit:
        c.get(url_tiket(baru.tiket.nomor))
    for i in range(6):
        services.tiket_tanggapi(
            tiket=baru.tiket, aktor=aktor(petugas), isi=f"catatan {i}", internal=i % 2 == 0
        )
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        c.get(url_tiket(baru.tiket.nomor))


def test_bagian_tiket_untuk_penyegaran_langsung(unit: Unit, petugas: Any, petugas_unit_lain: Any) -> None:
    baru = buat_tiket(unit)
    alamat = reverse("antrian:petugas-bagian-tiket", kwargs={"nomor": baru.tiket.nomor})
    respons = klien(petugas).get(alamat)
    html = respons.content.decode()
    assert respons.status_code == 200
    assert html.lstrip().startswith('<div id="bagian-tiket"') and "<html" not in html
    assert klien(petugas_unit_lain).get(alamat).status_code == 403
