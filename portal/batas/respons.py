"""The 429 answers of a refused request: HTML pages (the form re-rendered with what the citizen typed and
how long to wait), the API (the house error format, `antrian.api_umum`) and DRF throttle classes."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from portal.batas.inti import Ditolak, akun_dari, periksa_permintaan

TEMPLAT_429 = "portal/terlalu_sering.html"


def lama_tunggu(detik: int) -> str:
    """A wait as people say it: "40 detik", "15 menit", "2 jam" (rounded up, never shorter than it is)."""
    if detik < 60:
        return ngettext("%(n)d second", "%(n)d seconds", detik) % {"n": detik}
    if detik < 3600:
        menit = math.ceil(detik / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", menit) % {"n": menit}
    jam = math.ceil(detik / 3600)
    return ngettext("%(n)d hour", "%(n)d hours", jam) % {"n": jam}


def pesan(ditolak: Ditolak) -> str:
    return _("Too many attempts in a short time. Please wait %(waktu)s, then try again.") % {
        "waktu": lama_tunggu(ditolak.coba_lagi)
    }


def _tandai(respons: HttpResponse, ditolak: Ditolak) -> HttpResponse:
    respons["Retry-After"] = str(ditolak.coba_lagi)
    return respons


def html(request: HttpRequest, templat: str, konteks: dict[str, Any], ditolak: Ditolak) -> HttpResponse:
    """The page the citizen was on, with its bound form (nothing typed is lost), the wait as a message,
    429 and `Retry-After`."""
    messages.error(request, pesan(ditolak))
    return _tandai(render(request, templat, konteks, status=429), ditolak)


def halaman(request: HttpRequest, ditolak: Ditolak) -> HttpResponse:
    """A page of its own, for requests that have no form to show again (a tracking link)."""
    respons = render(request, TEMPLAT_429, {"pesan": pesan(ditolak)}, status=429)
    # Such pages are often reached by a link carrying a tracking token: keep the usual care.
    respons["Referrer-Policy"] = "same-origin"
    respons["X-Robots-Tag"] = "noindex, nofollow"
    return _tandai(respons, ditolak)


def tolak_dengan_halaman(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view that may raise `Ditolak` anywhere answers with `halaman`."""

    @wraps(view)
    def dibungkus(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except Ditolak as exc:
            return halaman(request, exc)

    return dibungkus


# --- API --------------------------------------------------------------------------------------------------


class TerlaluSering(Throttled):
    """429 for the API. The house handler (`antrian.api_umum.penangan_galat`) answers it as
    ``{"galat": {"kode": "terlalu_sering", ...}}`` with `Retry-After`."""

    default_code = "terlalu_sering"

    def __init__(self, ditolak: Ditolak) -> None:
        detail = _("Too many requests. Try again in %(detik)d seconds.") % {"detik": ditolak.coba_lagi}
        super().__init__(wait=ditolak.coba_lagi, detail=detail)


class BatasDrf(BaseThrottle):
    """A DRF throttle over one rule family (`aturan`): per IP and, when logged in, per account. Safe
    methods are never counted. Refusals raise `TerlaluSering` (its wait in the body and the header)."""

    aturan = ""

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            periksa_permintaan(request, self.aturan, akun=akun_dari(request))
        except Ditolak as exc:
            raise TerlaluSering(exc) from exc
        return True


class BatasPengajuan(BatasDrf):
    """Public submissions (permohonan, keluhan): ``BATAS_PENGAJUAN`` per account, ``_IP`` per address."""

    aturan = "pengajuan"
