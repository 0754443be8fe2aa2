"""The only place that knows channel-layer group names and sends to them.

Services call `siarkan_setelah_commit(peristiwa)`: the message leaves only after the transaction commits,
so no client sees a state that was rolled back. A broadcast failure (Redis down) is logged, never raised:
the event log is the source of truth and clients catch up from it on reconnect.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

if TYPE_CHECKING:
    from antrian.models import Peristiwa

log = logging.getLogger(__name__)


def grup_unit(unit_id: int) -> str:
    return f"antrian.unit.{unit_id}"


def grup_petugas(petugas_id: int) -> str:
    return f"antrian.petugas.{petugas_id}"


def grup_tiket(tiket_id: int) -> str:
    return f"antrian.tiket.{tiket_id}"


def muatan(peristiwa: Peristiwa, nomor: str, status: str) -> dict[str, Any]:
    """Small JSON: ids, kind, number and state only — never a citizen's identity or NIK."""
    return {
        "type": "peristiwa.tiket",
        "id": peristiwa.pk,
        "jenis": peristiwa.jenis,
        "aksi": peristiwa.aksi,
        "nomor": nomor,
        "status": status,
        "unit": peristiwa.unit_id,
    }


def _kirim(grup_pesan: list[tuple[str, dict[str, Any]]]) -> None:
    try:
        # Building the layer can fail too (bad CHANNEL_LAYERS, Redis library missing): this runs after
        # the commit, so raising here would answer an error for a change that was saved.
        layer = get_channel_layer()
        if layer is None:
            return
        for grup, pesan in grup_pesan:
            async_to_sync(layer.group_send)(grup, pesan)
    except Exception:
        log.exception("Siaran peristiwa gagal; klien akan menyusul dari log peristiwa")


def siarkan_setelah_commit(peristiwa: Peristiwa, *, nomor: str, status: str, petugas_id: int | None) -> None:
    pesan = muatan(peristiwa, nomor, status)
    tujuan = [(grup_unit(peristiwa.unit_id), pesan)]
    unit_asal = peristiwa.data.get("unit_asal")
    if unit_asal and unit_asal != peristiwa.unit_id:
        # A transfer leaves one queue and enters another: both hear of it.
        tujuan.append((grup_unit(unit_asal), pesan))
    if petugas_id is not None:
        tujuan.append((grup_petugas(petugas_id), pesan))
    if peristiwa.publik:
        tujuan.append((grup_tiket(peristiwa.tiket_id), pesan))
    transaction.on_commit(lambda: _kirim(tujuan))
