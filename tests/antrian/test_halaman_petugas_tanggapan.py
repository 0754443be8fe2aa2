"""The officer's replies, internal notes and canned responses through the Django test client (JavaScript off,
plain form posts)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from antrian.models import KunciIdempoten, Peristiwa, Tanggapan, TemplatJawaban, Unit
from tests.antrian._halaman_petugas_umum import klien, url_tiket
from tests.antrian.factories import PenggunaFactory, buat_tiket

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def kunci_form(html: str, awalan: str) -> str:
    cocok = re.search(rf'name="{awalan}-kunci_idempoten" value="([0-9a-f]+)"', html)
    assert cocok, "the reply form carries an idempotency key"
    return cocok.group(1)


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
