"""Type-specific detail of a tiket (the permohonan's service and answers, the keluhan's category and
location), provided by the app that owns it, so the lifecycle app never imports them.

`layanan` and `keluhan` register a provider in their `AppConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrian.izin import Aktor
    from antrian.models import Tiket

Penyedia = Callable[["Tiket", "Aktor"], dict[str, Any]]
_PENYEDIA: dict[str, Penyedia] = {}


def daftarkan(jenis: str, penyedia: Penyedia) -> None:
    _PENYEDIA[jenis] = penyedia


def rincian_tiket(tiket: Tiket, aktor: Aktor) -> dict[str, Any]:
    penyedia = _PENYEDIA.get(tiket.jenis)
    return penyedia(tiket, aktor) if penyedia else {}
