"""The manager's and supervisor's dashboard: live counters per unit.

The page renders the counters once (so it is complete with JavaScript off) and then follows /ws/dasbor/,
whose consumer sends the counters of every unit it may show on connect and again whenever a unit changes.
Counters are state, not events: there is no stream position to resume from, so the page carries none.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian import selectors
from antrian.exceptions import TidakDiizinkan
from antrian.izin import Aktor

# The four counters, in the order the page shows them; keys of `selectors.penghitung_dasbor` rows.
KUNCI_HITUNG = ("baru", "ditugaskan", "terlambat", "selesai_hari_ini")


def jumlahkan(baris: list[dict[str, Any]]) -> dict[str, int]:
    """Totals over the units the viewer sees."""
    return {kunci: sum(int(b[kunci]) for b in baris) for kunci in KUNCI_HITUNG}


@never_cache
@require_GET
@login_required
def dasbor(request: HttpRequest) -> HttpResponse:
    aktor = Aktor.dari_pengguna(request.user)
    try:
        baris = selectors.penghitung_dasbor(aktor=aktor)
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc
    return render(
        request,
        "antrian/dasbor/dasbor.html",
        {"baris": baris, "total": jumlahkan(baris), "dibaca_pada": timezone.now()},
    )


urlpatterns: list[URLPattern] = [
    path("dasbor/", dasbor, name="dasbor"),
]
