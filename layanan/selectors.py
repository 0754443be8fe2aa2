"""Reads of the catalogue and of permohonan, with their joins done once for API, HTML and Open311 alike."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from antrian.exceptions import TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Tiket
from layanan.models import JenisLayanan, Permohonan

_MAKS_KATA_CARI = 5


def layanan_tersedia() -> QuerySet[JenisLayanan]:
    """Services a citizen may see and file: active, at an active unit."""
    return JenisLayanan.objects.filter(aktif=True, unit__aktif=True)


def layanan_katalog(*, kelompok: str | None = None, q: str | None = None) -> QuerySet[JenisLayanan]:
    """The public catalogue. `q` matches every word against name, keywords or summary."""
    qs = layanan_tersedia().select_related("unit").order_by("kelompok", "nama", "id")
    if kelompok:
        qs = qs.filter(kelompok__iexact=kelompok.strip())
    for kata in (q or "").split()[:_MAKS_KATA_CARI]:
        qs = qs.filter(Q(nama__icontains=kata) | Q(kata_kunci__icontains=kata) | Q(ringkasan__icontains=kata))
    return qs


def layanan_kelompok() -> list[str]:
    """The groups of the public catalogue, for a filter menu."""
    return list(
        layanan_tersedia()
        .exclude(kelompok="")
        .order_by("kelompok")
        .values_list("kelompok", flat=True)
        .distinct()
    )


def layanan_rinci(*, kode: str) -> JenisLayanan:
    """One available service with its unit, document checklist and form fields; 404 otherwise (an
    inactive service looks exactly like one that never existed)."""
    layanan = (
        layanan_tersedia()
        .select_related("unit")
        .prefetch_related("persyaratan", "isian")
        .filter(kode=kode)
        .first()
    )
    if layanan is None:
        raise TidakDitemukan()
    return layanan


def boleh_lihat_standar_internal(aktor: Aktor) -> bool:
    """The internal part of the standard is for officers, oversight and the admin, not the public."""
    pengguna = aktor.pengguna
    if pengguna is None:
        return False
    if pengguna.is_staff or pengguna.is_superuser:
        return True
    return aktor.petugas is not None or aktor.adalah_manajer


def permohonan_dari_tiket(*, tiket: Tiket) -> Permohonan | None:
    """The permohonan of a tiket with its service's checklist and form, for the tiket detail."""
    return (
        Permohonan.objects.select_related("layanan")
        .prefetch_related("layanan__persyaratan", "layanan__isian")
        .filter(tiket=tiket)
        .first()
    )


def kode_persyaratan_terlampir(*, tiket: Tiket) -> set[str]:
    """Requirement codes that have at least one public document on the tiket."""
    return set(
        tiket.lampiran.filter(internal=False)
        .exclude(kode_persyaratan="")
        .values_list("kode_persyaratan", flat=True)
        .distinct()
    )
