"""Query parameters of the metrics API and exports -> the selectors' range and filters.

One parser for both front doors, so `?dari=...&unit=...` means the same thing in the API and in a
download. Errors are domain errors: a malformed value is 400 (`DataTidakValid`, by field), a unit or
officer that does not exist is 404 (`TidakDitemukan`). Whether the viewer may see a unit is decided by
the selectors, not here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.http import QueryDict
from django.utils.translation import gettext as _

from antrian import rincian
from antrian.exceptions import DataTidakValid, TidakDitemukan
from antrian.models import JenisTiket, Petugas, Unit
from antrian.selectors.kinerja import Rentang, Saringan

_KUNCI_LAYANAN = re.compile(r"^(layanan|keluhan):\d{1,18}$")


@dataclass(frozen=True)
class Permintaan:
    rentang: Rentang
    saringan: Saringan
    unit: Unit | None = None
    petugas: Petugas | None = None


def _teks(params: QueryDict | Mapping[str, str], nama: str) -> str:
    return (params.get(nama) or "").strip()


def unit_dari(nilai: str) -> Unit:
    """A unit by its code or, failing that, by its numeric id; 404 if neither exists."""
    unit = Unit.objects.filter(kode=nilai).first()
    if unit is None and nilai.isdigit() and len(nilai) <= 18:
        unit = Unit.objects.filter(pk=int(nilai)).first()
    if unit is None:
        raise TidakDitemukan(_("Unit not found."), rincian={"unit": [_("Unit not found.")]})
    return unit


def _petugas_dari(nilai: str) -> Petugas:
    if not nilai.isdigit() or len(nilai) > 18:
        raise DataTidakValid(rincian={"petugas": [_("Use the officer's numeric id.")]})
    petugas = Petugas.objects.select_related("pengguna").filter(pk=int(nilai)).first()
    if petugas is None:
        raise TidakDitemukan(_("Officer not found."), rincian={"petugas": [_("Officer not found.")]})
    return petugas


def baca_permintaan(params: QueryDict | Mapping[str, str], *, dengan_petugas: bool = False) -> Permintaan:
    """`dari`, `sampai` (YYYY-MM-DD), `unit` (code or id), `layanan` ("layanan:<id>" or
    "keluhan:<id>"), `jenis` (permohonan/keluhan) and, for the drill-down, `petugas` (id)."""
    galat: dict[str, list[str]] = {}
    try:
        rentang = Rentang.dari_teks(_teks(params, "dari") or None, _teks(params, "sampai") or None)
    except DataTidakValid as exc:
        galat.update(exc.rincian)
        rentang = Rentang.bawaan()
    layanan = _teks(params, "layanan")
    if layanan and not _KUNCI_LAYANAN.match(layanan):
        galat["layanan"] = [_('Use a service key such as "layanan:12" or "keluhan:3".')]
    elif layanan and layanan not in rincian.nama_layanan():
        galat["layanan"] = [_("Unknown service or complaint category.")]
    jenis = _teks(params, "jenis")
    if jenis and jenis not in JenisTiket.values:
        galat["jenis"] = [_("Choose one of: %(d)s.") % {"d": ", ".join(JenisTiket.values)}]
    if galat:
        raise DataTidakValid(rincian=galat)
    saringan = Saringan(layanan=layanan, jenis=jenis)
    kode = _teks(params, "unit")
    unit = unit_dari(kode) if kode else None
    if unit is not None:
        saringan = replace(saringan, unit_ids=frozenset({unit.pk}))
    petugas = None
    if dengan_petugas and _teks(params, "petugas"):
        petugas = _petugas_dari(_teks(params, "petugas"))
        saringan = replace(saringan, petugas_id=petugas.pk)
    return Permintaan(rentang=rentang, saringan=saringan, unit=unit, petugas=petugas)
