"""The admin: organisation data is editable, tikets and their log are only visible."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antrian import kalender, services
from antrian.berkas import periksa_berkas
from antrian.models import HariLibur, Keanggotaan, Peran, Peristiwa, Petugas, Status, Tiket
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

WIB = ZoneInfo("Asia/Jakarta")


def _tiket_dikerjakan(unit, warga, petugas) -> Tiket:  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    pdf = SimpleUploadedFile(
        "surat-balasan.pdf", b"%PDF-1.4\n% contoh\n%%EOF\n", content_type="application/pdf"
    )
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(petugas), isi="Sedang kami cek.", lampiran=[periksa_berkas(pdf)]
    )
    return segarkan(tiket)


# --- changelists render, with a flat number of queries ----------------------------------------------------

DAFTAR = [
    "admin:antrian_tiket_changelist",
    "admin:antrian_peristiwa_changelist",
    "admin:antrian_tanggapan_changelist",
    "admin:antrian_lampiran_changelist",
    "admin:antrian_unit_changelist",
    "admin:antrian_petugas_changelist",
    "admin:antrian_harilibur_changelist",
    "admin:portal_pengguna_changelist",
]


def _isi(unit, unit_lain, warga, dari: int, sampai: int) -> None:  # type: ignore[no-untyped-def]
    """Officers, worked tikets (events, replies, attachments), sub-units and holidays, for each i."""
    for i in range(dari, sampai):
        petugas = buat_petugas(unit if i % 2 else unit_lain)
        _tiket_dikerjakan(petugas.unit.first(), warga, petugas)
        UnitFactory(induk=unit)
        HariLibur.objects.create(tanggal=dt.date(2030, 1, 1) + dt.timedelta(days=i), nama=f"Libur {i}")


@pytest.mark.parametrize("nama_url", DAFTAR)
def test_daftar_admin_tampil_dengan_jumlah_kueri_tetap(
    admin_client, unit, unit_lain, warga, nama_url, django_assert_max_num_queries
):
    _isi(unit, unit_lain, warga, 0, 2)
    with CaptureQueriesContext(connection) as sedikit:
        assert admin_client.get(reverse(nama_url)).status_code == 200
    _isi(unit, unit_lain, warga, 2, 8)

    with django_assert_max_num_queries(len(sedikit)):
        jawaban = admin_client.get(reverse(nama_url))

    assert jawaban.status_code == 200


def test_daftar_tiket_bisa_dicari_dengan_nomor_dan_judul(admin_client, unit, warga):
    a = buat_tiket(unit, pemohon=warga, judul="Lampu jalan mati").tiket
    b = buat_tiket(unit, pemohon=warga, judul="Sampah menumpuk").tiket
    url = reverse("admin:antrian_tiket_changelist")

    for kata, ada, tidak in [(a.nomor, a, b), ("sampah", b, a)]:
        isi = admin_client.get(url, {"q": kata}).content.decode()
        assert ada.nomor in isi
        assert tidak.nomor not in isi


def test_daftar_tiket_bisa_disaring_menurut_status(admin_client, unit, warga, petugas):
    terbuka = buat_tiket(unit, pemohon=warga).tiket
    diambil = _tiket_dikerjakan(unit, warga, petugas)

    isi = admin_client.get(
        reverse("admin:antrian_tiket_changelist"), {"status__exact": Status.DITUGASKAN}
    ).content.decode()

    assert diambil.nomor in isi
    assert terbuka.nomor not in isi


# --- tikets are read-only ---------------------------------------------------------------------------------


def test_halaman_tiket_menampilkan_semua_tanpa_tombol_simpan(admin_client, unit, warga, petugas):
    tiket = _tiket_dikerjakan(unit, warga, petugas)

    jawaban = admin_client.get(reverse("admin:antrian_tiket_change", args=[tiket.pk]))

    isi = jawaban.content.decode()
    assert jawaban.status_code == 200
    assert tiket.nomor in isi
    assert "Sedang kami cek." in isi  # the reply inline
    assert "surat-balasan.pdf" in isi  # the attachment inline
    assert 'name="_save"' not in isi
    assert 'name="status"' not in isi
    assert tiket.token_lacak_hash not in isi


def test_halaman_tiket_dengan_riwayat_panjang_tidak_menambah_kueri_per_baris(
    admin_client, unit, warga, petugas, petugas_kedua, django_assert_max_num_queries
):
    pendek = _tiket_dikerjakan(unit, warga, petugas)
    with CaptureQueriesContext(connection) as kueri_pendek:
        admin_client.get(reverse("admin:antrian_tiket_change", args=[pendek.pk]))
    panjang = _tiket_dikerjakan(unit, warga, petugas)
    for i, siapa in enumerate([warga, petugas_kedua, petugas, warga, petugas_kedua]):
        pdf = SimpleUploadedFile(f"b{i}.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        services.tiket_tanggapi(
            tiket=panjang, aktor=aktor(siapa), isi=f"Balasan {i}", lampiran=[periksa_berkas(pdf)]
        )

    with django_assert_max_num_queries(len(kueri_pendek)):
        jawaban = admin_client.get(reverse("admin:antrian_tiket_change", args=[panjang.pk]))

    assert jawaban.status_code == 200


def test_post_ke_tiket_tidak_bisa_mengubah_status(admin_client, unit, warga, petugas):
    tiket = _tiket_dikerjakan(unit, warga, petugas)

    jawaban = admin_client.post(
        reverse("admin:antrian_tiket_change", args=[tiket.pk]),
        {"status": Status.DITUTUP, "judul": "Diganti", "prioritas": 4, "_save": "Simpan"},
    )

    assert jawaban.status_code == 403
    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.judul, tersimpan.versi) == (tiket.status, tiket.judul, tiket.versi)


@pytest.mark.parametrize("halaman", ["add", "delete"])
def test_tiket_tidak_bisa_ditambah_atau_dihapus_dari_admin(admin_client, unit, warga, halaman):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    url = reverse(f"admin:antrian_tiket_{halaman}", args=[] if halaman == "add" else [tiket.pk])

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes", "judul": "x"}).status_code == 403
    assert Tiket.objects.filter(pk=tiket.pk).exists()


# --- the event log: no add, change or delete at all ---------------------------------------------------------


def test_halaman_peristiwa_hanya_dilihat(admin_client, unit, warga):
    peristiwa = Peristiwa.objects.get(tiket=buat_tiket(unit, pemohon=warga).tiket)
    url = reverse("admin:antrian_peristiwa_change", args=[peristiwa.pk])

    jawaban = admin_client.get(url)

    assert jawaban.status_code == 200
    assert 'name="_save"' not in jawaban.content.decode()


def test_post_ke_peristiwa_tidak_bisa_mengubah_isinya(admin_client, unit, warga):
    peristiwa = Peristiwa.objects.get(tiket=buat_tiket(unit, pemohon=warga).tiket)

    jawaban = admin_client.post(
        reverse("admin:antrian_peristiwa_change", args=[peristiwa.pk]),
        {"aksi": "palsu", "ke_status": Status.DITUTUP, "catatan": "disunting", "_save": "Simpan"},
    )

    assert jawaban.status_code == 403
    tersimpan = Peristiwa.objects.get(pk=peristiwa.pk)
    assert (tersimpan.aksi, tersimpan.ke_status, tersimpan.catatan) == ("ajukan", Status.DIAJUKAN, "")


@pytest.mark.parametrize("halaman", ["add", "delete"])
def test_halaman_tambah_dan_hapus_peristiwa_terlarang(admin_client, unit, warga, halaman):
    peristiwa = Peristiwa.objects.get(tiket=buat_tiket(unit, pemohon=warga).tiket)
    url = reverse(f"admin:antrian_peristiwa_{halaman}", args=[] if halaman == "add" else [peristiwa.pk])

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Peristiwa.objects.filter(pk=peristiwa.pk).exists()


def test_aksi_hapus_massal_tidak_tersedia_untuk_log(admin_client, unit, warga):
    peristiwa = Peristiwa.objects.get(tiket=buat_tiket(unit, pemohon=warga).tiket)
    url = reverse("admin:antrian_peristiwa_changelist")

    assert "delete_selected" not in admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [peristiwa.pk], "post": "yes"})

    assert Peristiwa.objects.filter(pk=peristiwa.pk).exists()


@pytest.mark.parametrize("model", ["tanggapan", "lampiran"])
def test_tanggapan_dan_lampiran_tidak_bisa_ditambah_dari_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:antrian_{model}_add")).status_code == 403


# --- holidays: the deadline cache follows the admin's edits -------------------------------------------


def _besok_kerja_dari_senin() -> dt.datetime:
    return kalender.tambah_hari_kerja(dt.datetime(2026, 7, 6, 9, tzinfo=WIB), 1)


def test_menambah_hari_libur_di_admin_langsung_dipakai_kalender(
    admin_client, django_capture_on_commit_callbacks
):
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 7)  # primes the cache

    with django_capture_on_commit_callbacks(execute=True):
        jawaban = admin_client.post(
            reverse("admin:antrian_harilibur_add"),
            {"tanggal": "2026-07-07", "nama": "Hari jadi Kabupaten", "libur": "on", "_save": "Simpan"},
        )

    assert jawaban.status_code == 302
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 8)


def test_mengubah_dan_menghapus_hari_libur_di_admin_langsung_dipakai_kalender(admin_client):
    libur = HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 8)

    admin_client.post(
        reverse("admin:antrian_harilibur_change", args=[libur.pk]),
        {"tanggal": "2026-07-07", "nama": "Batal, hari kerja", "_save": "Simpan"},  # libur unchecked
    )
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 7)

    HariLibur.objects.filter(pk=libur.pk).update(libur=True)
    kalender.hapus_cache()
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 8)
    admin_client.post(reverse("admin:antrian_harilibur_delete", args=[libur.pk]), {"post": "yes"})
    assert not HariLibur.objects.exists()
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 7)


def test_hapus_massal_hari_libur_di_admin_langsung_dipakai_kalender(admin_client):
    libur = HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 8)

    admin_client.post(
        reverse("admin:antrian_harilibur_changelist"),
        {"action": "delete_selected", "_selected_action": [libur.pk], "post": "yes"},
    )

    assert not HariLibur.objects.exists()
    assert _besok_kerja_dari_senin().date() == dt.date(2026, 7, 7)


# --- officers and accounts ----------------------------------------------------------------------------


def test_admin_membuat_petugas_dengan_keanggotaan_unit(admin_client, unit):
    pengguna = PenggunaFactory(username="siti")

    jawaban = admin_client.post(
        reverse("admin:antrian_petugas_add"),
        {
            "pengguna": pengguna.pk,
            "nip": "199001012015032001",
            "jabatan": "Verifikator",
            "kapasitas": 5,
            "aktif": "on",
            "keanggotaan-TOTAL_FORMS": "1",
            "keanggotaan-INITIAL_FORMS": "0",
            "keanggotaan-0-unit": unit.pk,
            "keanggotaan-0-peran": Peran.SUPERVISOR,
            "_save": "Simpan",
        },
    )

    assert jawaban.status_code == 302, jawaban.content.decode()[:2000]
    petugas = Petugas.objects.get(pengguna=pengguna)
    assert Keanggotaan.objects.get(petugas=petugas).peran == Peran.SUPERVISOR


def test_admin_menolak_nip_tidak_sah(admin_client):
    pengguna = PenggunaFactory()

    jawaban = admin_client.post(
        reverse("admin:antrian_petugas_add"),
        {
            "pengguna": pengguna.pk,
            "nip": "199001012015032000",  # sequence 000
            "kapasitas": 5,
            "keanggotaan-TOTAL_FORMS": "0",
            "keanggotaan-INITIAL_FORMS": "0",
        },
    )

    assert jawaban.status_code == 200
    assert not Petugas.objects.filter(pengguna=pengguna).exists()


def test_daftar_pengguna_menampilkan_nik_tersamar_saja(admin_client):
    PenggunaFactory(username="budi", nik="3201011508900001")

    isi = admin_client.get(reverse("admin:portal_pengguna_changelist")).content.decode()

    assert "3201**********01" in isi
    assert "3201011508900001" not in isi


def test_admin_menambah_pengguna_dengan_telepon_dan_email_ternormalisasi(admin_client):
    jawaban = admin_client.post(
        reverse("admin:portal_pengguna_add"),
        {
            "username": "ani",
            "email": " Ani@Contoh.ID ",
            "telepon": "0812-3456-7890",
            "nama_lengkap": "Ani Lestari",
            "usable_password": "false",
            "_save": "Simpan",
        },
    )

    assert jawaban.status_code == 302, jawaban.content.decode()[:2000]
    pengguna = Pengguna.objects.get(username="ani")
    assert (pengguna.email, pengguna.telepon) == ("ani@contoh.id", "+6281234567890")


def test_email_yang_beda_huruf_besar_kecil_ditolak_sebagai_duplikat_bukan_galat_server(admin_client):
    PenggunaFactory(username="ani", email="ani@contoh.id")

    jawaban = admin_client.post(
        reverse("admin:portal_pengguna_add"),
        {"username": "ani2", "email": "ANI@contoh.id", "usable_password": "false", "_save": "Simpan"},
    )

    assert jawaban.status_code == 200
    assert Pengguna.objects.filter(email="ani@contoh.id").count() == 1


def test_admin_menolak_nik_tidak_sah_pada_pengguna(admin_client):
    pengguna = PenggunaFactory(username="budi")
    url = reverse("admin:portal_pengguna_change", args=[pengguna.pk])
    data = {
        "username": "budi",
        "email": pengguna.email,
        "nik": "3201013102990001",  # 31 February
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00",
        "_save": "Simpan",
    }

    jawaban = admin_client.post(url, data)

    assert jawaban.status_code == 200
    assert segarkan_pengguna(pengguna).nik is None


def segarkan_pengguna(pengguna: Pengguna) -> Pengguna:
    return Pengguna.objects.get(pk=pengguna.pk)
