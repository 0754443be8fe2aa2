from __future__ import annotations

from antrian import services
from antrian.models import Status
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor


def test_petugas_mengambil_tiket_dari_antrian(unit, petugas, warga):
    baru = buat_tiket(unit, pemohon=warga)
    tiket = services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    assert tiket.status == Status.DITUGASKAN
    assert tiket.petugas == petugas
