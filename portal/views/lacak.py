"""Tracking a tiket (by number + token, or from the account) and the citizen's actions on it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian import selectors as antrian_selectors
from antrian.exceptions import TidakDitemukan
from antrian.izin import Aktor


def _jangan_bocor(respons: HttpResponse) -> HttpResponse:
    # The URL carries the secret token: never send it on as a referrer, never let a proxy keep the page.
    respons["Referrer-Policy"] = "no-referrer"
    respons["X-Robots-Tag"] = "noindex, nofollow"
    return respons


@never_cache
@require_GET
def lacak(request: HttpRequest, nomor: str) -> HttpResponse:
    token = (request.GET.get("token") or "").strip() or None
    try:
        tiket, aktor = antrian_selectors.tiket_untuk(
            aktor=Aktor.dari_pengguna(request.user), nomor=nomor, token=token
        )
    except TidakDitemukan:
        return _jangan_bocor(render(request, "portal/lacak_tidak_ditemukan.html", status=404))
    peristiwa = [
        {
            "waktu": p.dibuat_pada,
            "label": antrian_selectors.label_aksi(p.aksi),
            "catatan": p.catatan,
        }
        for p in antrian_selectors.peristiwa_untuk(tiket=tiket, aktor=aktor, hanya_publik=True)
    ]
    return _jangan_bocor(render(request, "portal/lacak.html", {"tiket": tiket, "peristiwa": peristiwa}))


urlpatterns = [
    path("lacak/<str:nomor>/", lacak, name="lacak"),
]
