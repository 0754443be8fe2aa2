from __future__ import annotations

from django.urls import path

from portal.api import DaftarApi, DataSayaApi, SayaApi, TokenApi

app_name = "portal_api"

urlpatterns = [
    path("akun/daftar/", DaftarApi.as_view(), name="akun-daftar"),
    path("akun/token/", TokenApi.as_view(), name="akun-token"),
    path("akun/saya/", SayaApi.as_view(), name="akun-saya"),
    path("akun/data-saya/", DataSayaApi.as_view(), name="akun-data-saya"),
]
