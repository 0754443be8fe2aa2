"""Websocket routes, all under /ws/. config/asgi.py wraps them in the origin check and the session."""

from __future__ import annotations

from typing import Any

from django.urls import path

from antrian.consumers import DasborConsumer, PetugasConsumer, TiketConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/petugas/", PetugasConsumer.as_asgi(), name="ws-petugas"),
    path("ws/tiket/<str:nomor>/", TiketConsumer.as_asgi(), name="ws-tiket"),
    path("ws/dasbor/", DasborConsumer.as_asgi(), name="ws-dasbor"),
]
