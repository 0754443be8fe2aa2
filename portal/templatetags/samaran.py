"""Template filters that mask citizens' personal data in officer-facing lists (UU 27/2022)."""

from __future__ import annotations

from typing import Any

from django import template

from portal.samaran import samarkan_email, samarkan_nik, samarkan_teks, samarkan_telepon

register = template.Library()


@register.filter
def samar_teks(nilai: Any) -> str:
    """Free text a citizen wrote (a title) with any NIK, phone number or e-mail address masked."""
    return samarkan_teks(nilai) if nilai else ""


@register.filter
def samar_nik(nilai: Any) -> str:
    return samarkan_nik(str(nilai)) if nilai else ""


@register.filter
def samar_telepon(nilai: Any) -> str:
    return samarkan_telepon(str(nilai)) if nilai else ""


@register.filter
def samar_email(nilai: Any) -> str:
    return samarkan_email(str(nilai)) if nilai else ""
