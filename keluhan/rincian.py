"""The keluhan's part of a tiket's detail, registered with `antrian.rincian` at startup."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrian.izin import Aktor
    from antrian.models import Tiket


def _angka(nilai: Decimal | None) -> float | None:
    return float(nilai) if nilai is not None else None


def rincian_keluhan(tiket: Tiket, aktor: Aktor) -> dict[str, Any]:
    """Category, text and location. Who filed it is the antrian API's business (it hides identity)."""
    from keluhan.models import Keluhan

    try:
        # `tiket.keluhan` uses the caller's select_related("keluhan__kategori") when there is one.
        keluhan = tiket.keluhan  # type: ignore[attr-defined]
    except Keluhan.DoesNotExist:
        return {}
    return {
        "kategori": {"kode": keluhan.kategori.kode, "nama": keluhan.kategori.nama},
        "judul": keluhan.judul,
        "isi": keluhan.isi,
        "lokasi": {
            "lintang": _angka(keluhan.lintang),
            "bujur": _angka(keluhan.bujur),
            "alamat": keluhan.alamat,
        },
        "anonim": keluhan.anonim,
        "rahasia": keluhan.rahasia,
    }
