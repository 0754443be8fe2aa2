from __future__ import annotations

from django.urls import path

from layanan import api

urlpatterns = [
    path("layanan/", api.LayananDaftarApi.as_view(), name="layanan-daftar"),
    path("layanan/<slug:kode>/", api.LayananRinciApi.as_view(), name="layanan-rinci"),
    path("permohonan/", api.PermohonanAjukanApi.as_view(), name="permohonan-ajukan"),
]
