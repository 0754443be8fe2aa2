"""What the officer's pages share: the access guard, the Aktor of the request, a tiket the officer may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.selectors import halaman

UKURAN_HALAMAN = 25

View = Callable[..., HttpResponse]


def _aktor(request: HttpRequest) -> Aktor:
    return Aktor.dari_permintaan(request)


def khusus_petugas(view: View) -> View:
    """Logged in (else the login page) and an officer of some unit (else the 403 page)."""

    @wraps(view)
    def bungkus(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            halaman.wajib_petugas(_aktor(request))
        except TidakDiizinkan as exc:
            raise PermissionDenied(str(exc.pesan)) from exc
        return view(request, *args, **kwargs)

    return never_cache(login_required(bungkus))


def _galat_ke_form(form: BaseForm, exc: DataTidakValid) -> None:
    """A service's validation error, shown next to the field it names (or above the form)."""
    if not exc.rincian:
        form.add_error(None, str(exc.pesan))
    for medan, pesan in exc.rincian.items():
        for p in pesan if isinstance(pesan, list) else [pesan]:
            form.add_error(medan if medan in form.fields else None, str(p))


def _tiket(aktor: Aktor, nomor: str) -> Tiket:
    try:
        return halaman.tiket_untuk_petugas(aktor=aktor, nomor=nomor)
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc


def _url_tiket(tiket: Tiket) -> str:
    return reverse("antrian:petugas-tiket", kwargs={"nomor": tiket.nomor})


# --- the queue -------------------------------------------------------------------------------------------
