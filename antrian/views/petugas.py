"""The officer's workspace: live queue, a ticket with its timeline and actions, my work."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
