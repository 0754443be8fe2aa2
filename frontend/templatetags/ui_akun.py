"""Template helpers of the tracking and account pages (`{% load ui_akun %}`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def lampiran_url(tiket: Any, lampiran: Any, token: str | None = None) -> str:
    """The authorised download of a tiket's file from the tracking page (a guest's token included)."""
    from portal.views.lacak import alamat_lacak

    return alamat_lacak(tiket.nomor, token, f"lampiran/{lampiran.pk}/")


@register.filter
def ukuran_berkas(nilai: int | None) -> str:
    """Bytes as people read them: '820 KB', '1,4 MB' (the decimal comma in Indonesian)."""
    if not nilai:
        return "0 KB"
    if nilai < 1024 * 1024:
        return f"{max(1, round(nilai / 1024))} KB"
    return f"{number_format(nilai / (1024 * 1024), 1)} MB"
