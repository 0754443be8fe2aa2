"""Plain HTML pages: the home page with the service catalogue, a guest's tracking page, and /sehat/."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian import selectors as antrian_selectors
from antrian.exceptions import TidakDitemukan
from antrian.izin import Aktor
from portal import selectors


def teks_biaya(biaya: Decimal | int | None) -> str:
    if not biaya:
        return _("Free")
    # Rupiah uses '.' for thousands: Rp 10.000
    return "Rp " + f"{int(biaya):,}".replace(",", ".")


def _baris_layanan(layanan: Any) -> dict[str, Any]:
    return {
        "kode": layanan.kode,
        "nama": layanan.nama,
        "ringkasan": getattr(layanan, "ringkasan", ""),
        "jangka_waktu_hari": layanan.jangka_waktu_hari,
        "biaya": teks_biaya(layanan.biaya),
        "unit": getattr(layanan.unit, "nama", "") if getattr(layanan, "unit_id", None) else "",
    }


@require_GET
def beranda(request: HttpRequest) -> HttpResponse:
    katalog = [(kelompok, [_baris_layanan(x) for x in isi]) for kelompok, isi in selectors.katalog_layanan()]
    return render(
        request,
        "portal/beranda.html",
        {"katalog": katalog, "kategori": selectors.kategori_keluhan()},
    )


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


@never_cache
@require_GET
def sehat(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for the load balancer."""
    try:
        with connection.cursor() as kursor:
            kursor.execute("SELECT 1")
            kursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "gagal", "database": "gagal"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
