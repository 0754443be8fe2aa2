"""Template helpers of the metrics pages: hours, percentages and SKM grades written the way the page's
language writes numbers ("3,5 jam", "92,4%"), "—" where there is no figure, sortable table headers and
drill-down links that keep the page's filters.

Formatting only: every figure comes from `antrian.selectors.kinerja`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

STRIP = "—"


def _angka(nilai: float, desimal: int = 1) -> str:
    return number_format(round(float(nilai), desimal), decimal_pos=desimal, force_grouping=True)


@register.filter
def lama_jam(nilai: float | dt.timedelta | None) -> str:
    """3.5 (hours) or a timedelta -> '3,5 jam'; None -> '—'."""
    if nilai is None:
        return STRIP
    if isinstance(nilai, dt.timedelta):
        nilai = nilai.total_seconds() / 3600
    return _("%(n)s h") % {"n": _angka(nilai)}


@register.filter
def kalender_jam(nilai: float | dt.timedelta | None) -> str:
    """'cal. 26,0 h': the same duration in calendar hours, as a second line or a title."""
    return _("cal. %(jam)s") % {"jam": lama_jam(nilai)}


@register.filter
def persen(nilai: float | None) -> str:
    """92.41 -> '92,4%'; None (nothing to divide by) -> '—'."""
    if nilai is None:
        return STRIP
    return f"{_angka(nilai)}%"


@register.filter
def atau_strip(nilai: Any) -> Any:
    """None (a figure that does not apply) -> '—'; anything else unchanged."""
    return STRIP if nilai is None else nilai


@register.filter
def skor(nilai: Any) -> str:
    """An SKM converted score (Decimal, two places) -> '80,12'."""
    if nilai is None:
        return STRIP
    return number_format(nilai, decimal_pos=2)


@register.simple_tag
def sel_skm(baris: Any) -> SafeString:
    """The SKM grade of a row: 'B' with its score, '—' explained when hidden or absent."""
    if baris.skm is not None:
        return format_html(
            '<span class="kinerja-mutu mutu-{}" title="{}">{}</span> <span class="kecil redup">{}</span>',
            baris.skm.mutu,
            _("%(kinerja)s · %(n)s respondents") % {"kinerja": baris.skm.kinerja, "n": baris.skm.n},
            baris.skm.mutu,
            skor(baris.skm.nilai),
        )
    if getattr(baris, "skm_disembunyikan", False):
        from antrian.selectors.kinerja import SKM_MIN_RESPONDEN

        return format_html(
            '<span class="redup" title="{}">{}</span>',
            _("Hidden: fewer than %(n)s survey answers, which could point back to the citizens who answered.")
            % {"n": SKM_MIN_RESPONDEN},
            STRIP,
        )
    return format_html('<span class="redup" title="{}">{}</span>', _("No survey answers yet."), STRIP)


def _kueri(dasar: Mapping[str, Any], **ubah: Any) -> str:
    kueri = QueryDict(mutable=True)
    for kunci, nilai in {**dasar, **ubah}.items():
        if nilai not in (None, ""):
            kueri[kunci] = str(nilai)
    return kueri.urlencode()


@register.simple_tag
def url_rinci(dasar: Mapping[str, Any], ukuran: str, **ubah: Any) -> str:
    """The drill-down of one figure, with the page's filters (`dasar`) and this row's (`ubah`)."""
    return f"{reverse('antrian:kinerja_tiket')}?{_kueri(dasar, ukuran=ukuran, **ubah)}"


@register.simple_tag
def url_ekspor(alamat: str, dasar: Mapping[str, Any], tabel: str, format: str, **ubah: Any) -> str:
    """The export of one table (`alamat`: the export view's path) with the page's filters."""
    return f"{alamat}?{_kueri(dasar, tabel=tabel, format=format, **ubah)}"


@register.simple_tag(takes_context=True)
def kepala_urut(
    context: template.Context, kolom: str, label: str, jangkar: str = "", kelas: str = "kinerja-bilangan"
) -> SafeString:
    """A <th> whose label links to the page sorted by `kolom` (descending first, then flips), with
    aria-sort on the column the table is sorted by; works without JavaScript."""
    request = context["request"]
    urut, arah = context.get("urut", ""), context.get("arah", "")
    aktif = urut == kolom
    arah_baru = "asc" if aktif and arah == "desc" else "desc"
    kueri = request.GET.copy()
    kueri["urut"], kueri["arah"] = kolom, arah_baru
    kueri.pop("halaman", None)
    href = f"?{kueri.urlencode()}" + (f"#{jangkar}" if jangkar else "")
    judul = _("Sort by %(kolom)s") % {"kolom": label}
    if not aktif:
        return format_html(
            '<th scope="col" class="{}"><a href="{}" title="{}">{}</a></th>', kelas, href, judul, label
        )
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a href="{}" title="{}">{} '
        '<span aria-hidden="true">{}</span></a></th>',
        kelas,
        "ascending" if arah == "asc" else "descending",
        href,
        judul,
        label,
        "▲" if arah == "asc" else "▼",
    )


@register.simple_tag
def sel_durasi(label: str, kerja: float | None, kalender: float | None) -> SafeString:
    """A table cell of a duration: working hours, calendar hours on a second line (and as its title)."""
    if not isinstance(kerja, int | float):  # None, or a row that is missing (the template gives "")
        return format_html('<td data-label="{}" class="kinerja-bilangan redup">{}</td>', label, STRIP)
    kal = kalender_jam(kalender)
    return format_html(
        '<td data-label="{}" class="kinerja-bilangan" title="{}"><span>{}<span class="kinerja-sekunder">{}'
        "</span></span></td>",
        label,
        kal,
        lama_jam(kerja),
        kal,
    )
