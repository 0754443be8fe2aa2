"""API v1 of the performance metrics, under /api/v1/kinerja/."""

from __future__ import annotations

from django.urls import URLPattern, path

from antrian.api.kinerja.views import (
    KinerjaLayananApi,
    KinerjaPetugasApi,
    KinerjaSayaApi,
    KinerjaSkmApi,
    KinerjaTiketApi,
    KinerjaTrenApi,
    KinerjaUnitApi,
)

urlpatterns: list[URLPattern] = [
    path("kinerja/unit/", KinerjaUnitApi.as_view(), name="kinerja-unit"),
    path("kinerja/petugas/", KinerjaPetugasApi.as_view(), name="kinerja-petugas"),
    path("kinerja/layanan/", KinerjaLayananApi.as_view(), name="kinerja-layanan"),
    path("kinerja/tren/", KinerjaTrenApi.as_view(), name="kinerja-tren"),
    path("kinerja/saya/", KinerjaSayaApi.as_view(), name="kinerja-saya"),
    path("kinerja/tiket/", KinerjaTiketApi.as_view(), name="kinerja-tiket"),
    path("kinerja/skm/", KinerjaSkmApi.as_view(), name="kinerja-skm"),
]
