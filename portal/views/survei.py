"""/lacak/<nomor>/survei/: the citizen answers the satisfaction survey of a completed tiket.

Reached like the tracking page (account, or the guest's token in the link) and answered with the same
care: no referrer, no indexing, no caching, the token in the form body. Only the tiket's citizen may
answer; others who may see the tiket get 403, a wrong token or another citizen's tiket the same 404 as
the tracking page. Saved answers send the citizen back to the tracking page with a thank-you
(post-redirect-get).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from antrian.exceptions import DataTidakValid, KesalahanDomain, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.services.survei import survei_boleh_diisi, survei_isi, survei_sudah_diisi
from portal import batas
from portal.forms_survei import SurveiForm
from portal.views.lacak import _baca, _jangan_bocor, _tidak_ditemukan, _token_dari, alamat_lacak


def _halaman(
    request: HttpRequest,
    tiket: Tiket,
    token: str | None,
    form: SurveiForm | None,
    *,
    status: int = 200,
    pesan: Any = None,
) -> HttpResponse:
    konteks = {
        "tiket": tiket,
        "token": token,
        "form": form,
        "pesan": pesan,
        "alamat_lacak": alamat_lacak(tiket.nomor or "", token),
    }
    return _jangan_bocor(render(request, "portal/survei.html", konteks, status=status))


def _penghalang(tiket: Tiket, aktor: Aktor) -> tuple[int, str] | None:
    """Why this visitor cannot answer now, as (status, message); None when they can."""
    if not aktor.pemilik(tiket):
        return 403, _("Only the citizen who filed this ticket can answer its survey.")
    if not survei_boleh_diisi(tiket):
        return 409, _("The survey can be answered once the ticket has been completed.")
    return None


def _sudah(request: HttpRequest, nomor: str, token: str | None) -> HttpResponse:
    messages.info(request, _("The survey for this ticket has already been answered. Thank you."))
    return _jangan_bocor(HttpResponseRedirect(alamat_lacak(nomor, token), status=303))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@batas.tolak_dengan_halaman
def survei(request: HttpRequest, nomor: str) -> HttpResponse:
    token = _token_dari(request)
    try:
        tiket, aktor = _baca(request, nomor, token)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    penghalang = _penghalang(tiket, aktor)
    if penghalang is not None:
        status, pesan = penghalang
        return _halaman(request, tiket, token, None, status=status, pesan=pesan)
    if survei_sudah_diisi(tiket):
        return _sudah(request, nomor, token)
    if request.method != "POST":
        return _halaman(request, tiket, token, SurveiForm())

    form = SurveiForm(request.POST)
    try:
        # Per ticket (a guest's token is its only identity) and per address.
        batas.periksa_permintaan(request, "survei", akun=f"tiket:{tiket.pk}")
    except batas.Ditolak as exc:  # the answers come back as given, with how long to wait
        messages.error(request, batas.pesan(exc))
        respons = _halaman(request, tiket, token, form, status=429)
        respons["Retry-After"] = str(exc.coba_lagi)
        return respons
    if not form.is_valid():
        return _halaman(request, tiket, token, form, status=400)
    try:
        survei_isi(tiket=tiket, aktor=aktor, jawaban=form.jawaban(), saran=form.cleaned_data["saran"])
    except DataTidakValid as exc:
        for medan, daftar in exc.rincian.items():
            form.add_error(medan if medan in form.fields else None, [str(x) for x in daftar])
        return _halaman(request, tiket, token, form, status=400)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    except KesalahanDomain as exc:
        if survei_sudah_diisi(tiket):  # answered meanwhile, e.g. a double submit from two tabs
            return _sudah(request, nomor, token)
        return _halaman(request, tiket, token, None, status=exc.status_http, pesan=exc.pesan)
    messages.success(
        request, _("Thank you for answering the survey. Your answers help the unit improve its service.")
    )
    return _jangan_bocor(HttpResponseRedirect(alamat_lacak(nomor, token), status=303))


urlpatterns = [
    path("lacak/<str:nomor>/survei/", survei, name="lacak-survei"),
]
