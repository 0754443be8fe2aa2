"""What every page's frame needs to know about its viewer, computed only if the template asks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from antrian.izin import Aktor


def _peran(request: HttpRequest) -> dict[str, bool]:
    aktor = Aktor.dari_permintaan(request)  # the view's own, when it built one: its queries are done
    if aktor.pengguna is None:
        return {"masuk": False, "petugas": False, "supervisor": False, "manajer": False, "admin": False}
    return {
        "masuk": True,
        "petugas": aktor.petugas is not None,
        "supervisor": bool(aktor.unit_supervisi_ids),
        "manajer": aktor.adalah_manajer,
        "admin": aktor.adalah_admin,
    }


def ui(request: HttpRequest) -> dict[str, Any]:
    # Lazy: a page that never shows the navigation (an error page, a partial) costs no query.
    return {"peran": SimpleLazyObject(lambda: _peran(request))}
