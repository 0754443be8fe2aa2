"""The home page: the way in for a citizen (search, the three entry points, the catalogue), and /sehat/
for the load balancer."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import selectors
from portal.forms_pengajuan import CariForm


@require_GET
def beranda(request: HttpRequest) -> HttpResponse:
    cari = CariForm(request.GET or None)
    q, _kelompok = cari.nilai() if request.GET else ("", "")
    hasil = selectors.cari_katalog(q=q)
    return render(request, "portal/beranda.html", {"cari": cari, "hasil": hasil})


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
