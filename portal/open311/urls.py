from __future__ import annotations

from django.urls import URLPattern, re_path

from portal.open311 import views

app_name = "open311"

_FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns: list[URLPattern] = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.daftar_layanan, name="services"),
    re_path(r"^services/(?P<kode>[-\w.]{1,120})" + _FMT, views.definisi_layanan, name="service"),
    re_path(r"^requests" + _FMT, views.permintaan_daftar, name="requests"),
    re_path(r"^requests/(?P<nomor>[-\w]{1,40})" + _FMT, views.permintaan_satu, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]{1,80})" + _FMT, views.token, name="token"),
    re_path(r"^(?P<jalur>.*)$", views.tidak_ditemukan),
]
