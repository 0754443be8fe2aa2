"""What the submission pages share: the service lookup, the submission rate limit shared with the API,
and handing a new tiket to the confirmation page through the session (POST-redirect-GET: the guest's
tracking token travels in the session, never in a URL, so it is in no access log)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from antrian.exceptions import TidakDitemukan
from layanan import selectors as layanan_selectors
from layanan.models import JenisLayanan
from portal import batas

KUNCI_TERKIRIM = "pengajuan_terkirim"
_MAKS_TERKIRIM = 5
# "Fill in an email address or phone number": said under the e-mail field, where the citizen looks.
PETA_KONTAK = {"kontak": "kontak_email"}


def layanan_atau_404(kode: str) -> JenisLayanan:
    try:
        return layanan_selectors.layanan_rinci(kode=kode)
    except TidakDitemukan as exc:
        raise Http404(_("Service not found or not accepting requests.")) from exc


def tamu(request: HttpRequest) -> bool:
    return not request.user.is_authenticated


def terlalu_sering(request: HttpRequest) -> batas.Ditolak | None:
    """The API's submission limits (BATAS_PENGAJUAN per account, BATAS_PENGAJUAN_IP per address), on the
    same counters as the API (portal.batas.BatasPengajuan); counts this submission. The refusal, if any."""
    try:
        batas.periksa_permintaan(request, "pengajuan", akun=batas.akun_dari(request))
    except batas.Ditolak as exc:
        return exc
    return None


def terlalu_sering_respons(
    request: HttpRequest, templat: str, konteks: dict[str, Any], ditolak: batas.Ditolak
) -> HttpResponse:
    """The form again with everything typed, 429, and how long to wait."""
    return batas.html(request, templat, konteks, ditolak)


def ke_konfirmasi(request: HttpRequest, body: dict[str, Any], *, anonim: bool) -> HttpResponseRedirect:
    terkirim = dict(request.session.get(KUNCI_TERKIRIM) or {})
    terkirim[body["nomor"]] = {
        "nomor": body["nomor"],
        "jenis": body["jenis"],
        "unit": body["unit"],
        "diajukan_pada": body["diajukan_pada"],
        "tenggat": body["tenggat"],
        "token": body["token_lacak"],
        "anonim": anonim,
        "tamu": not request.user.is_authenticated,
    }
    while len(terkirim) > _MAKS_TERKIRIM:
        terkirim.pop(next(iter(terkirim)))
    request.session[KUNCI_TERKIRIM] = terkirim
    return redirect("portal:terkirim", nomor=body["nomor"])
