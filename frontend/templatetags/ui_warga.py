"""Template helpers of the citizen's pages (`{% load ui_warga %}`): procedure texts as lists, file sizes,
working-day counts."""

from __future__ import annotations

import re

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

register = template.Library()

# "1. Isi formulir", "2) Unggah", "- Verifikasi", "• Cetak": the marker is dropped, an <ol> numbers again.
_PENANDA = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•])\s+")


@register.filter
def baris(teks: str | None) -> list[str]:
    """A multi-line text as its non-empty lines, without list markers the admin typed."""
    return [_PENANDA.sub("", b).strip() for b in (teks or "").splitlines() if b.strip()]


@register.filter
def ukuran_berkas(ukuran: int | None) -> str:
    """'850 KB', '1,2 MB' (decimal comma in Indonesian)."""
    n = int(ukuran or 0)
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{number_format(n / (1024 * 1024), 1)} MB"


@register.filter
def hari_kerja(jumlah: int | None) -> str:
    n = int(jumlah or 0)
    return ngettext("%(hari)s working day", "%(hari)s working days", n) % {"hari": n}
