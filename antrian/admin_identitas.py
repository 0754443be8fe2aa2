"""A confidential reporter's identity in the admin: hidden by default, revealed per tiket on request.

Every admin page that names people (the tiket, its events, replies and attachments, the complaint) shows
"confidential reporter" where the person is the reporter of a confidential tiket — for staff who may open
the admin and for superusers alike. A superuser who needs the identity (a legal request, abuse of the
channel) opens the tiket's "reveal the reporter's identity" page and confirms with a POST; each reveal
writes one `AksesIdentitas` row (who, when, which tiket, from which address, through which view, why),
which the admin shows read-only. A GET never reveals anything, so neither a prefetch nor a link preview
can write the trail or show the identity.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antrian.models import AksesIdentitas, Lampiran, Peristiwa, Tanggapan, Tiket
from portal.validators import samarkan_nik

NAMA_TAMPILAN = "admin:antrian_tiket_identitas"


def tersembunyi(tiket: Tiket | None, pengguna_id: int | None) -> bool:
    """Is this person the reporter of a confidential tiket (so their name must not show)?"""
    return (
        tiket is not None
        and pengguna_id is not None
        and tiket.identitas_rahasia
        and pengguna_id == tiket.pemohon_id
    )


def orang(tiket: Tiket | None, pengguna: Any) -> str:
    """A person as the admin shows them next to a tiket: the reporter of a confidential one hidden."""
    if pengguna is None:
        return "-"
    if tersembunyi(tiket, pengguna.pk):
        return gettext("(confidential reporter)")
    return str(pengguna)


def tanpa_pelapor(teks: str, tiket: Tiket | None) -> str:
    """Text written to or about a confidential reporter (an outbound message greets them by name), with
    their name and contact replaced, for admin pages."""
    if tiket is None or not tiket.identitas_rahasia:
        return teks
    pemohon = tiket.pemohon
    nilai = [tiket.kontak_nama, tiket.kontak_email, tiket.kontak_telepon]
    if pemohon is not None:
        nilai += [pemohon.nama_tampil, pemohon.email or "", pemohon.telepon or "", pemohon.nik or ""]
    for n in sorted({str(x).strip() for x in nilai if x and str(x).strip()}, key=len, reverse=True):
        teks = teks.replace(n, gettext("(confidential reporter)"))
    return teks


def url_ungkap(tiket: Tiket) -> str:
    return reverse(NAMA_TAMPILAN, args=[tiket.pk])


def ringkas_pelapor(tiket: Tiket) -> str:
    """The reporter as the admin pages show them: nobody (anonymous), a link to the logged reveal
    (confidential), or the name and contact."""
    if tiket.anonim:
        return gettext("(anonymous — identity not stored)")
    if tiket.identitas_rahasia:
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("Confidential."),
            url_ungkap(tiket),
            gettext("Reveal the reporter's identity (administrators only; every reveal is logged)"),
        )
    bagian = []
    pemohon = tiket.pemohon
    if pemohon is not None:
        bagian.append(f"{pemohon.nama_tampil} <{pemohon.email or pemohon.telepon or '-'}>")
    kontak = ", ".join(x for x in (tiket.kontak_nama, tiket.kontak_email, tiket.kontak_telepon) if x)
    if kontak:
        bagian.append(kontak)
    return "; ".join(bagian) or "-"


def identitas_lengkap(tiket: Tiket) -> list[tuple[str, str]]:
    """What a reveal shows: the account and the contact left with the tiket (the NIK masked)."""
    pemohon = tiket.pemohon
    baris: list[tuple[str, str]] = []
    if pemohon is not None:
        baris += [
            (gettext("Account"), pemohon.get_username()),
            (gettext("Name"), pemohon.nama_tampil),
            (gettext("Email"), pemohon.email or "-"),
            (gettext("Phone"), pemohon.telepon or "-"),
            (gettext("NIK"), samarkan_nik(pemohon.nik) if pemohon.nik else "-"),
        ]
    for label, nilai in (
        (gettext("Contact name"), tiket.kontak_nama),
        (gettext("Contact email"), tiket.kontak_email),
        (gettext("Contact phone"), tiket.kontak_telepon),
    ):
        if nilai:
            baris.append((label, nilai))
    return baris


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Reason for viewing"),
        max_length=500,
        required=False,
        help_text=_("Recorded in the identity access log, e.g. the legal request this answers."),
    )


class UngkapIdentitasMixin:
    """For TiketAdmin: the `pelapor` field and the logged reveal view at <id>/identitas/."""

    admin_site: admin.AdminSite

    @admin.display(description=_("reporter"))
    def pelapor(self, obj: Tiket) -> str:
        return ringkas_pelapor(obj)

    def get_urls(self) -> list[URLPattern]:
        urls: list[URLPattern] = super().get_urls()  # type: ignore[misc]
        ungkap = path(
            "<path:object_id>/identitas/",
            self.admin_site.admin_view(self.ungkap_identitas),
            name="antrian_tiket_identitas",
        )
        return [ungkap, *urls]

    def ungkap_identitas(self, request: HttpRequest, object_id: str) -> HttpResponse:
        # Superusers only: staff with view rights on tikets (supervisors, managers) never see it.
        if not request.user.is_superuser:
            raise PermissionDenied
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        pk = _angka(unquote(object_id))
        tiket = Tiket.objects.select_related("pemohon").filter(pk=pk).first() if pk is not None else None
        if tiket is None:
            raise Http404
        if not tiket.identitas_rahasia or tiket.anonim:
            # Nothing confidential to reveal (or nothing stored): the change page says what there is.
            return HttpResponseRedirect(reverse("admin:antrian_tiket_change", args=[tiket.pk]))
        form = AlasanForm(request.POST if request.method == "POST" else None)
        konteks = {
            **self.admin_site.each_context(request),
            "title": gettext("Reporter of %(nomor)s") % {"nomor": tiket.nomor},
            "tiket": tiket,
            "form": form,
            "identitas": None,
            "opts": Tiket._meta,
        }
        if request.method == "POST" and form.is_valid():
            AksesIdentitas.objects.create(
                pengguna=request.user,
                tiket=tiket,
                alamat_ip=request.META.get("REMOTE_ADDR") or None,
                tampilan=NAMA_TAMPILAN,
                alasan=form.cleaned_data["alasan"],
            )
            konteks["identitas"] = identitas_lengkap(tiket)
        status = 400 if request.method == "POST" and not form.is_valid() else 200
        respons = TemplateResponse(request, "admin/antrian/tiket/identitas.html", konteks, status=status)
        respons["Cache-Control"] = "private, no-store"
        return respons


def _angka(nilai: str) -> int | None:
    try:
        return int(nilai)
    except ValueError:
        return None


@admin.register(AksesIdentitas)
class AksesIdentitasAdmin(admin.ModelAdmin):
    """The identity access log, read-only: nobody adds, changes or deletes a row through the admin."""

    list_display = ["waktu", "pengguna", "tiket", "alamat_ip", "tampilan", "alasan"]
    list_select_related = ["pengguna", "tiket"]
    list_filter = ["tampilan"]
    search_fields = ["=tiket__nomor", "pengguna__username"]
    date_hierarchy = "waktu"
    fields = readonly_fields = ("waktu", "pengguna", "tiket", "alamat_ip", "tampilan", "alasan")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- columns naming a person next to a tiket (antrian/admin_tiket.py) -------------------------------------


class AktorTampil:
    """An event's actor, the reporter of a confidential tiket hidden."""

    @admin.display(description=_("actor"))
    def aktor_tampil(self, obj: Peristiwa) -> str:
        return orang(obj.tiket, obj.aktor)


class PenulisTampil:
    """A reply's author, the reporter of a confidential tiket hidden."""

    @admin.display(description=_("author"))
    def penulis_tampil(self, obj: Tanggapan) -> str:
        return orang(obj.tiket, obj.penulis)


class PengunggahTampil:
    """An attachment's uploader, the reporter of a confidential tiket hidden."""

    @admin.display(description=_("uploaded by"))
    def pengunggah(self, obj: Lampiran) -> str:
        return orang(obj.tiket, obj.diunggah_oleh)
