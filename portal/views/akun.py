"""Registration, login, logout, password reset and the citizen's own tickets."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
