"""The officer's workspace through the Django test client (JavaScript off, plain form posts): who may enter,
the queue and its filters, claiming, bulk actions and "my work"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from antrian import services
from antrian.models import Peran, Status, StrategiPenugasan, Tanggapan, Unit
from tests.antrian._halaman_petugas_umum import aktor, klien, url_aksi, url_tiket
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan

pytestmark = pytest.mark.django_db


# --- who may enter ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nama", ["petugas-antrian", "petugas-kerja-saya", "petugas-bagian-antrian", "petugas-bagian-kerja-saya"]
)
def test_tamu_diarahkan_ke_halaman_masuk(nama: str) -> None:
    respons = Client().get(reverse(f"antrian:{nama}"))
    assert respons.status_code == 302
    assert respons["Location"].startswith("/masuk/?next=")


def test_warga_mendapat_403_di_ruang_kerja(warga: Any, unit: Unit) -> None:
    baru = buat_tiket(unit, pemohon=warga)
    c = klien(warga)
    assert c.get(reverse("antrian:petugas-antrian")).status_code == 403
    assert c.get(reverse("antrian:petugas-kerja-saya")).status_code == 403
    assert c.get(url_tiket(baru.tiket.nomor)).status_code == 403
    assert c.post(reverse("antrian:petugas-klaim")).status_code == 403


def test_petugas_unit_lain_mendapat_403_di_halaman_tiket(unit: Unit, petugas_unit_lain: Any) -> None:
    baru = buat_tiket(unit)
    c = klien(petugas_unit_lain)
    assert c.get(url_tiket(baru.tiket.nomor)).status_code == 403
    assert c.post(url_aksi(baru.tiket.nomor, "ambil")).status_code == 403
    assert c.get(reverse("antrian:petugas-templat", kwargs={"nomor": baru.tiket.nomor})).status_code == 403
    respons = c.post(
        reverse("antrian:petugas-tanggapan", kwargs={"nomor": baru.tiket.nomor}),
        {"balas-isi": "halo", "balas-kunci_idempoten": "a1"},
    )
    assert respons.status_code == 403
    assert not Tanggapan.objects.exists()


def test_nomor_yang_tidak_ada_404(petugas: Any) -> None:
    assert klien(petugas).get(url_tiket("ADU-0000-999999")).status_code == 404


def test_aksi_yang_tidak_dikenal_404(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    assert klien(petugas).post(url_aksi(baru.tiket.nomor, "hapus")).status_code == 404


# --- the queue --------------------------------------------------------------------------------------------


def test_antrian_hanya_menampilkan_tiket_unit_sendiri_dengan_bendera_dan_tombol_klaim(
    unit: Unit, unit_lain: Unit, petugas: Any
) -> None:
    milik = buat_tiket(unit, judul="Lampu jalan mati")
    lain = buat_tiket(unit_lain, judul="Izin usaha")
    respons = klien(petugas).get(reverse("antrian:petugas-antrian"))
    html = respons.content.decode()
    assert respons.status_code == 200
    assert milik.tiket.nomor in html and "Lampu jalan mati" in html
    assert lain.tiket.nomor not in html
    assert url_aksi(milik.tiket.nomor, "ambil") in html  # a claiming unit: one claim button per row
    assert 'data-aliran="/ws/petugas/"' in html
    assert re.search(r'data-sejak="\d+"', html)
    assert 'class="tabel tabel-kartu' in html
    assert 'hx-trigger="sigap:peristiwa from:body delay:500ms' in html


def test_tanpa_tombol_klaim_di_unit_manual(unit: Unit, petugas: Any) -> None:
    Unit.objects.filter(pk=unit.pk).update(strategi_penugasan=StrategiPenugasan.MANUAL)
    baru = buat_tiket(unit)
    html = klien(petugas).get(reverse("antrian:petugas-antrian")).content.decode()
    assert baru.tiket.nomor in html
    assert url_aksi(baru.tiket.nomor, "ambil") not in html
    assert reverse("antrian:petugas-klaim") not in html


def test_saring_cari_dan_ditugaskan_ke_saya(unit: Unit, petugas: Any) -> None:
    a = buat_tiket(unit, judul="Sampah menumpuk")
    b = buat_tiket(unit, judul="Air PDAM keruh")
    services.tiket_ambil(tiket=b.tiket, aktor=aktor(petugas))
    c = klien(petugas)
    html = c.get(reverse("antrian:petugas-antrian"), {"q": "sampah"}).content.decode()
    assert a.tiket.nomor in html and b.tiket.nomor not in html
    html = c.get(reverse("antrian:petugas-antrian"), {"ditugaskan": "saya"}).content.decode()
    assert b.tiket.nomor in html and a.tiket.nomor not in html
    html = c.get(reverse("antrian:petugas-bagian-antrian"), {"ditugaskan": "kosong"}).content.decode()
    assert a.tiket.nomor in html and b.tiket.nomor not in html
    assert "<html" not in html  # the part alone, for the live refresh
    # The part keeps the filters for its next refresh.
    assert "ditugaskan=kosong" in html


def test_saring_status_dan_nilai_yang_tidak_sah(unit: Unit, petugas: Any) -> None:
    a = buat_tiket(unit)
    services.tiket_tolak(tiket=a.tiket, aktor=aktor(petugas), alasan="spam", catatan="iklan")
    c = klien(petugas)
    assert a.tiket.nomor not in c.get(reverse("antrian:petugas-antrian")).content.decode()  # open only
    assert a.tiket.nomor in c.get(reverse("antrian:petugas-antrian"), {"status": "ditolak"}).content.decode()
    respons = c.get(reverse("antrian:petugas-antrian"), {"status": "bukan-status"})
    assert respons.status_code == 200
    assert a.tiket.nomor not in respons.content.decode()


def test_jumlah_kueri_antrian_datar(unit: Unit, petugas: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(3):
        buat_tiket(unit, judul=f"Tiket {i}")
    c = klien(petugas)
    c.get(reverse("antrian:petugas-antrian"))  # warm caches (session, calendar)
    with django_assert_max_num_queries(15) as sedikit:
        c.get(reverse("antrian:petugas-antrian"))
    for i in range(20):
        buat_tiket(unit, judul=f"Tiket lagi {i}")
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        respons = c.get(reverse("antrian:petugas-antrian"))
    assert respons.content.decode().count("data-baris-antrian") == 23


def test_paginasi_antrian(unit: Unit, petugas: Any) -> None:
    for i in range(27):
        buat_tiket(unit, judul=f"T{i}")
    c = klien(petugas)
    html = c.get(reverse("antrian:petugas-antrian")).content.decode()
    assert html.count("data-baris-antrian") == 25
    html2 = c.get(reverse("antrian:petugas-antrian"), {"halaman": 2}).content.decode()
    assert html2.count("data-baris-antrian") == 2


# --- claiming ---------------------------------------------------------------------------------------------


def test_ambil_berikutnya_tanpa_js(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    respons = klien(petugas).post(reverse("antrian:petugas-klaim"))
    assert respons.status_code == 303
    assert respons["Location"] == url_tiket(baru.tiket.nomor)
    t = segarkan(baru.tiket)
    assert t.status == Status.DITUGASKAN and t.petugas_id == petugas.pk


def test_ambil_berikutnya_saat_antrian_kosong_404_dengan_pesan(unit: Unit, petugas: Any) -> None:
    respons = klien(petugas).post(reverse("antrian:petugas-klaim"))
    assert respons.status_code == 404
    assert "Tidak ada tiket" in respons.content.decode()


def test_klaim_dari_baris_dan_klaim_kedua_409(unit: Unit, petugas: Any, petugas_kedua: Any) -> None:
    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    respons = klien(petugas).post(url_aksi(nomor, "ambil"), {"versi": baru.tiket.versi})
    assert respons.status_code == 303
    kedua = klien(petugas_kedua).post(url_aksi(nomor, "ambil"), {"versi": baru.tiket.versi})
    assert kedua.status_code == 409
    assert segarkan(baru.tiket).petugas_id == petugas.pk


# --- bulk actions -----------------------------------------------------------------------------------------


def test_supervisor_menugaskan_massal(unit: Unit, supervisor: Any, petugas: Any) -> None:
    a, b = buat_tiket(unit), buat_tiket(unit)
    respons = klien(supervisor).post(
        reverse("antrian:petugas-massal"),
        {"tiket": [a.tiket.nomor, b.tiket.nomor], "aksi": "tugaskan", "petugas": petugas.pk},
    )
    assert respons.status_code == 303
    assert segarkan(a.tiket).petugas_id == petugas.pk
    assert segarkan(b.tiket).petugas_id == petugas.pk


def test_supervisor_mengalihkan_massal_butuh_alasan(unit: Unit, unit_lain: Unit, supervisor: Any) -> None:
    a = buat_tiket(unit)
    c = klien(supervisor)
    respons = c.post(
        reverse("antrian:petugas-massal"),
        {"tiket": [a.tiket.nomor], "aksi": "alihkan", "unit": unit_lain.kode},
    )
    assert respons.status_code == 400
    assert segarkan(a.tiket).unit_id == unit.pk
    respons = c.post(
        reverse("antrian:petugas-massal"),
        {"tiket": [a.tiket.nomor], "aksi": "alihkan", "unit": unit_lain.kode, "alasan": "Bukan wewenang"},
    )
    assert respons.status_code == 303
    assert segarkan(a.tiket).unit_id == unit_lain.pk


def test_massal_melaporkan_tiket_yang_gagal(
    unit: Unit, unit_lain: Unit, supervisor: Any, petugas: Any
) -> None:
    milik = buat_tiket(unit)
    lain = buat_tiket(unit_lain)
    c = klien(supervisor)
    respons = c.post(
        reverse("antrian:petugas-massal"),
        {"tiket": [milik.tiket.nomor, lain.tiket.nomor], "aksi": "tugaskan", "petugas": petugas.pk},
        follow=True,
    )
    html = respons.content.decode()
    assert segarkan(milik.tiket).petugas_id == petugas.pk
    assert segarkan(lain.tiket).petugas_id is None
    assert lain.tiket.nomor in html and "pesan-galat" in html


def test_petugas_biasa_tidak_boleh_aksi_massal(unit: Unit, petugas: Any) -> None:
    a = buat_tiket(unit)
    respons = klien(petugas).post(
        reverse("antrian:petugas-massal"),
        {"tiket": [a.tiket.nomor], "aksi": "tugaskan", "petugas": petugas.pk},
    )
    assert respons.status_code == 403
    assert segarkan(a.tiket).petugas_id is None


def test_kueri_massal_yang_aneh_tidak_menjadi_500(unit: Unit, supervisor: Any, petugas: Any) -> None:
    a = buat_tiket(unit)
    respons = klien(supervisor).post(
        reverse("antrian:petugas-massal"),
        {
            "tiket": [a.tiket.nomor],
            "aksi": "tugaskan",
            "petugas": petugas.pk,
            "kueri": "q=a\r\nX-Evil: 1&status=diajukan",
        },
    )
    assert respons.status_code == 303
    assert "\n" not in respons["Location"]


# --- my work, several units, deadline flags ---------------------------------------------------------------


def test_kerja_saya_urut_tenggat(unit: Unit, petugas: Any) -> None:
    jauh = buat_tiket(unit, tenggat_hari=10)
    dekat = buat_tiket(unit, tenggat_hari=2)
    bukan = buat_tiket(unit)
    for t in (jauh, dekat):
        services.tiket_ambil(tiket=t.tiket, aktor=aktor(petugas))
    html = klien(petugas).get(reverse("antrian:petugas-kerja-saya")).content.decode()
    assert bukan.tiket.nomor not in html
    assert html.index(dekat.tiket.nomor) < html.index(jauh.tiket.nomor)


def test_supervisor_unit_dua_melihat_dua_unit(unit: Unit, unit_lain: Unit) -> None:
    sup = buat_petugas(unit, peran=Peran.SUPERVISOR)
    from antrian.models import Keanggotaan

    Keanggotaan.objects.create(petugas=sup, unit=unit_lain, peran=Peran.PETUGAS)
    a, b = buat_tiket(unit), buat_tiket(unit_lain)
    html = klien(sup).get(reverse("antrian:petugas-antrian")).content.decode()
    assert a.tiket.nomor in html and b.tiket.nomor in html
    # Bulk selection only where they are supervisor.
    assert f'value="{a.tiket.nomor}" form="form-massal"' in html
    assert f'value="{b.tiket.nomor}" form="form-massal"' not in html


def test_bendera_terlambat_dan_hampir_jatuh_tempo(unit: Unit, petugas: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from antrian.models import Tiket

    lewat = buat_tiket(unit, judul="Sudah lewat")
    hampir = buat_tiket(unit, judul="Hampir")
    Tiket.objects.filter(pk=lewat.tiket.pk).update(tenggat=timezone.now() - dt.timedelta(hours=2))
    Tiket.objects.filter(pk=hampir.tiket.pk).update(tenggat=timezone.now() + dt.timedelta(minutes=30))
    html = klien(petugas).get(reverse("antrian:petugas-antrian")).content.decode()
    baris_lewat = html.split(f'data-nomor="{lewat.tiket.nomor}"')[1].split("</tr>")[0]
    baris_hampir = html.split(f'data-nomor="{hampir.tiket.nomor}"')[1].split("</tr>")[0]
    assert "bendera-terlambat" in baris_lewat
    assert "bendera-hampir" in baris_hampir
    # Overdue first in queue order.
    assert html.index(lewat.tiket.nomor) < html.index(hampir.tiket.nomor)
    html = klien(petugas).get(reverse("antrian:petugas-antrian"), {"terlambat": "on"}).content.decode()
    assert lewat.tiket.nomor in html and hampir.tiket.nomor not in html


def test_jumlah_kueri_kerja_saya_datar(unit: Unit, petugas: Any, django_assert_max_num_queries: Any) -> None:
    c = klien(petugas)
    buat = lambda: services.tiket_ambil(tiket=buat_tiket(unit).tiket, aktor=aktor(petugas))  # noqa: E731
    buat()
    c.get(reverse("antrian:petugas-kerja-saya"))
    with django_assert_max_num_queries(20) as sedikit:
        c.get(reverse("antrian:petugas-kerja-saya"))
    for _ in range(8):
        buat()
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        respons = c.get(reverse("antrian:petugas-kerja-saya"))
    assert respons.content.decode().count("data-baris-antrian") == 9
