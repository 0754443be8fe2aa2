"""Citizen-facing URLs; each area keeps its own list next to its views."""

from __future__ import annotations

from django.urls import path

from portal.views import umum
from portal.views.akun import urlpatterns as urls_akun
from portal.views.data_pribadi import urlpatterns as urls_data_pribadi
from portal.views.lacak import urlpatterns as urls_lacak
from portal.views.pengajuan import urlpatterns as urls_pengajuan
from portal.views.survei import urlpatterns as urls_survei
from portal.views.transparansi import urlpatterns as urls_transparansi

app_name = "portal"

urlpatterns = [
    path("", umum.beranda, name="beranda"),
    path("sehat/", umum.sehat, name="sehat"),
    *urls_pengajuan,
    *urls_lacak,
    *urls_akun,
    *urls_data_pribadi,
    *urls_survei,
    *urls_transparansi,
]
