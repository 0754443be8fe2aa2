"""The tables the pages, the API and the exports show: per unit, officer and service, and an officer's
own."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from antrian import rincian
from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.izin import Aktor
from antrian.metrik import skm as skm_mod
from antrian.metrik.statistik import TOTAL
from antrian.models import Petugas, Unit
from antrian.selectors.kinerja.dasar import (
    SUDUT_LAYANAN,
    SUDUT_PETUGAS,
    SUDUT_TOTAL,
    SUDUT_UNIT,
    TANPA_SARINGAN,
    BarisKinerja,
    Rentang,
    Saringan,
    _cakup,
)
from antrian.selectors.kinerja.hitung import (
    _hitung,
    _sembunyikan_skm_kecil,
    _survei,
)
from antrian.selectors.kinerja.simpan import tersimpan

# --- what the pages, API and exports call ----------------------------------------------------------------


def kinerja_unit(
    *, aktor: Aktor, rentang: Rentang, saringan: Saringan = TANPA_SARINGAN, simpan: bool = False
) -> list[BarisKinerja]:
    """One row per unit the viewer may see (units with nothing in the range included), by name."""
    return ikhtisar_unit(aktor=aktor, rentang=rentang, saringan=saringan, dengan_total=False, simpan=simpan)[
        0
    ]


def ikhtisar_unit(
    *,
    aktor: Aktor,
    rentang: Rentang,
    saringan: Saringan = TANPA_SARINGAN,
    dengan_total: bool = True,
    simpan: bool = False,
) -> tuple[list[BarisKinerja], BarisKinerja | None]:
    """The per-unit overview: one row per unit the viewer may see, and the total over them, from the
    same passes over the data (the total's medians are over all tikets, not a median of medians).
    `simpan`: read through the one-minute store (`simpan.py`), as the pages, API and exports do."""
    s = _cakup(aktor, saringan)
    hitung = lambda: _ikhtisar(rentang, s, dengan_total)  # noqa: E731
    return tersimpan("ikhtisar", (rentang, s, dengan_total), hitung) if simpan else hitung()


def _ikhtisar(
    rentang: Rentang, s: Saringan, dengan_total: bool
) -> tuple[list[BarisKinerja], BarisKinerja | None]:
    baris = _hitung(rentang, s, SUDUT_UNIT, total=dengan_total)
    total = baris.pop(TOTAL, None)
    if total is not None:
        total.nama = _("All units") if s.unit_ids is None else _("Total")
    units = Unit.objects.all() if s.unit_ids is None else Unit.objects.filter(pk__in=s.unit_ids)
    hasil = []
    for unit in units.order_by("nama"):
        b = baris.get(unit.pk) or BarisKinerja(kunci=unit.pk, nama="")
        b.nama = unit.nama
        hasil.append(b)
    return hasil, total


def kinerja_total(*, aktor: Aktor, rentang: Rentang, saringan: Saringan = TANPA_SARINGAN) -> BarisKinerja:
    """The same figures over everything the viewer may see, as one row."""
    s = _cakup(aktor, saringan)
    b = _hitung(rentang, s, SUDUT_TOTAL).get(TOTAL) or BarisKinerja(kunci=None, nama="")
    b.nama = _("All units") if s.unit_ids is None else _("Total")
    return b


def kinerja_petugas(
    *,
    aktor: Aktor,
    rentang: Rentang,
    unit_id: int,
    saringan: Saringan = TANPA_SARINGAN,
    simpan: bool = False,
) -> list[BarisKinerja]:
    """One row per officer of a unit (members now, and anyone with figures in the unit in the range)."""
    s = _cakup(aktor, replace(saringan, unit_ids=frozenset({unit_id})))
    hitung = lambda: _per_petugas(rentang, s, unit_id)  # noqa: E731
    return tersimpan("petugas", (rentang, s, unit_id), hitung) if simpan else hitung()


def _per_petugas(rentang: Rentang, s: Saringan, unit_id: int) -> list[BarisKinerja]:
    baris = _hitung(rentang, s, SUDUT_PETUGAS)
    baris.pop(None, None)
    anggota = set(Petugas.objects.filter(keanggotaan__unit_id=unit_id).values_list("pk", flat=True))
    petugas = Petugas.objects.filter(pk__in=anggota | {k for k in baris if isinstance(k, int)})
    hasil = []
    for p in petugas.select_related("pengguna"):
        b = baris.get(p.pk) or BarisKinerja(kunci=p.pk, nama="", masuk=None, dialihkan=None)
        b.nama = p.nama
        hasil.append(b)
    return _sembunyikan_skm_kecil(sorted(hasil, key=lambda b: b.nama.lower()), pelengkap=True)


def kinerja_layanan(
    *, aktor: Aktor, rentang: Rentang, saringan: Saringan = TANPA_SARINGAN, simpan: bool = False
) -> list[BarisKinerja]:
    """One row per service / complaint category with anything in the range."""
    s = _cakup(aktor, saringan)
    hitung = lambda: _per_layanan(_hitung(rentang, s, SUDUT_LAYANAN))  # noqa: E731
    return tersimpan("layanan", (rentang, s), hitung) if simpan else hitung()


def _per_layanan(baris: dict[Hashable, BarisKinerja]) -> list[BarisKinerja]:
    nama = rincian.nama_layanan()
    for kunci, b in baris.items():
        b.nama = nama.get(str(kunci), str(kunci) or _("(unknown)"))
    return sorted(baris.values(), key=lambda b: b.nama.lower())


def skm_per(
    *,
    aktor: Aktor,
    rentang: Rentang,
    per: str,
    saringan: Saringan = TANPA_SARINGAN,
    unit_id: int | None = None,
) -> list[BarisKinerja]:
    """Only the SKM index per unit, service or officer of `unit_id` (rows as the full tables list them,
    with only `skm` filled): one query over the answers instead of every figure."""
    if per == "petugas":
        if unit_id is None:
            raise DataTidakValid(rincian={"unit": [_("Choose a unit.")]})
        saringan = replace(saringan, unit_ids=frozenset({unit_id}))
    s = _cakup(aktor, saringan)
    dimensi = {"unit": "unit_id", "layanan": "layanan", "petugas": "petugas_id"}.get(per)
    if dimensi is None:
        raise DataTidakValid(rincian={"per": [_("Choose one of: %(d)s.") % {"d": "unit, layanan, petugas"}]})
    indeks = skm_mod.indeks_per(_survei(rentang, s), dimensi)
    if per == "unit":
        units = Unit.objects.all() if s.unit_ids is None else Unit.objects.filter(pk__in=s.unit_ids)
        return [BarisKinerja(kunci=u.pk, nama=u.nama, skm=indeks.get(u.pk)) for u in units.order_by("nama")]
    if per == "layanan":
        return _per_layanan({k: BarisKinerja(kunci=k, nama="", skm=v) for k, v in indeks.items()})
    assert unit_id is not None  # checked above for per == "petugas"
    anggota = set(Petugas.objects.filter(keanggotaan__unit_id=unit_id).values_list("pk", flat=True))
    petugas = Petugas.objects.filter(pk__in=anggota | {k for k in indeks if isinstance(k, int)})
    baris = [
        BarisKinerja(kunci=p.pk, nama=p.nama, skm=indeks.get(p.pk))
        for p in petugas.select_related("pengguna")
    ]
    return _sembunyikan_skm_kecil(sorted(baris, key=lambda b: b.nama.lower()), pelengkap=True)


@dataclass
class KinerjaSaya:
    saya: BarisKinerja
    unit: list[BarisKinerja]  # each of the officer's units, over all its officers
    layanan: list[tuple[BarisKinerja, BarisKinerja | None]]  # mine per service, with the unit's
    perhatian: list[tuple[BarisKinerja, BarisKinerja, str]]  # where I am slowest / least rated


def kinerja_saya(*, aktor: Aktor, rentang: Rentang) -> KinerjaSaya:
    """An officer's own figures against their units' figures, per service too, and where they lag."""
    if aktor.petugas is None:
        raise TidakDiizinkan(_("Only officers have their own performance page."))
    saringan_saya = Saringan(petugas_id=aktor.petugas.pk)
    saya = _hitung(rentang, saringan_saya, SUDUT_TOTAL).get(TOTAL) or BarisKinerja(kunci=None, nama="")
    saya.nama, saya.masuk, saya.dialihkan = aktor.petugas.nama, None, None
    unit_ids = frozenset(aktor.unit_ids)
    unit_baris = _hitung(rentang, Saringan(unit_ids=unit_ids), SUDUT_UNIT)
    units = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("nama"):
        b = unit_baris.get(unit.pk) or BarisKinerja(kunci=unit.pk, nama="")
        b.nama = unit.nama
        units.append(b)
    milik = {b.kunci: b for b in _per_layanan(_hitung(rentang, saringan_saya, SUDUT_LAYANAN))}
    pembanding = {
        b.kunci: b for b in _per_layanan(_hitung(rentang, Saringan(unit_ids=unit_ids), SUDUT_LAYANAN))
    }
    layanan = [(b, pembanding.get(k)) for k, b in milik.items()]
    # The unit's figures are shown to an officer too: a unit (or a unit's service) with a handful of
    # answers would give away the answers of the citizens this officer served as surely as their own row.
    _sembunyikan_skm_kecil([saya, *milik.values(), *units, *pembanding.values()])
    return KinerjaSaya(saya=saya, unit=units, layanan=layanan, perhatian=_perhatian(layanan))


def _perhatian(
    layanan: list[tuple[BarisKinerja, BarisKinerja | None]],
) -> list[tuple[BarisKinerja, BarisKinerja, str]]:
    """Services where the officer's median resolution is clearly slower than the unit's (by 25% or more,
    over at least 3 resolutions), or their SKM score lower than the unit's: worst first, at most five."""
    kandidat: list[tuple[float, BarisKinerja, BarisKinerja, str]] = []
    for saya, unit in layanan:
        if unit is None:
            continue
        if saya.selesai >= 3 and saya.selesai_kerja.median and unit.selesai_kerja.median:
            rasio = saya.selesai_kerja.median / unit.selesai_kerja.median
            if rasio >= 1.25:
                kandidat.append((rasio, saya, unit, "lambat"))
        if saya.skm is not None and unit.skm is not None and saya.skm.nilai < unit.skm.nilai:
            kandidat.append((1 + float(unit.skm.nilai - saya.skm.nilai) / 25, saya, unit, "skm"))
    kandidat.sort(key=lambda k: -k[0])
    return [(s, u, alasan) for _r, s, u, alasan in kandidat[:5]]
