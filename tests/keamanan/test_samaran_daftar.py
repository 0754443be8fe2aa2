"""Personal data masked in every officer-facing list (UU 27/2022, issue 7 item 6): the masking functions,
officer pages, exports, API and admin lists, and the whole NIK on one tiket only when asked for, with a
reason, and recorded. Log lines are in test_samaran_log.py."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from antrian.models import JenisNotifikasi, Lampiran, Notifikasi, Tiket
from keluhan.models import KategoriKeluhan, Keluhan
from portal.samaran import (
    samarkan_email,
    samarkan_nik,
    samarkan_teks,
    samarkan_telepon,
)
from tests.antrian.test_api_kinerja import _q
from tests.keamanan._samaran_umum import (
    EMAIL,
    EMAIL_SAMAR,
    JUDUL,
    NIK,
    NIK_SAMAR,
    TELEPON,
    TELEPON_LOKAL,
    _tanpa_data_pribadi,
    _tersamar,
)

# --- the masking functions -------------------------------------------------------------------------------


def test_nik_telepon_dan_email_disamarkan_cukup_untuk_membedakan():
    assert samarkan_nik(NIK) == NIK_SAMAR
    assert samarkan_telepon(TELEPON) == "+628********90"
    assert samarkan_email(EMAIL) == EMAIL_SAMAR
    assert samarkan_nik(None) == samarkan_telepon("") == samarkan_email(None) == ""


@pytest.mark.parametrize(
    "tulisan",
    [
        "081234567890",
        "+6281234567890",
        "6281234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+62 812 3456 7890",
    ],
)
def test_nomor_telepon_dalam_teks_disamarkan_apa_pun_tulisannya(tulisan):
    hasil = samarkan_teks(f"hubungi {tulisan} segera")
    assert "3456" not in hasil and "7890" not in hasil
    assert hasil.startswith("hubungi ") and hasil.endswith(" segera")


def test_teks_tanpa_data_pribadi_tidak_diubah():
    for teks in [
        "Tiket LYN-2611-00123 selesai pada 2026-11-28 08:30:15",
        "Rp 150.000, 12 hari kerja, NIP 198501012010011001",
        "",
    ]:
        assert samarkan_teks(teks) == teks


def test_samaran_tidak_berubah_bila_diulang():
    sekali = samarkan_teks(JUDUL)
    assert samarkan_teks(sekali) == sekali
    _tersamar(sekali)


# --- officer lists ---------------------------------------------------------------------------------------


# The citizen with a NIK, their tiket and the `web` login helper are tests/keamanan/conftest.py's fixtures.


def _isi(r: Any) -> str:
    if getattr(r, "streaming", False):
        return b"".join(r.streaming_content).decode("utf-8")
    return r.content.decode("utf-8")


@pytest.mark.parametrize("siapa", ["petugas", "supervisor"])
@pytest.mark.parametrize(
    "url",
    ["/petugas/", "/petugas/bagian/antrian/", "/petugas/?q=KTP"],
)
def test_antrian_petugas_menyamarkan_nik_telepon_dan_email_dalam_judul(tiket_warga, web, request, siapa, url):
    r = web(request.getfixturevalue(siapa)).get(url)
    assert r.status_code == 200
    _tersamar(_isi(r))


def test_kerja_saya_menyamarkan_data_pribadi(tiket_warga, petugas, web):
    Tiket.objects.filter(pk=tiket_warga.pk).update(petugas=petugas, status="ditugaskan")
    klien = web(petugas)
    for url in ["/petugas/kerja-saya/", "/petugas/bagian/kerja-saya/"]:
        r = klien.get(url)
        assert r.status_code == 200
        _tersamar(_isi(r))


def test_halaman_satu_tiket_petugas_tidak_menampilkan_nik_utuh(tiket_warga, petugas, web):
    r = web(petugas).get(reverse("antrian:petugas-tiket", args=[tiket_warga.nomor]))
    assert r.status_code == 200
    assert NIK not in _isi(r)
    assert NIK_SAMAR in _isi(r)


@pytest.mark.parametrize("siapa", ["supervisor", "manajer"])
def test_rincian_kinerja_menyamarkan_data_pribadi(tiket_warga, web, request, siapa):
    r = web(request.getfixturevalue(siapa)).get("/dasbor/kinerja/tiket/", _q(ukuran="masuk"))
    assert r.status_code == 200
    _tersamar(_isi(r))


@pytest.mark.parametrize("siapa", ["supervisor", "manajer"])
def test_ekspor_csv_dan_xlsx_menyamarkan_data_pribadi(tiket_warga, web, request, siapa):
    klien = web(request.getfixturevalue(siapa))
    r = klien.get("/dasbor/kinerja/ekspor/", _q(tabel="tiket", format="csv", ukuran="masuk"))
    assert r.status_code == 200
    teks = _isi(r)
    _tersamar(teks)
    assert any(NIK_SAMAR in sel for baris in csv.reader(io.StringIO(teks.lstrip("\ufeff"))) for sel in baris)

    r = klien.get("/dasbor/kinerja/ekspor/", _q(tabel="tiket", format="xlsx", ukuran="masuk"))
    assert r.status_code == 200
    buku = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    sel = " ".join(str(c.value) for ws in buku.worksheets for baris in ws.iter_rows() for c in baris)
    _tersamar(sel)


@pytest.mark.parametrize("siapa", ["petugas", "supervisor", "manajer"])
def test_api_antrian_menyamarkan_data_pribadi(tiket_warga, klien_untuk, request, siapa):
    r = klien_untuk(request.getfixturevalue(siapa)).get("/api/v1/antrian/")
    assert r.status_code == 200
    _tersamar(r.content.decode())


@pytest.mark.parametrize("siapa", ["supervisor", "manajer"])
def test_api_rincian_kinerja_menyamarkan_data_pribadi(tiket_warga, klien_untuk, request, siapa):
    r = klien_untuk(request.getfixturevalue(siapa)).get("/api/v1/kinerja/tiket/", _q(ukuran="masuk"))
    assert r.status_code == 200
    _tersamar(r.content.decode())


def test_api_petugas_unit_tidak_memuat_data_warga(tiket_warga, unit, supervisor, klien_untuk):
    r = klien_untuk(supervisor).get(f"/api/v1/unit/{unit.kode}/petugas/")
    assert r.status_code == 200
    _tanpa_data_pribadi(r.content.decode())


def test_api_notifikasi_petugas_menyamarkan_judul(tiket_warga, supervisor, klien_untuk):
    Notifikasi.objects.create(
        penerima=supervisor.pengguna,
        tiket=tiket_warga,
        jenis=JenisNotifikasi.TERLAMBAT,
        kunci="uji-samaran",
        pesan="Tiket terlambat",
    )
    r = klien_untuk(supervisor).get("/api/v1/notifikasi/")
    assert r.status_code == 200
    _tersamar(r.content.decode())


def test_api_tiket_saya_menampilkan_judul_utuh_kepada_pemiliknya(tiket_warga, warga_ber_nik, klien_untuk):
    # The citizen's own data is theirs to see: masking is for officers' lists.
    r = klien_untuk(warga_ber_nik).get("/api/v1/tiket-saya/")
    assert r.status_code == 200
    assert NIK in r.content.decode()


@pytest.fixture
def keluhan_warga(tiket_warga, unit) -> Keluhan:  # type: ignore[no-untyped-def]
    kategori = KategoriKeluhan.objects.create(kode="uji", nama="Uji", unit_default=unit)
    Lampiran.objects.create(
        tiket=tiket_warga,
        berkas="lampiran/x.pdf",
        nama_asli=f"KTP {NIK} {TELEPON_LOKAL}.pdf",
        tipe_mime="application/pdf",
        ukuran=1,
    )
    return Keluhan.objects.create(tiket=tiket_warga, kategori=kategori, judul=JUDUL, isi="isi")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/antrian/tiket/",
        "/admin/keluhan/keluhan/",
        "/admin/portal/pengguna/",
        f"/admin/portal/pengguna/?q={TELEPON.replace('+', '%2B')}",
        "/admin/portal/pengguna/?q=siti",
        "/admin/antrian/pesankeluar/",
        "/admin/antrian/lampiran/",
    ],
)
def test_daftar_admin_menyamarkan_data_pribadi(keluhan_warga, admin_client, url):
    r = admin_client.get(url)
    assert r.status_code == 200
    _tanpa_data_pribadi(_tabel_hasil(_isi(r)))


def _tabel_hasil(html: str) -> str:
    """The changelist's rows (the search box only echoes what the admin typed)."""
    awal = html.find('id="result_list"')
    assert awal != -1, "daftar kosong"
    return html[awal : html.find("</table>", awal)]


def test_pencarian_admin_menurut_telepon_menemukan_warga_tersamar(warga_ber_nik, admin_client):
    r = admin_client.get("/admin/portal/pengguna/", {"q": TELEPON})
    isi = _tabel_hasil(_isi(r))
    assert "siti" in isi and "+628********90" in isi and NIK_SAMAR in isi
    _tanpa_data_pribadi(isi)


def test_formulir_ubah_admin_boleh_menampilkan_nilai_utuh(warga_ber_nik, admin_client):
    r = admin_client.get(f"/admin/portal/pengguna/{warga_ber_nik.pk}/change/")
    assert r.status_code == 200
    assert NIK in _isi(r)


# --- the whole NIK on one tiket: asked for, with a reason, and recorded ------------------------------------


def _url_nik(tiket: Tiket) -> str:
    return reverse("portal:petugas-tampilkan-nik", args=[tiket.nomor])


def test_petugas_melihat_nik_utuh_hanya_setelah_memberi_alasan_dan_tercatat(tiket_warga, petugas, web):
    from antrian.models import AksesIdentitas

    klien = web(petugas)
    halaman_tiket = _isi(klien.get(reverse("antrian:petugas-tiket", args=[tiket_warga.nomor])))
    assert _url_nik(tiket_warga) in halaman_tiket
    r = klien.get(_url_nik(tiket_warga))
    assert r.status_code == 200 and NIK not in _isi(r)  # asking shows nothing yet
    r = klien.post(_url_nik(tiket_warga), {"alasan": ""})
    assert r.status_code == 400 and NIK not in _isi(r)
    assert not AksesIdentitas.objects.exists()

    r = klien.post(_url_nik(tiket_warga), {"alasan": "Cocokkan dengan KTP di loket"})
    assert r.status_code == 200 and NIK in _isi(r)
    assert "no-store" in r["Cache-Control"] or "no-cache" in r["Cache-Control"]
    akses = AksesIdentitas.objects.get()
    assert (akses.pengguna_id, akses.tiket_id) == (petugas.pengguna_id, tiket_warga.pk)
    assert akses.alasan == "Cocokkan dengan KTP di loket"


@pytest.mark.parametrize("siapa", ["petugas_unit_lain", "warga", "manajer"])
def test_selain_petugas_unit_tidak_dapat_membuka_nik_utuh(tiket_warga, web, request, siapa):
    klien = web(request.getfixturevalue(siapa))
    r = klien.post(_url_nik(tiket_warga), {"alasan": "ingin tahu"})
    assert r.status_code == 403 and NIK not in _isi(r)


def test_tamu_diarahkan_masuk_sebelum_melihat_nik(tiket_warga, client):
    r = client.post(_url_nik(tiket_warga), {"alasan": "x"})
    assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_nik_pelapor_rahasia_tidak_dapat_dibuka_petugas(tiket_warga, petugas, web):
    Tiket.objects.filter(pk=tiket_warga.pk).update(identitas_rahasia=True)
    r = web(petugas).post(_url_nik(tiket_warga), {"alasan": "x"})
    assert r.status_code == 404 and NIK not in _isi(r)
