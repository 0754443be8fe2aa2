from __future__ import annotations

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("lacak/<str:nomor>/", views.lacak, name="lacak"),
    path("sehat/", views.sehat, name="sehat"),
]
