"""/petugas/kinerja/: an officer's own figures next to their units' (`kinerja_saya`).

Only the officer's own figures and their units' aggregates: never another officer's. The services where
the officer is slower or less well rated than the unit are shown as material for growth, not as blame.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian.exceptions import TidakDiizinkan
from antrian.selectors import kinerja as k
from antrian.views.kinerja._umum import RentangForm, aktor_dari, tolak


@never_cache
@require_GET
@login_required
def kinerja_saya(request: HttpRequest) -> HttpResponse:
    aktor = aktor_dari(request)
    if aktor.petugas is None:
        # Refused before the dates are read: a citizen learns nothing from a 400.
        raise PermissionDenied(_("Only officers have their own performance page."))
    form = RentangForm(request.GET)
    if not form.is_valid():
        return render(request, "antrian/kinerja/saya.html", {"form": form}, status=400)
    try:
        hasil = k.kinerja_saya(aktor=aktor, rentang=form.rentang)
    except TidakDiizinkan as exc:
        raise tolak(exc) from exc
    return render(
        request,
        "antrian/kinerja/saya.html",
        {"form": form, "hasil": hasil, "rentang": form.rentang, "skm_min": k.SKM_MIN_RESPONDEN},
    )
