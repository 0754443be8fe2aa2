"""The officer's workspace pages through the Django test client: JavaScript off, plain form posts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from antrian import services
from antrian.izin import Aktor
from antrian.models import (
    JenisTiket,
    KunciIdempoten,
    Peran,
    Peristiwa,
    Status,
    StrategiPenugasan,
    Tanggapan,
    TemplatJawaban,
    Unit,
)
from tests.antrian.factories import PenggunaFactory, buat_petugas, buat_tiket, segarkan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def klien(siapa: Any) -> Client:
    c = Client()
    c.force_login(getattr(siapa, "pengguna", siapa))
    return c


def aktor(siapa: Any) -> Aktor:
    return Aktor.dari_pengguna(getattr(siapa, "pengguna", siapa))


def url_tiket(nomor: str) -> str:
    return reverse("antrian:petugas-tiket", kwargs={"nomor": nomor})


def url_aksi(nomor: str, aksi: str) -> str:
    return reverse("antrian:petugas-aksi", kwargs={"nomor": nomor, "aksi": aksi})


def kunci_form(html: str, awalan: str) -> str:
    cocok = re.search(rf'name="{awalan}-kunci_idempoten" value="([0-9a-f]+)"', html)
    assert cocok, "the reply form carries an idempotency key"
    return cocok.group(1)


# --- who may enter --------------------------------------------------------------------------------------


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


# --- the queue ------------------------------------------------------------------------------------------


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


# --- claiming -------------------------------------------------------------------------------------------


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


# --- the ticket page ------------------------------------------------------------------------------------


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


# --- replies, notes, canned responses ------------------------------------------------------------------


def test_balasan_dikirim_sekali_walau_formulir_terkirim_dua_kali(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    kunci = kunci_form(c.get(url_tiket(nomor)).content.decode(), "balas")
    data = {"balas-isi": "Terima kasih, kami proses.", "balas-kunci_idempoten": kunci}
    alamat = reverse("antrian:petugas-tanggapan", kwargs={"nomor": nomor})
    assert c.post(alamat, data).status_code == 303
    assert c.post(alamat, data).status_code == 303
    assert Tanggapan.objects.filter(tiket=baru.tiket).count() == 1
    assert KunciIdempoten.objects.count() == 1


def test_catatan_internal_dengan_lampiran_ditandai_internal(unit: Unit, petugas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    baru = buat_tiket(unit)
    nomor = baru.tiket.nomor
    c = klien(petugas)
    kunci = kunci_form(c.get(url_tiket(nomor)).content.decode(), "catatan")
    respons = c.post(
        reverse("antrian:petugas-tanggapan", kwargs={"nomor": nomor}),
        {
            "catatan-isi": "Cek ke lapangan besok",
            "catatan-internal": "True",
            "catatan-kunci_idempoten": kunci,
            "catatan-lampiran": SimpleUploadedFile("foto.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert respons.status_code == 303
    t = Tanggapan.objects.get(tiket=baru.tiket)
    assert t.internal and t.lampiran.count() == 1
    assert Peristiwa.objects.filter(tiket=baru.tiket, aksi="catatan_internal", publik=False).exists()
    html = c.get(url_tiket(nomor)).content.decode()
    assert 'class="internal"' in html and "foto.pdf" in html


def test_balasan_kosong_400_dengan_galat_sebaris(unit: Unit, petugas: Any) -> None:
    baru = buat_tiket(unit)
    respons = klien(petugas).post(
        reverse("antrian:petugas-tanggapan", kwargs={"nomor": baru.tiket.nomor}),
        {"balas-isi": "", "balas-kunci_idempoten": "abc"},
    )
    assert respons.status_code == 400
    assert "ringkasan-galat" in respons.content.decode()


def test_lampiran_bukan_pdf_atau_gambar_400(unit: Unit, petugas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    baru = buat_tiket(unit)
    respons = klien(petugas).post(
        reverse("antrian:petugas-tanggapan", kwargs={"nomor": baru.tiket.nomor}),
        {
            "balas-isi": "lihat lampiran",
            "balas-kunci_idempoten": "k1",
            "balas-lampiran": SimpleUploadedFile("a.pdf", b"MZ bukan pdf", content_type="application/pdf"),
        },
    )
    assert respons.status_code == 400
    assert not Tanggapan.objects.exists()


def test_templat_jawaban_diisi_tanpa_dan_dengan_js(unit: Unit, petugas: Any) -> None:
    pemohon = PenggunaFactory(nama_lengkap="Budi Santoso")
    baru = buat_tiket(unit, pemohon=pemohon)
    nomor = baru.tiket.nomor
    templat = TemplatJawaban.objects.create(
        unit=unit, judul="Diproses", isi="Yth. {nama_warga}, tiket {nomor} diproses oleh {petugas}."
    )
    c = klien(petugas)
    # JavaScript off: the select + "Use" reloads the page with the text in the reply box.
    html = c.get(url_tiket(nomor), {"templat": templat.pk}).content.decode()
    assert f"Yth. Budi Santoso, tiket {nomor} diproses oleh" in html
    # JavaScript on: the text alone.
    respons = c.get(reverse("antrian:petugas-templat", kwargs={"nomor": nomor}), {"templat": templat.pk})
    assert respons.status_code == 200
    assert respons.content.decode().startswith(f"Yth. Budi Santoso, tiket {nomor}")
    assert (
        c.get(reverse("antrian:petugas-templat", kwargs={"nomor": nomor}), {"templat": "x"}).status_code
        == 400
    )


def test_templat_unit_lain_404_dan_warga_rahasia_tanpa_nama(
    unit: Unit, unit_lain: Unit, petugas: Any
) -> None:
    pemohon = PenggunaFactory(nama_lengkap="Nama Rahasia")
    baru = buat_tiket(unit, pemohon=pemohon)
    from antrian.models import Tiket

    Tiket.objects.filter(pk=baru.tiket.pk).update(identitas_rahasia=True)
    lain = TemplatJawaban.objects.create(unit=unit_lain, judul="X", isi="{nomor}")
    milik = TemplatJawaban.objects.create(unit=unit, judul="Y", isi="Halo {nama_warga}")
    alamat = reverse("antrian:petugas-templat", kwargs={"nomor": baru.tiket.nomor})
    c = klien(petugas)
    assert c.get(alamat, {"templat": lain.pk}).status_code == 404
    teks = c.get(alamat, {"templat": milik.pk}).content.decode()
    assert "Nama Rahasia" not in teks


def test_templat_menolak_placeholder_asing() -> None:
    from django.core.exceptions import ValidationError

    from antrian.models.templat import validasi_isi_templat

    validasi_isi_templat("Halo {nama_warga}, {nomor} {layanan} {tenggat} {petugas}")
    with pytest.raises(ValidationError):
        validasi_isi_templat("Halo {nik}")
    with pytest.raises(ValidationError):
        validasi_isi_templat("Halo {nama_warga")


# --- bulk actions and my work -----------------------------------------------------------------------------


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
