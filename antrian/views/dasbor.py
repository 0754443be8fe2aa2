"""The manager's and supervisor's dashboard: live counters per unit."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
