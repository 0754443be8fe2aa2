"""Catalogue, each service's published standard, the submission wizard, the complaint form, confirmation."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
