"""Websocket routes. The consumers arrive with the work-queue issue; the list exists so ASGI is wired."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
