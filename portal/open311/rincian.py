"""What an Open311 client sent with a request that the tiket does not hold, for the staff handling it: the
client app, and for a service request (whose form has no place for them) the description and location.
A complaint's text and location are already the keluhan's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrian.izin import Aktor
    from antrian.models import Tiket


def rincian_open311(tiket: Tiket, aktor: Aktor) -> dict[str, Any]:
    from antrian.selectors.tiket import melihat_sebagai_staf
    from portal.models import PermintaanOpen311

    if not melihat_sebagai_staf(aktor, tiket):
        return {}  # the reporter knows what they sent; a guest's view carries nothing more
    try:
        # Joined by `tiket_untuk` (the relation is registered with the provider): no query of its own.
        o311 = tiket.open311  # type: ignore[attr-defined]
    except PermintaanOpen311.DoesNotExist:
        return {}
    rahasia = tiket.anonim or tiket.identitas_rahasia
    return {
        "open311": {
            "aplikasi": o311.aplikasi.nama,
            "deskripsi": o311.deskripsi,
            "lokasi": {
                "lintang": float(o311.lintang) if o311.lintang is not None else None,
                "bujur": float(o311.bujur) if o311.bujur is not None else None,
                "alamat": o311.alamat,
                "alamat_id": o311.alamat_id,
            },
            # A link chosen by the client: shown as an address to copy, never fetched by the portal.
            "media_url": "" if rahasia else o311.media_url,
        }
    }
