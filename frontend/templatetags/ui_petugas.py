"""Template pieces of the officer's workspace: priority badges, escalation flags, action URLs."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from antrian.models import Prioritas

register = template.Library()


@register.simple_tag
def lencana_prioritas(nilai: int) -> SafeString:
    """Only what stands out gets a badge: high and emergency; normal and low stay plain text."""
    try:
        label = Prioritas(nilai).label
    except ValueError:
        return format_html("{}", nilai)
    if nilai >= Prioritas.TINGGI:
        return format_html('<span class="lencana prioritas-{}">{}</span>', nilai, label)
    return format_html('<span class="redup">{}</span>', label)


@register.simple_tag
def bendera(tiket: Any) -> SafeString:
    """The escalation flags the selectors annotate (`terlambat`, `hampir_jatuh_tempo`)."""
    daftar = []
    if getattr(tiket, "terlambat", False):
        daftar.append(("bendera-terlambat", _("Overdue")))
    elif getattr(tiket, "hampir_jatuh_tempo", False):
        daftar.append(("bendera-hampir", _("Nearly due")))
    return format_html_join(" ", '<span class="lencana {}">{}</span>', daftar)


@register.simple_tag
def url_aksi(tiket: Any, nama: str) -> str:
    return reverse("antrian:petugas-aksi", kwargs={"nomor": tiket.nomor, "aksi": nama.replace("_", "-")})


@register.filter
def teks_jawaban(nilai: Any) -> str:
    """A form answer as text: lists joined, booleans in words, nothing as a dash."""
    if isinstance(nilai, bool):
        return _("Yes") if nilai else _("No")
    if isinstance(nilai, list | tuple):
        return ", ".join(str(x) for x in nilai)
    if nilai in (None, ""):
        return "—"
    return str(nilai)


@register.filter
def dokumen_pengajuan(lampiran: Any) -> list[Any]:
    """The files sent with the submission itself; files sent with a reply belong to that reply."""
    return [item for item in lampiran if not item.tanggapan_id]
