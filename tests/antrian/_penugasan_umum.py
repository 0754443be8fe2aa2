"""Shared by the assignment tests (test_penugasan_*.py): a unit's strategy, an officer's open work and idle
time, and the system's assignment events. The ``otomatis`` fixture is in conftest.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from antrian import services
from antrian.models import (
    Keanggotaan,
    Peristiwa,
    Petugas,
    Tiket,
    Unit,
)
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor


def atur_strategi(unit: Unit, strategi: str) -> Unit:
    unit.strategi_penugasan = strategi
    unit.save(update_fields=["strategi_penugasan"])
    return unit


def beri_beban(petugas: Petugas, jumlah: int, unit_beban: Unit) -> list[Tiket]:
    """Give the officer `jumlah` open tikets in another (claiming) unit: open work counts in every unit."""
    Keanggotaan.objects.get_or_create(petugas=petugas, unit=unit_beban)
    hasil = []
    for _ in range(jumlah):
        tiket = buat_tiket(unit_beban).tiket
        hasil.append(services.tiket_ambil(tiket=tiket, aktor=aktor(petugas)))
    return hasil


def menganggur_sejak(petugas: Petugas, jam_lalu: float | None) -> None:
    waktu = None if jam_lalu is None else timezone.now() - dt.timedelta(hours=jam_lalu)
    Petugas.objects.filter(pk=petugas.pk).update(terakhir_ditugaskan_pada=waktu)


def penugasan_sistem(tiket: Tiket) -> list[Peristiwa]:
    return list(Peristiwa.objects.filter(tiket=tiket, aksi="tugaskan", aktor__isnull=True))
