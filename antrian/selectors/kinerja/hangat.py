"""Computing the metrics pages' default views ahead of their viewers (`manage.py metrik_hangatkan`).

The default view of every scope — all units (managers), each supervisor's set of units, and each unit's
officer table — over the default range (the last 90 days) is computed and stored for KINERJA_SIMPAN_DETIK
(`simpan.py`), under the same keys the pages read.
"""

from __future__ import annotations

from functools import partial

from antrian.models import Keanggotaan, Peran, Unit
from antrian.selectors.kinerja.dasar import SUDUT_LAYANAN, Rentang, Saringan
from antrian.selectors.kinerja.hitung import _hitung
from antrian.selectors.kinerja.simpan import tersimpan
from antrian.selectors.kinerja.tabel import _ikhtisar, _per_layanan, _per_petugas
from antrian.selectors.kinerja.tren import _tren


def _layanan(rentang: Rentang, s: Saringan) -> object:
    return _per_layanan(_hitung(rentang, s, SUDUT_LAYANAN))


def hangatkan() -> tuple[int, int]:
    """Compute and store the default views; returns (scopes, officer tables) computed."""
    rentang = Rentang.bawaan()
    supervisi: dict[int, set[int]] = {}
    for petugas_id, unit_id in Keanggotaan.objects.filter(
        peran=Peran.SUPERVISOR, petugas__aktif=True
    ).values_list("petugas_id", "unit_id"):
        supervisi.setdefault(petugas_id, set()).add(unit_id)
    cakupan: list[frozenset[int] | None] = [None, *{frozenset(u) for u in supervisi.values()}]
    for units in cakupan:
        s = Saringan(unit_ids=units)
        tersimpan("ikhtisar", (rentang, s, True), partial(_ikhtisar, rentang, s, True), perbarui=True)
        tersimpan("tren", (rentang, s), partial(_tren, rentang, s), perbarui=True)
        tersimpan("layanan", (rentang, s), partial(_layanan, rentang, s), perbarui=True)
    unit_ids = list(Unit.objects.filter(aktif=True).values_list("pk", flat=True))
    for unit_id in unit_ids:
        s = Saringan(unit_ids=frozenset({unit_id}))
        tersimpan("petugas", (rentang, s, unit_id), partial(_per_petugas, rentang, s, unit_id), perbarui=True)
    return len(cakupan), len(unit_ids)
