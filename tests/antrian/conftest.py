"""Fixtures shared by the tests of this folder."""

from __future__ import annotations

import pytest

from antrian.models import StrategiPenugasan, Unit
from tests.antrian._penugasan_umum import atur_strategi


@pytest.fixture
def otomatis(unit: Unit) -> Unit:
    """The unit, switched to automatic assignment."""
    return atur_strategi(unit, StrategiPenugasan.OTOMATIS)
