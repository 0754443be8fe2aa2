"""A citizen's own personal data: download and account deletion (UU 27/2022)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
