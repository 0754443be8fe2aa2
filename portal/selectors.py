"""Reads for the portal: a user's profile and roles, the public catalogue for the home page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from antrian.izin import GRUP_WARGA, Aktor
from antrian.models import Keanggotaan, Peran
from portal.models import Pengguna

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnitPeran:
    kode: str
    nama: str
    peran: str


@dataclass(frozen=True)
class Profil:
    pengguna: Pengguna
    peran: list[str]
    unit: list[UnitPeran] = field(default_factory=list)


def profil_pengguna(*, pengguna: Pengguna) -> Profil:
    aktor = Aktor.dari_pengguna(pengguna)
    keanggotaan = list(
        Keanggotaan.objects.filter(petugas__pengguna=pengguna).select_related("unit").order_by("unit__nama")
    )
    peran = []
    if GRUP_WARGA in aktor.grup:
        peran.append("warga")
    if keanggotaan:
        peran.append("petugas")
    if any(k.peran == Peran.SUPERVISOR for k in keanggotaan):
        peran.append("supervisor")
    if aktor.adalah_manajer:
        peran.append("manajer")
    if aktor.adalah_admin:
        peran.append("admin")
    unit = [UnitPeran(kode=k.unit.kode, nama=k.unit.nama, peran=k.peran) for k in keanggotaan]
    return Profil(pengguna=pengguna, peran=peran, unit=unit)


def _model(app_label: str, nama: str) -> Any | None:
    try:
        return apps.get_model(app_label, nama)
    except LookupError:
        return None


def katalog_layanan() -> list[tuple[str, list[Any]]]:
    """Active services grouped by kelompok. Empty (never an error) while the catalogue is not there."""
    model = _model("layanan", "JenisLayanan")
    if model is None:
        return []
    try:
        # A savepoint, so a missing table (catalogue not migrated yet) cannot poison an outer transaction.
        with transaction.atomic():
            daftar = list(
                model.objects.filter(aktif=True).select_related("unit").order_by("kelompok", "nama")
            )
    except DatabaseError:
        log.warning("Katalog layanan tidak dapat dibaca", exc_info=True)
        return []
    lainnya = _("Other")
    return [
        (kelompok or lainnya, list(isi))
        for kelompok, isi in groupby(daftar, key=lambda layanan: layanan.kelompok or "")
    ]


def kategori_keluhan() -> list[Any]:
    model = _model("keluhan", "KategoriKeluhan")
    if model is None:
        return []
    try:
        with transaction.atomic():
            return list(model.objects.filter(aktif=True))
    except DatabaseError:
        log.warning("Kategori keluhan tidak dapat dibaca", exc_info=True)
        return []
