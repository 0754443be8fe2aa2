"""The authorisation matrix of the websocket routes (`antrian.routing.websocket_urlpatterns`), through
config.asgi's application: origin check, session, routing. A route without a row fails; each route x
actor is one case: accepted (its first frames arrive) or closed with the code written down, and no frame
carries a reporter's identity or a tiket the actor may not see.

Its own module: these cases need committed data (`transaction=True`), which must not meet the HTTP
matrix's module-wide transaction.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.db import connections

from antrian.routing import websocket_urlpatterns
from tests.keamanan._matriks import AKTOR, bangun, harapan
from tests.keamanan._matriks_periksa import nomor, sambung_ws, teks, tidak_bocor

STAF_ATAS = ("petugas", "supervisor", "manajer", "admin")


TERIMA = "terima"  # accepted: the stream's first frames arrive
DASBOR_WS = {"supervisor": TERIMA, "supervisor_lain": TERIMA}
RUTE_WS: dict[str, tuple[Any, dict[str, Any]]] = {
    "ws-petugas": (teks("/ws/petugas/?sejak=0"), harapan(4403, tanpa_akun=4401, staf=TERIMA)),
    "ws-tiket": (
        lambda d, a: f"/ws/tiket/{nomor(d, a)}/?sejak=0" + (f"&token={d.token(a)}" if d.token(a) else ""),
        harapan(4404, anonim=4401, pemilik=TERIMA, unit=TERIMA, atas=TERIMA),
    ),
    "ws-dasbor": (
        teks("/ws/dasbor/"),
        harapan(4403, tanpa_akun=4401, supervisor=TERIMA, supervisor_lain=TERIMA, atas=TERIMA),
    ),
}
# Whose first frames must carry citizen A's (the guest's) tiket number.
TANDA_WS = {"ws-petugas": ("petugas", "supervisor"), "ws-tiket": ("warga_a", "tamu_benar", *STAF_ATAS)}


def test_setiap_rute_websocket_punya_baris() -> None:
    rute = {p.name for p in websocket_urlpatterns}
    assert rute == set(RUTE_WS), f"without a row: {rute - set(RUTE_WS)}; stale rows: {set(RUTE_WS) - rute}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("nama", "aktor"), [(n, a) for n in RUTE_WS for a in AKTOR])
async def test_matriks_websocket(nama: str, aktor: str, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    d = await database_sync_to_async(lambda: bangun(status=("diajukan",)))()
    await database_sync_to_async(d.masuk_semua)()
    url, per_aktor = RUTE_WS[nama]
    alamat = await database_sync_to_async(url)(d, aktor)
    bingkai, kode = await sambung_ws(alamat, d.kuki.get(aktor))
    try:
        assert (TERIMA if kode is None else kode) == per_aktor[aktor], f"{nama} as {aktor}: {kode} {bingkai}"
        teks_bingkai = json.dumps(bingkai, ensure_ascii=False)
        tidak_bocor(d, aktor, teks_bingkai, alamat, nama)
        if aktor in TANDA_WS.get(nama, ()):
            assert nomor(d, aktor) in teks_bingkai, f"{nama}: {aktor} did not get the tiket's events"
    finally:
        await database_sync_to_async(connections.close_all)()
