"""Reads of the keluhan app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from antrian.exceptions import DataTidakValid
from keluhan.models import KategoriKeluhan


def kategori_keluhan_aktif() -> QuerySet[KategoriKeluhan]:
    """The categories a citizen may file under: active, with an active receiving unit. Public data."""
    return (
        KategoriKeluhan.objects.filter(aktif=True, unit_default__aktif=True)
        .select_related("unit_default")
        .order_by("urutan", "nama")
    )


def kategori_keluhan_dari_kode(*, kode: str) -> KategoriKeluhan:
    """The category with this code, active or not, so the submission service can say it is inactive."""
    kategori = (
        KategoriKeluhan.objects.select_related("unit_default").filter(kode=(kode or "").strip()).first()
    )
    if kategori is None:
        raise DataTidakValid(rincian={"kategori": [_("Unknown complaint category.")]})
    return kategori
