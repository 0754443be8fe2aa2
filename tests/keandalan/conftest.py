"""Fixtures of the fault tests."""

from __future__ import annotations

import pytest

from tests.keandalan._proses import KUNCI_RAHASIA


@pytest.fixture(autouse=True)
def _kunci_rahasia_bersama(settings: pytest.FixtureRequest) -> None:
    # Sessions made here are read by the started processes, which run with DEBUG off and so need a key
    # other than the public placeholder: both sides use this one.
    settings.SECRET_KEY = KUNCI_RAHASIA  # type: ignore[attr-defined]
