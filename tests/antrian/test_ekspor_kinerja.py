"""Exports of the performance tables: CSV and XLSX carry the selector's figures, typed, streamed."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from antrian.ekspor import baca_permintaan, susun_tabel
from antrian.ekspor.tulis import FORMAT_JAM, FORMAT_PERSEN, nilai_csv
from antrian.metrik.skm import BOBOT_TEKS
from antrian.selectors import kinerja
from tests.antrian.factories import buat_tiket
from tests.antrian.test_api_kinerja import _aktor, _q, _rentang, buat_skenario

pytestmark = pytest.mark.django_db

URL = "/dasbor/kinerja/ekspor/"


@pytest.fixture
def skenario(unit, unit_lain, petugas, supervisor, petugas_unit_lain, warga):  # type: ignore[no-untyped-def]
    return buat_skenario(unit, unit_lain, petugas, petugas_unit_lain, warga)


@pytest.fixture
def klien_web(client):  # type: ignore[no-untyped-def]
    def _buat(siapa: Any) -> Any:
        client.force_login(getattr(siapa, "pengguna", siapa))
        return client

    return _buat


def _isi(r: Any) -> bytes:
    return b"".join(r.streaming_content)


def _csv(r: Any) -> list[list[str]]:
    teks = _isi(r).decode("utf-8")
    assert teks.startswith("\ufeff")
    return list(csv.reader(io.StringIO(teks[1:])))


# --- CSV --------------------------------------------------------------------------------------------------


def test_csv_unit_sama_dengan_selektor(skenario, supervisor, unit, klien_web):
    r = klien_web(supervisor).get(URL, _q(tabel="unit", format="csv"))
    assert r.status_code == 200
    assert isinstance(r, StreamingHttpResponse)
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    dari, sampai = _q()["dari"], _q()["sampai"]
    assert r["Content-Disposition"] == f'attachment; filename="kinerja-unit-{dari}_{sampai}.csv"'
    baris = _csv(r)
    a = _aktor(supervisor)
    tabel = susun_tabel(aktor=a, tabel="unit", permintaan=baca_permintaan(_q()))
    assert baris[0] == [k.judul for k in tabel.kolom]
    unit_baris = kinerja.kinerja_unit(aktor=a, rentang=_rentang())
    total = kinerja.kinerja_total(aktor=a, rentang=_rentang())
    assert len(baris) == 1 + len(unit_baris) + 1  # header, one row per unit, the total
    data = [dict(zip(baris[0], b, strict=True)) for b in baris[1:]]
    for hasil, harap in zip(data, [*unit_baris, total], strict=True):
        assert hasil[_("Unit")] == harap.nama
        assert hasil[_("Resolved (tickets)")] == str(harap.selesai)
        assert hasil[_("Open (tickets)")] == str(harap.terbuka)
        assert hasil[_("Rejection rate (%)")] == f"{harap.tingkat_tolak:.2f}"
        kunci_median = next(k for k in baris[0] if k.startswith(_("Median %(x)s (%(jam)s)")[:6]))
        assert hasil[kunci_median] == f"{harap.respons_kerja.median:.2f}"
        for kolom in tabel.kolom:
            assert hasil[kolom.judul] == nilai_csv(kolom, kolom.ambil(harap))
    assert data[0][_("Unit code")] == unit.kode
    spam = _("Rejected: %(alasan)s (tickets)") % {"alasan": _("Spam")}
    assert data[0][spam] == "1"
    assert data[0][_("SKM score (25–100)")] == "100.00" and data[0][_("SKM grade")] == "A"


def test_csv_petugas_nama_berkas_dan_skm_disembunyikan(skenario, supervisor, petugas, unit, klien_web):
    r = klien_web(supervisor).get(URL, _q(tabel="petugas", format="csv", unit=unit.kode))
    assert r.status_code == 200
    dari, sampai = _q()["dari"], _q()["sampai"]
    assert f'filename="kinerja-petugas-{unit.kode}-{dari}_{sampai}.csv"' in r["Content-Disposition"]
    baris = _csv(r)
    data = {b[0]: dict(zip(baris[0], b, strict=True)) for b in baris[1:]}
    harap = {
        b.kunci: b
        for b in kinerja.kinerja_petugas(aktor=_aktor(supervisor), rentang=_rentang(), unit_id=unit.pk)
    }
    assert set(data) == {str(k) for k in harap}
    milik = data[str(petugas.pk)]
    assert milik[_("Resolved (tickets)")] == "1"
    assert milik[_("SKM score (25–100)")] == ""  # one answer: below the officer-level minimum
    kolom_sembunyi = next(k for k in baris[0] if "SKM" in k and "1 =" in k)
    assert milik[kolom_sembunyi] == "1"
    assert _("Submitted (tickets)") not in baris[0]  # submissions belong to units, not officers


def test_csv_layanan_sama_dengan_selektor(skenario, manajer, klien_web):
    r = klien_web(manajer).get(URL, _q(tabel="layanan", format="csv"))
    baris = _csv(r)
    harap = kinerja.kinerja_layanan(aktor=_aktor(manajer), rentang=_rentang())
    assert [b[1] for b in baris[1:]] == [b.nama for b in harap]
    kolom = baris[0].index(_("Submitted (tickets)"))
    assert [int(b[kolom]) for b in baris[1:]] == [b.masuk for b in harap]


def test_csv_tiket_mengalir_dengan_query_tetap(skenario, supervisor, unit, klien_web):
    klien = klien_web(supervisor)
    q = _q(tabel="tiket", format="csv", ukuran="terbuka")

    def hitung() -> tuple[int, list[list[str]]]:
        with CaptureQueriesContext(connection) as kueri:
            r = klien.get(URL, q)
            isi = _csv(r)  # the rows are read while streaming
        assert isinstance(r, StreamingHttpResponse)
        return len(kueri), isi

    sedikit, isi = hitung()
    assert len(isi) == 2
    for i in range(299):
        buat_tiket(unit, judul=f"Antre {i}")
    banyak, isi = hitung()
    assert len(isi) == 301
    assert banyak == sedikit
    nomor = [
        t.nomor
        for t in kinerja.tiket_di_balik(aktor=_aktor(supervisor), rentang=_rentang(), ukuran="terbuka")
    ]
    assert [b[0] for b in isi[1:]] == nomor


def test_csv_tiket_memuat_durasi_dan_waktu_iso(skenario, manajer, klien_web):
    r = klien_web(manajer).get(URL, _q(tabel="tiket", format="csv", ukuran="selesai"))
    baris = _csv(r)
    data = {b[0]: dict(zip(baris[0], b, strict=True)) for b in baris[1:]}
    t = data[skenario["selesai"].nomor]
    assert t[_("On time (1 = yes, 0 = no)")] == "1"
    assert float(t[_("Resolution time (calendar hours)")]) >= 0
    assert "T" in t[_("Submitted at")] and t[_("Submitted at")][-6] in "+-"


def test_judul_berawalan_rumus_tidak_menjadi_rumus(unit, supervisor, klien_web):
    buat_tiket(unit, judul='=HYPERLINK("http://jahat.example","klik")')
    klien = klien_web(supervisor)
    baris = _csv(klien.get(URL, _q(tabel="tiket", format="csv", ukuran="masuk")))
    assert baris[1][1] == '\'=HYPERLINK("http://jahat.example","klik")'
    r = klien.get(URL, _q(tabel="tiket", format="xlsx", ukuran="masuk"))
    lembar = openpyxl.load_workbook(io.BytesIO(_isi(r))).worksheets[0]
    sel = lembar.cell(row=2, column=2)
    assert sel.data_type == "s" and sel.value.startswith("=HYPERLINK")


# --- XLSX -------------------------------------------------------------------------------------------------


def test_xlsx_unit_bertipe_angka_dengan_lembar_keterangan(skenario, supervisor, unit, klien_web):
    r = klien_web(supervisor).get(URL, _q(tabel="unit", format="xlsx"))
    assert r.status_code == 200
    assert isinstance(r, FileResponse)
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    dari, sampai = _q()["dari"], _q()["sampai"]
    assert f'filename="kinerja-unit-{dari}_{sampai}.xlsx"' in r["Content-Disposition"]
    buku = openpyxl.load_workbook(io.BytesIO(_isi(r)))
    assert buku.sheetnames == [_("Performance"), "Keterangan"]
    lembar = buku.worksheets[0]
    kepala = [c.value for c in lembar[1]]
    tabel = susun_tabel(aktor=_aktor(supervisor), tabel="unit", permintaan=baca_permintaan(_q()))
    assert kepala == [k.judul for k in tabel.kolom]
    assert all(c.font.bold for c in lembar[1])
    assert lembar.freeze_panes == "A2"
    assert lembar.column_dimensions["B"].width == 36
    b = kinerja.kinerja_unit(aktor=_aktor(supervisor), rentang=_rentang())[0]
    sel = {k: c for k, c in zip(kepala, lembar[2], strict=True)}
    assert sel[_("Unit")].value == b.nama
    assert sel[_("Resolved (tickets)")].value == b.selesai and sel[_("Resolved (tickets)")].data_type == "n"
    median = next(k for k in kepala if k.startswith(_("Median %(x)s (%(jam)s)")[:6]))
    assert sel[median].value == pytest.approx(b.respons_kerja.median)
    assert sel[median].number_format == FORMAT_JAM
    tolak = sel[_("Rejection rate (%)")]
    assert tolak.value == pytest.approx(b.tingkat_tolak / 100) and tolak.number_format == FORMAT_PERSEN
    skor = sel[_("SKM score (25–100)")]
    assert skor.value == 100 and skor.data_type == "n" and skor.number_format == FORMAT_JAM
    assert sel[_("SLA compliance (%)")].value == pytest.approx(b.kepatuhan_sla / 100)
    # The total row closes the table.
    assert (
        lembar.cell(row=lembar.max_row, column=2).value
        == kinerja.kinerja_total(aktor=_aktor(supervisor), rentang=_rentang()).nama
    )

    keterangan = {baris[0].value: baris[1].value for baris in buku["Keterangan"].iter_rows()}
    assert keterangan[_("Range")] == f"{dari} – {sampai}"
    assert keterangan[_("SKM weight per element")] == BOBOT_TEKS
    assert keterangan[_("Table")] == "unit" and keterangan[_("Generated at")]
    assert _("SLA compliance") in keterangan


def test_xlsx_tiket_waktu_sebagai_tanggal(skenario, manajer, klien_web):
    r = klien_web(manajer).get(URL, _q(tabel="tiket", format="xlsx", ukuran="selesai", unit="dukcapil"))
    assert 'filename="kinerja-tiket-selesai-dukcapil-' in r["Content-Disposition"]
    buku = openpyxl.load_workbook(io.BytesIO(_isi(r)))
    lembar = buku.worksheets[0]
    assert lembar.max_row == 2
    kepala = [c.value for c in lembar[1]]
    sel = {k: c for k, c in zip(kepala, lembar[2], strict=True)}
    assert sel[_("Ticket number")].value == skenario["selesai"].nomor
    assert sel[_("Submitted at")].is_date
    assert sel[_("On time (1 = yes, 0 = no)")].value == 1
    keterangan = {b[0].value: b[1].value for b in buku["Keterangan"].iter_rows()}
    assert keterangan[_("Measure")] == "selesai"


# --- permissions and bad parameters -----------------------------------------------------------------------


def test_tanpa_masuk_diarahkan_ke_halaman_masuk(client, db):
    r = client.get(URL, {"tabel": "unit"})
    assert r.status_code == 302 and r["Location"].startswith("/masuk/")


@pytest.mark.parametrize("siapa", ["petugas", "warga"])
def test_petugas_dan_warga_mendapat_403(siapa, request, klien_web):
    r = klien_web(request.getfixturevalue(siapa)).get(URL, _q(tabel="unit", format="csv"))
    assert r.status_code == 403


def test_supervisor_tidak_bisa_mengekspor_unit_lain(skenario, supervisor, unit_lain, klien_web):
    klien = klien_web(supervisor)
    for tabel in ("unit", "petugas", "tiket"):
        r = klien.get(URL, _q(tabel=tabel, format="csv", unit=unit_lain.kode, ukuran="masuk"))
        assert r.status_code == 403


def test_manajer_mengekspor_semua_unit(skenario, manajer, unit, unit_lain, klien_web):
    baris = _csv(klien_web(manajer).get(URL, _q(tabel="unit", format="csv")))
    assert {b[0] for b in baris[1:]} == {unit.kode, unit_lain.kode, ""}


@pytest.mark.parametrize(
    ("q", "medan"),
    [
        ({"tabel": "semua"}, "tabel"),
        ({"tabel": "unit", "format": "pdf"}, "format"),
        ({"tabel": "unit", "dari": "2026-13-01"}, "dari"),
        ({"tabel": "unit", "jenis": "surat"}, "jenis"),
        ({"tabel": "petugas"}, "unit"),
        ({"tabel": "tiket"}, "ukuran"),
        ({"tabel": "tiket", "ukuran": "masuk", "petugas": "abc"}, "petugas"),
    ],
)
def test_parameter_salah_400_dengan_pesan(q, medan, supervisor, klien_web):
    r = klien_web(supervisor).get(URL, q)
    assert r.status_code == 400
    # The error page, naming what was wrong (a download link has no form to show it next to).
    assert r["Content-Type"].startswith("text/html")
    assert f"<li>{medan}: " in r.content.decode()


def test_unit_atau_petugas_tak_dikenal_404(supervisor, klien_web):
    klien = klien_web(supervisor)
    assert klien.get(URL, {"tabel": "unit", "unit": "tidak-ada"}).status_code == 404
    assert klien.get(URL, {"tabel": "tiket", "ukuran": "masuk", "petugas": "999999"}).status_code == 404
