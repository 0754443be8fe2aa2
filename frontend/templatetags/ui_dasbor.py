"""Template helpers of the dashboard: counters formatted the way the page's language writes numbers, and
the clock time the counters were read."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from antrian.kalender.sumber import zona_waktu
from frontend.templatetags.ui import SINGKATAN_ZONA

register = template.Library()


@register.filter
def hitungan(nilai: int | None) -> str:
    """12345 -> '12.345' in Indonesian ('12,345' in English): counters grow past a thousand."""
    return number_format(nilai or 0, decimal_pos=0, force_grouping=True)


@register.filter
def jam(nilai: datetime | None) -> str:
    """'14.05.09 WIB': the portal's clock time, as the dashboard script writes it after each update."""
    if nilai is None:
        return ""
    zona = zona_waktu(None)
    lokal = timezone.localtime(nilai, zona)
    return f"{lokal:%H.%M.%S} {SINGKATAN_ZONA.get(str(zona), lokal.strftime('%Z'))}"


@register.simple_tag
def atribut_zona() -> SafeString:
    """data-zona / data-singkatan: the portal's IANA zone and its abbreviation, for the dashboard script
    to write the clock time the same way `jam` does."""
    zona = str(zona_waktu(None))
    return format_html('data-zona="{}" data-singkatan="{}"', zona, SINGKATAN_ZONA.get(zona, ""))
