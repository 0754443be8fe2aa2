"""The portal's URLs plus views that fail on purpose, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def dilarang(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Tiket ini milik unit lain.")


def dilarang_tanpa_pesan(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def mencurigakan(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


def rusak(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("bug")


urlpatterns = [
    path("uji/dilarang/", dilarang),
    path("uji/dilarang-polos/", dilarang_tanpa_pesan),
    path("uji/mencurigakan/", mencurigakan),
    path("uji/rusak/", rusak),
    path("", include("config.urls")),
]
