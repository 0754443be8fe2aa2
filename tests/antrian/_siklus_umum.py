"""Shared by the lifecycle-rule tests (test_siklus_aturan.py, test_siklus_waktu.py, test_siklus_siaran.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def pada(*args: int) -> Any:
    """Freeze `timezone.now()` as the services see it (freezegun is not installed)."""
    return mock.patch("django.utils.timezone.now", return_value=dt.datetime(*args, tzinfo=WIB))
