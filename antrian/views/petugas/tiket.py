"""One tiket for an officer: the timeline, replies and internal notes, allowed actions, canned responses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antrian import forms as f
from antrian import selectors, services
from antrian.berkas import periksa_semua
from antrian.exceptions import DataTidakValid, KesalahanDomain, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import JenisTiket, KunciIdempoten, Tiket
from antrian.selectors import halaman
from antrian.services.aksi import JALANKAN
from antrian.views.petugas._umum import (
    _aktor,
    _galat_ke_form,
    _tiket,
    _url_tiket,
    khusus_petugas,
)
from frontend.templatetags.ui import waktu


@dataclass(frozen=True)
class AksiHtml:
    nama: str  # the transition (or `tugaskan_ulang`)
    label: str | Promise
    form: type[f._VersiForm]
    jalankan: Callable[[Tiket, Aktor, dict[str, Any], int | None], object]
    dialog: bool = True  # asks for input first; False: one click
    bahaya: bool = False


def _petugas(d: dict[str, Any]) -> Any:
    return selectors.petugas_berdasarkan_id(d["petugas"])


AKSI: dict[str, AksiHtml] = {
    a.nama: a
    for a in [
        AksiHtml(
            "ambil",
            gettext_lazy("Claim"),
            f.KosongForm,
            JALANKAN["ambil"],
            dialog=False,
        ),
        AksiHtml(
            "mulai",
            gettext_lazy("Start processing"),
            f.KosongForm,
            JALANKAN["mulai"],
            dialog=False,
        ),
        AksiHtml(
            "minta_kelengkapan",
            gettext_lazy("Ask for missing items"),
            f.MintaKelengkapanForm,
            JALANKAN["minta_kelengkapan"],
        ),
        AksiHtml(
            "selesaikan",
            gettext_lazy("Complete"),
            f.SelesaikanForm,
            JALANKAN["selesaikan"],
        ),
        AksiHtml(
            "tugaskan",
            gettext_lazy("Assign"),
            f.TugaskanForm,
            JALANKAN["tugaskan"],
        ),
        AksiHtml(
            "tugaskan_ulang",
            gettext_lazy("Reassign"),
            f.TugaskanUlangForm,
            JALANKAN["tugaskan_ulang"],
        ),
        AksiHtml(
            "lepaskan",
            gettext_lazy("Return to the queue"),
            f.LepaskanForm,
            JALANKAN["lepaskan"],
            dialog=False,
        ),
        AksiHtml(
            "alihkan",
            gettext_lazy("Transfer to another unit"),
            f.AlihkanForm,
            JALANKAN["alihkan"],
        ),
        AksiHtml(
            "tolak",
            gettext_lazy("Reject"),
            f.TolakForm,
            JALANKAN["tolak"],
            bahaya=True,
        ),
    ]
}


def _form_aksi(aksi: AksiHtml, tiket: Tiket, data: Any = None, files: Any = None) -> f._VersiForm:
    opsi: dict[str, Any] = {"initial": {"versi": tiket.versi}}
    if aksi.form in (f.TugaskanForm, f.TugaskanUlangForm):
        opsi["anggota"] = halaman.anggota_unit(tiket=tiket)
    if aksi.form is f.AlihkanForm:
        opsi["unit"] = halaman.unit_tujuan_pengalihan()
        opsi["kecuali"] = tiket.unit_id
    form = aksi.form(data, files, auto_id=f"id_{aksi.nama}_%s", **opsi)
    if aksi.form is f.SelesaikanForm:
        # The product issued is a service request's; a complaint has none to state.
        if tiket.jenis == JenisTiket.PERMOHONAN:
            form.fields["produk"].required = True
        else:
            del form.fields["produk"]
    return form


def _isi_tiket(request: HttpRequest, aktor: Aktor, tiket: Tiket) -> dict[str, Any]:
    tampilan = selectors.detail_tiket(tiket=tiket, aktor=aktor)
    aksi = [
        {"aksi": AKSI[nama], "form": _form_aksi(AKSI[nama], tiket)}
        for nama in AKSI
        if nama in tampilan.aksi_tersedia
    ]
    return {
        "t": tampilan,
        "tiket": tiket,
        "aksi": aksi,
        "linimasa": halaman.linimasa(tampilan),
    }


def _halaman_tiket(
    request: HttpRequest,
    aktor: Aktor,
    tiket: Tiket,
    *,
    status: int = 200,
    form_balas: f.TanggapanForm | None = None,
    form_catatan: f.TanggapanForm | None = None,
) -> HttpResponse:
    sejak = selectors.urutan_terakhir()
    isi = _isi_tiket(request, aktor, tiket)
    templat = halaman.templat_unit(tiket=tiket)
    form_templat = f.PilihTemplatForm(request.GET or None, templat=templat)
    awal_balas: dict[str, Any] = {}
    if form_balas is None and form_templat.is_valid() and form_templat.cleaned_data["templat"]:
        # Without JavaScript, "Use" reloads the page with the chosen canned response in the reply box.
        try:
            terisi = halaman.isi_templat(
                tiket=tiket,
                aktor=aktor,
                templat_id=int(form_templat.cleaned_data["templat"]),
                tenggat_teks=waktu(tiket.tenggat, tiket.unit),
            )
            awal_balas["isi"] = terisi.isi
        except KesalahanDomain as exc:
            messages.error(request, str(exc.pesan))
    isi.update(
        {
            "sejak": sejak,
            "form_templat": form_templat,
            "ada_templat": bool(templat),
            "form_balas": form_balas or f.TanggapanForm(initial=awal_balas, prefix="balas"),
            "form_catatan": form_catatan or f.TanggapanForm(internal=True, prefix="catatan"),
        }
    )
    return render(request, "antrian/petugas/tiket.html", isi, status=status)


@khusus_petugas
@require_GET
def tiket(request: HttpRequest, nomor: str) -> HttpResponse:
    aktor = _aktor(request)
    return _halaman_tiket(request, aktor, _tiket(aktor, nomor))


@khusus_petugas
@require_GET
def bagian_tiket(request: HttpRequest, nomor: str) -> HttpResponse:
    """The tiket's state, actions and timeline, for the live refresh."""
    aktor = _aktor(request)
    isi = _isi_tiket(request, aktor, _tiket(aktor, nomor))
    return render(request, "antrian/petugas/_bagian_tiket.html", isi)


@khusus_petugas
@require_http_methods(["GET", "POST"])
def aksi_tiket(request: HttpRequest, nomor: str, aksi: str) -> HttpResponse:
    """GET: the action's form as a page of its own (what the dialog falls back to without JavaScript).
    POST: run it through its service."""
    definisi = AKSI.get(aksi.replace("-", "_"))
    if definisi is None:
        raise Http404()
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    status = 200
    if request.method == "GET":
        form = _form_aksi(definisi, tiket)
    else:
        form = _form_aksi(definisi, tiket, request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if "lampiran" in data:
                    data["lampiran"] = periksa_semua(list(data["lampiran"]))
                definisi.jalankan(tiket, aktor, data, data.get("versi"))
            except DataTidakValid as exc:
                _galat_ke_form(form, exc)
            except TidakDitemukan as exc:
                raise Http404(str(exc.pesan)) from exc
            except KesalahanDomain as exc:
                # Not allowed (403) or no longer possible / changed meanwhile (409): say so on the tiket.
                messages.error(request, str(exc.pesan))
                return _halaman_tiket(request, aktor, selectors.tiket_segar(tiket), status=exc.status_http)
            else:
                messages.success(request, _("%(aksi)s: done.") % {"aksi": definisi.label})
                segar = selectors.tiket_segar(tiket)
                if not aktor.anggota_unit(segar.unit_id):
                    # Transferred out of the officer's units: the tiket is no longer theirs to open.
                    return HttpResponseRedirect(reverse("antrian:petugas-antrian"), status=303)
                return HttpResponseRedirect(_url_tiket(segar), status=303)
    if (
        definisi.nama not in selectors.detail_tiket(tiket=tiket, aktor=aktor).aksi_tersedia
        and request.method == "GET"
    ):
        messages.warning(request, _("This action is not available for this ticket now."))
    return render(
        request,
        "antrian/petugas/aksi.html",
        {"tiket": tiket, "aksi": definisi, "form": form},
        status=status,
    )


def _sidik(*bagian: str) -> str:
    return hashlib.sha256("\x1f".join(bagian).encode()).hexdigest()


@khusus_petugas
@require_POST
def tanggapan(request: HttpRequest, nomor: str) -> HttpResponse:
    """A public reply or an internal note, written once per rendered form (its `kunci_idempoten`)."""
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    internal = request.POST.get("catatan-internal") in ("True", "true", "on", "1")
    awalan = "catatan" if internal else "balas"
    form = f.TanggapanForm(request.POST, request.FILES, prefix=awalan, internal=internal)
    formulir = {"form_catatan" if internal else "form_balas": form}
    if not form.is_valid():
        return _halaman_tiket(request, aktor, tiket, status=400, **formulir)
    d = form.cleaned_data
    cakupan = f"html-tanggapan:{aktor.pengguna_id}"
    try:
        lampiran = periksa_semua(list(d["lampiran"]))
        with transaction.atomic():
            if KunciIdempoten.objects.filter(cakupan=cakupan, kunci=d["kunci_idempoten"]).exists():
                # The same form again (double click, retried POST): the first one already wrote it.
                return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)
            hasil = services.tiket_tanggapi(
                tiket=tiket, aktor=aktor, isi=d["isi"], internal=internal, lampiran=lampiran
            )
            KunciIdempoten.objects.create(
                cakupan=cakupan,
                kunci=d["kunci_idempoten"],
                sidik=_sidik(d["isi"], str(internal)),
                tiket=tiket,
                respons={"tanggapan": hasil.pk},
            )
    except IntegrityError:
        # A second copy of the form raced the first past the check: the first one's reply stands.
        return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)
    except DataTidakValid as exc:
        _galat_ke_form(form, exc)
        return _halaman_tiket(request, aktor, tiket, status=400, **formulir)
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except KesalahanDomain as exc:
        messages.error(request, str(exc.pesan))
        return _halaman_tiket(
            request, aktor, selectors.tiket_segar(tiket), status=exc.status_http, **formulir
        )
    messages.success(request, _("Internal note saved.") if internal else _("Reply sent."))
    return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)


@khusus_petugas
@require_GET
def templat(request: HttpRequest, nomor: str) -> HttpResponse:
    """A canned response filled in for this tiket, as plain text for the reply box (JavaScript path)."""
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    try:
        templat_id = int(request.GET.get("templat", ""))
    except ValueError:
        return HttpResponse(
            _("Choose a canned response."), status=400, content_type="text/plain; charset=utf-8"
        )
    try:
        terisi = halaman.isi_templat(
            tiket=tiket, aktor=aktor, templat_id=templat_id, tenggat_teks=waktu(tiket.tenggat, tiket.unit)
        )
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc
    return HttpResponse(terisi.isi, content_type="text/plain; charset=utf-8")
