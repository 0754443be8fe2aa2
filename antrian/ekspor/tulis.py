"""Writing a table out: CSV as a stream of rows, XLSX through openpyxl's write-only mode.

CSV is for machines: a header row and the data, UTF-8 with a byte order mark (so Excel reads the
Indonesian characters), a decimal point, times in ISO 8601 with their offset. XLSX is for people: typed
cells (counts as integers, hours with two decimals, percentages as percentages, times as dates), a bold
frozen header, column widths, and a "Keterangan" sheet that says what was exported and how the figures
are defined. Both keep memory flat: CSV yields rows as they are read, the write-only workbook writes
each row to its temporary file at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from antrian.ekspor.tabel import BILANGAN, JAM, PERSEN, SKOR, TEKS, WAKTU, YA_TIDAK, Kolom, Tabel

BOM = "\ufeff"
# Rows per chunk handed to the server: fewer, larger writes than one per row.
BARIS_PER_POTONGAN = 200
# A text cell starting with one of these is read as a formula by spreadsheet programs (CSV injection:
# a citizen's ticket title must never run as a formula on a manager's machine).
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")

LEMBAR_KETERANGAN = "Keterangan"
FORMAT_JAM = "0.00"
FORMAT_PERSEN = "0.00%"
FORMAT_WAKTU = "yyyy-mm-dd hh:mm"


def _teks_aman(nilai: str) -> str:
    return "'" + nilai if nilai.startswith(_AWAL_RUMUS) else nilai


# --- CSV ---------------------------------------------------------------------------------------------------


def nilai_csv(kolom: Kolom, nilai: Any) -> str:
    if nilai is None:
        return ""
    if kolom.jenis in (JAM, PERSEN, SKOR):
        return f"{float(nilai):.2f}"
    if kolom.jenis == YA_TIDAK:
        return "1" if nilai else "0"
    if kolom.jenis == WAKTU:
        return timezone.localtime(nilai).isoformat(timespec="seconds")
    if kolom.jenis == BILANGAN:
        return str(int(nilai))
    return _teks_aman(str(nilai))


class _Gema:
    """A file-like object whose write() hands back what it was given: csv.writer formats a row and
    the generator yields it, with no buffer growing in between."""

    def write(self, nilai: str) -> str:
        return nilai


def aliran_csv(tabel: Tabel) -> Iterator[str]:
    penulis = csv.writer(_Gema(), lineterminator="\r\n")
    yield BOM + penulis.writerow([k.judul for k in tabel.kolom])
    potongan: list[str] = []
    for baris in tabel.baris:
        potongan.append(penulis.writerow([nilai_csv(k, k.ambil(baris)) for k in tabel.kolom]))
        if len(potongan) >= BARIS_PER_POTONGAN:
            yield "".join(potongan)
            potongan = []
    if potongan:
        yield "".join(potongan)


# --- XLSX --------------------------------------------------------------------------------------------------


def _sel(ws: WriteOnlyWorksheet, kolom: Kolom, nilai: Any) -> Any:
    """A plain value where no format is needed (cheaper), a formatted cell otherwise."""
    if nilai is None:
        return None
    if kolom.jenis == BILANGAN:
        return int(nilai)
    if kolom.jenis == YA_TIDAK:
        return 1 if nilai else 0
    if kolom.jenis == TEKS:
        sel = WriteOnlyCell(ws, value=str(nilai))
        sel.data_type = "s"  # never a formula, whatever the text starts with
        return sel
    if kolom.jenis == WAKTU:
        # Excel has no time zones: the local time of the portal, as the sheet "Keterangan" says.
        sel = WriteOnlyCell(ws, value=timezone.localtime(nilai).replace(tzinfo=None))
        sel.number_format = FORMAT_WAKTU
        return sel
    if kolom.jenis == PERSEN:
        sel = WriteOnlyCell(ws, value=float(nilai) / 100.0)
        sel.number_format = FORMAT_PERSEN
        return sel
    # Hours (JAM) and the SKM score (SKOR, a Decimal): numbers with two decimals.
    sel = WriteOnlyCell(ws, value=float(nilai))
    sel.number_format = FORMAT_JAM
    return sel


def _kepala(ws: WriteOnlyWorksheet, judul: list[str]) -> list[WriteOnlyCell]:
    tebal, bungkus = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    hasil = []
    for teks in judul:
        sel = WriteOnlyCell(ws, value=teks)
        sel.data_type = "s"
        sel.font, sel.alignment = tebal, bungkus
        hasil.append(sel)
    return hasil


def berkas_xlsx(tabel: Tabel, judul_lembar: str, keterangan: list[tuple[str, str]]) -> IO[bytes]:
    """The workbook in an anonymous temporary file (gone once closed), positioned at its start."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=judul_lembar[:31])
    for i, kolom in enumerate(tabel.kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = kolom.lebar
    ws.freeze_panes = "A2"
    ws.append(_kepala(ws, [k.judul for k in tabel.kolom]))
    for baris in tabel.baris:
        ws.append([_sel(ws, k, k.ambil(baris)) for k in tabel.kolom])

    # The name the brief and the users know it by, in every UI language.
    ket = wb.create_sheet(title=LEMBAR_KETERANGAN)
    ket.column_dimensions["A"].width = 28
    ket.column_dimensions["B"].width = 100
    for label, isi in keterangan:
        sel_label = WriteOnlyCell(ket, value=label)
        sel_label.data_type, sel_label.font = "s", Font(bold=True)
        sel_isi = WriteOnlyCell(ket, value=isi)
        sel_isi.data_type, sel_isi.alignment = "s", Alignment(wrap_text=True, vertical="top")
        ket.append([sel_label, sel_isi])

    # Handed to FileResponse, which closes (and so deletes) it after sending.
    berkas = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        wb.save(berkas)
    except BaseException:
        berkas.close()
        raise
    berkas.seek(0)
    return berkas


def waktu_lokal(waktu: dt.datetime) -> str:
    return timezone.localtime(waktu).strftime("%Y-%m-%d %H:%M %Z")
