"""The home page with the service catalogue, and /sehat/ for the load balancer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
