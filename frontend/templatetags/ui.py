"""Template building blocks of the design system: form fields with inline errors, status badges,
deadlines with a countdown, times in the unit's zone, money in rupiah."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms, template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from antrian.kalender.sumber import zona_waktu
from antrian.models import Status

register = template.Library()

# Indonesian time zones keep no daylight saving time; their abbreviations are what people read.
SINGKATAN_ZONA = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@register.simple_tag
def lencana_status(status: str) -> SafeString:
    try:
        label = str(Status(status).label)
    except ValueError:
        label = status
    return format_html('<span class="lencana status-{}">{}</span>', status, label)


@register.filter
def judul_situs(judul: str) -> str:
    """'Dasbor · SIGAP Tubei' for a page with a title, 'SIGAP Tubei' for one without."""
    judul = " ".join(str(judul).split())
    return f"{judul} · SIGAP Tubei" if judul else "SIGAP Tubei"


@register.filter
def waktu(nilai: datetime | None, unit: Any = None) -> str:
    """'28 Nov 2026 14.05 WITA' in the unit's zone (the portal's zone without a unit)."""
    if nilai is None:
        return ""
    zona = zona_waktu(unit)
    lokal = timezone.localtime(nilai, zona)
    singkatan = SINGKATAN_ZONA.get(str(zona), lokal.strftime("%Z"))
    return f"{date_format(lokal, 'j M Y H.i')} {singkatan}"


@register.filter
def tanggal(nilai: datetime | None, unit: Any = None) -> str:
    if nilai is None:
        return ""
    return date_format(timezone.localtime(nilai, zona_waktu(unit)), "j F Y")


def _sisa(delta_detik: float) -> str:
    menit = int(abs(delta_detik) // 60)
    hari, menit = divmod(menit, 1440)
    jam, menit = divmod(menit, 60)
    if hari:
        teks = _("%(hari)s days %(jam)s hours") % {"hari": hari, "jam": jam}
    elif jam:
        teks = _("%(jam)s hours %(menit)s minutes") % {"jam": jam, "menit": menit}
    else:
        teks = _("%(menit)s minutes") % {"menit": menit}
    if delta_detik < 0:
        return _("%(waktu)s overdue") % {"waktu": teks}
    return _("%(waktu)s left") % {"waktu": teks}


@register.simple_tag
def tenggat(nilai: datetime | None, unit: Any = None) -> SafeString:
    """The deadline as a <time> whose text counts down (the client script refreshes it every 30 s)."""
    if nilai is None:
        return format_html('<span class="redup">{}</span>', _("no deadline"))
    sisa = (nilai - timezone.now()).total_seconds()
    return format_html(
        '<time class="tenggat{}" datetime="{}" data-tenggat="{}" title="{}">{}</time>',
        " lewat" if sisa < 0 else "",
        nilai.isoformat(),
        nilai.isoformat(),
        waktu(nilai, unit),
        _sisa(sisa),
    )


@register.filter
def rupiah(nilai: Decimal | int | None) -> str:
    if not nilai:
        return _("Free")
    return "Rp " + f"{int(nilai):,}".replace(",", ".")


@register.inclusion_tag("komponen/bidang.html")
def bidang(field: forms.BoundField, **opsi: Any) -> dict[str, Any]:
    """A form field with its label, help text and inline errors, wired for screen readers."""
    id_bantuan = f"{field.auto_id}-bantuan" if field.help_text else ""
    id_galat = f"{field.auto_id}-galat" if field.errors else ""
    attrs = dict(field.field.widget.attrs)
    gambaran = " ".join(x for x in (id_bantuan, id_galat) if x)
    if gambaran:
        attrs["aria-describedby"] = gambaran
    if field.errors:
        attrs["aria-invalid"] = "true"
    pilihan_ganda = isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "id_bantuan": id_bantuan,
        "id_galat": id_galat,
        "kotak": isinstance(field.field.widget, forms.CheckboxInput),
        "pilihan_ganda": pilihan_ganda,
        **opsi,
    }


@register.inclusion_tag("komponen/ringkasan_galat.html")
def ringkasan_galat(*daftar_form: forms.BaseForm) -> dict[str, Any]:
    """The error summary at the top of a form: each error links to its field."""
    galat: list[dict[str, str]] = []
    for form in daftar_form:
        if form is None or not form.is_bound:
            continue
        for pesan in form.non_field_errors():
            galat.append({"id": "", "pesan": str(pesan)})
        for nama, field in form.fields.items():
            bound = form[nama]
            sasaran = str(bound.auto_id or "")
            if sasaran and isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                # A choice group has no element with the field's id: link to its first option.
                sasaran = f"{sasaran}_0"
            for pesan in bound.errors:
                galat.append({"id": sasaran, "pesan": f"{field.label}: {pesan}"})
    return {"galat": galat}
