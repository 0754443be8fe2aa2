"""Checking a citizen's answers against a service's form definition.

Answers arrive as decoded JSON (from a JSON body, or the `jawaban` string of a multipart form). Every
problem is collected so the citizen fixes the whole form in one round trip; the cleaned answers are what
the permohonan stores: numbers as int or a decimal string, dates as ISO strings, choices as codes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from antrian.exceptions import DataTidakValid
from layanan.models import PANJANG_BAWAAN, IsianFormulir, TipeIsian

_ANGKA = re.compile(r"^-?\d{1,20}(\.\d{1,10})?$")
_TANGGAL = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys longer than a field code can be are cut in error keys, so an attacker cannot echo a megabyte back.
_PANJANG_KODE = 50
_MAKS_KODE_ASING = 20


class _Tolak(Exception):
    def __init__(self, pesan: str) -> None:
        self.pesan = pesan


def _kosong(nilai: Any) -> bool:
    if nilai is None:
        return True
    if isinstance(nilai, str):
        return not nilai.strip()
    return isinstance(nilai, list | dict) and not nilai


def _ada_kendali(teks: str, *, baris_baru: bool) -> bool:
    """Control characters (NUL breaks PostgreSQL's jsonb); newlines and tabs only where allowed."""
    boleh = {"\n", "\r", "\t"} if baris_baru else set()
    return any(unicodedata.category(c) == "Cc" and c not in boleh for c in teks)


def _teks(isian: IsianFormulir, nilai: Any) -> str:
    if not isinstance(nilai, str):
        raise _Tolak(_("Must be text."))
    panjang_teks = isian.tipe == TipeIsian.TEKS_PANJANG
    nilai = nilai.strip()
    if _ada_kendali(nilai, baris_baru=panjang_teks):
        raise _Tolak(_("The text contains characters that are not allowed."))
    bawaan = PANJANG_BAWAAN[TipeIsian(isian.tipe)]
    batas = min(isian.maks_panjang or bawaan, bawaan)
    if len(nilai) > batas:
        raise _Tolak(_("At most %(n)s characters.") % {"n": batas})
    return nilai


def _angka(nilai: Any) -> int | str:
    # bool is an int subclass: `true` is not the number 1 on a form.
    if isinstance(nilai, bool) or not isinstance(nilai, int | float | str):
        raise _Tolak(_("Must be a number."))
    if isinstance(nilai, float) and not math.isfinite(nilai):
        raise _Tolak(_("Must be a finite number."))
    if isinstance(nilai, int):
        teks = str(nilai)
    elif isinstance(nilai, float):
        teks = format(Decimal(repr(nilai)), "f")
    else:
        teks = nilai.strip()
    if not _ANGKA.match(teks):
        raise _Tolak(_("Must be a number (for example 12 or 12.5), at most 20 digits."))
    try:
        desimal = Decimal(teks)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid decimals
        raise _Tolak(_("Must be a number.")) from exc
    if desimal == desimal.to_integral_value():
        return int(desimal)
    # Decimal as a string: JSON floats would lose digits a citizen typed (land area, income).
    return format(desimal.normalize(), "f")


def _tanggal(nilai: Any) -> str:
    if not isinstance(nilai, str) or not _TANGGAL.match(nilai.strip()):
        raise _Tolak(_("Must be a date in the format YYYY-MM-DD."))
    try:
        return dt.date.fromisoformat(nilai.strip()).isoformat()
    except ValueError as exc:
        raise _Tolak(_("That date does not exist in the calendar.")) from exc


def _pilihan_tunggal(isian: IsianFormulir, nilai: Any) -> str:
    if not isinstance(nilai, str) or nilai not in isian.kode_pilihan:
        raise _Tolak(_("Choose one of the available options."))
    return nilai


def _pilihan_ganda(isian: IsianFormulir, nilai: Any) -> list[str]:
    if not isinstance(nilai, list):
        raise _Tolak(_("Must be a list of options."))
    sah = isian.kode_pilihan
    if any(not isinstance(x, str) or x not in sah for x in nilai):
        raise _Tolak(_("Contains options that are not available."))
    if len(set(nilai)) != len(nilai):
        raise _Tolak(_("Each option may be chosen only once."))
    # Stored in the form's order, so two submissions with the same choices store the same list.
    return [kode for kode in sah if kode in nilai]


def bersihkan_nilai(isian: IsianFormulir, nilai: Any) -> Any:
    """One answer, cleaned; raises `_Tolak` with the message for the citizen."""
    tipe = isian.tipe
    if tipe in (TipeIsian.TEKS, TipeIsian.TEKS_PANJANG):
        return _teks(isian, nilai)
    if tipe == TipeIsian.ANGKA:
        return _angka(nilai)
    if tipe == TipeIsian.TANGGAL:
        return _tanggal(nilai)
    if tipe == TipeIsian.PILIHAN_TUNGGAL:
        return _pilihan_tunggal(isian, nilai)
    if tipe == TipeIsian.PILIHAN_GANDA:
        return _pilihan_ganda(isian, nilai)
    raise _Tolak(_("Unknown field type."))  # pragma: no cover - choices guard the column


def periksa_jawaban(
    isian: Iterable[IsianFormulir], jawaban: Any
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(cleaned answers, errors keyed `jawaban.<kode>`) without raising, so a caller can merge the errors
    with its own (documents, contact) into one answer."""
    if jawaban is None:
        jawaban = {}
    if not isinstance(jawaban, dict):
        return {}, {"jawaban": [_("Answers must be a JSON object {code: value}.")]}
    galat: dict[str, list[str]] = {}
    bersih: dict[str, Any] = {}
    dikenal: set[str] = set()
    for item in isian:
        dikenal.add(item.kode)
        nilai = jawaban.get(item.kode)
        if _kosong(nilai):
            if item.wajib:
                galat[f"jawaban.{item.kode}"] = [_("Field %(label)s is required.") % {"label": item.label}]
            continue
        try:
            bersih[item.kode] = bersihkan_nilai(item, nilai)
        except _Tolak as tolak:
            galat[f"jawaban.{item.kode}"] = [tolak.pesan]
    asing = [k for k in jawaban if k not in dikenal]
    for kode in asing[:_MAKS_KODE_ASING]:
        galat[f"jawaban.{str(kode)[:_PANJANG_KODE]}"] = [_("This field is not on the service's form.")]
    return bersih, galat


def bersihkan_jawaban(isian: Iterable[IsianFormulir], jawaban: Any) -> dict[str, Any]:
    """The cleaned answers, or `DataTidakValid` with every problem at once."""
    bersih, galat = periksa_jawaban(isian, jawaban)
    if galat:
        raise DataTidakValid(rincian=galat)
    return bersih
