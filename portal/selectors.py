"""Reads for the portal: a user's profile and roles, the public catalogue for the home page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models import Q
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


# --- the citizen's way in: catalogue search -----------------------------------------------------------

_MAKS_KATA_CARI = 5
MAKS_PANJANG_CARI = 100


@dataclass(frozen=True)
class HasilKatalog:
    """What the home page and /layanan/ show: services grouped by kelompok, and complaint categories."""

    q: str
    kelompok_layanan: list[tuple[str, list[Any]]]
    kategori: list[Any]
    semua_kelompok: list[str] = field(default_factory=list)

    @property
    def jumlah_layanan(self) -> int:
        return sum(len(isi) for _kelompok, isi in self.kelompok_layanan)

    @property
    def kosong(self) -> bool:
        return not self.kelompok_layanan and not self.kategori


def cari_katalog(*, q: str = "", kelompok: str = "", dengan_kategori: bool = True) -> HasilKatalog:
    """Services (and complaint categories) matching every word of `q`. Two queries whatever the size of
    the catalogue (three with the group menu): the unit comes with each service."""
    from keluhan.selectors import kategori_keluhan_aktif
    from layanan.selectors import layanan_katalog, layanan_kelompok

    q = " ".join((q or "").split())[:MAKS_PANJANG_CARI]
    kelompok = (kelompok or "").strip()[:100]
    try:
        # A savepoint, so a missing table (catalogue not migrated yet) cannot poison an outer transaction.
        with transaction.atomic():
            layanan = list(layanan_katalog(kelompok=kelompok or None, q=q or None))
            kategori: list[Any] = []
            if dengan_kategori and not kelompok:
                qs = kategori_keluhan_aktif()
                for kata in q.split()[:_MAKS_KATA_CARI]:
                    qs = qs.filter(Q(nama__icontains=kata) | Q(deskripsi__icontains=kata))
                kategori = list(qs)
            semua_kelompok = layanan_kelompok()
    except DatabaseError:
        log.warning("Katalog tidak dapat dibaca", exc_info=True)
        return HasilKatalog(q=q, kelompok_layanan=[], kategori=[])
    lainnya = _("Other")
    dikelompokkan = [
        (nama or lainnya, list(isi)) for nama, isi in groupby(layanan, key=lambda x: x.kelompok or "")
    ]
    return HasilKatalog(q=q, kelompok_layanan=dikelompokkan, kategori=kategori, semua_kelompok=semua_kelompok)
