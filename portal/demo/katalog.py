"""Demo Tubei: the service catalogue with each service's published standard (Permenpan RB 15/2014)."""

from __future__ import annotations

from typing import Any

from portal.demo.katalog_adminduk import LAYANAN_ADMINDUK
from portal.demo.katalog_lain import LAYANAN_LAIN

LAYANAN: list[dict[str, Any]] = [*LAYANAN_ADMINDUK, *LAYANAN_LAIN]
