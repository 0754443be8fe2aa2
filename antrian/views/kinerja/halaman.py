"""/dasbor/kinerja/: the metrics page of supervisors (their units) and managers (every unit).

Headline figures, weekly trend charts (with the same numbers as tables), per-unit, per-service and
per-officer tables sortable by any column, each count a link to the tikets behind it. Every figure comes
from `antrian.selectors.kinerja`; this view parses the filters, calls it and renders.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian.exceptions import TidakDiizinkan
from antrian.selectors import kinerja as k
from antrian.views.kinerja._umum import (
    aktor_dari,
    baca_urut,
    buat_form,
    periksa_unit,
    tolak,
    url_ekspor,
    urutkan,
)


def _unit_petugas(
    request: HttpRequest, form_unit: int | None, pilihan: list[tuple[int, str]], manajer: bool
) -> int | None:
    """Whose officers the officer table shows: `?unit_petugas=`, else the filtered unit, else a
    supervisor's first unit; a manager with no unit chosen picks one."""
    terlihat = {pk for pk, _nama in pilihan}
    nilai = request.GET.get("unit_petugas", "")
    if nilai:
        try:
            unit_id = int(nilai)
        except ValueError:
            return None
        if unit_id not in terlihat:
            raise PermissionDenied(_("You may only see the metrics of the units you supervise."))
        return unit_id
    if form_unit is not None:
        return form_unit
    if not manajer and pilihan:
        return pilihan[0][0]
    return None


def _tren_json(tren: list[k.TitikTren]) -> dict[str, list[Any]]:
    return {
        "minggu": [t.minggu.isoformat() for t in tren],
        "masuk": [t.masuk for t in tren],
        "selesai": [t.selesai for t in tren],
        "sla": [None if t.kepatuhan_sla is None else round(t.kepatuhan_sla, 1) for t in tren],
    }


@never_cache
@require_GET
@login_required
def kinerja(request: HttpRequest) -> HttpResponse:
    aktor = aktor_dari(request)
    try:
        pilihan = k.pilihan_saringan(aktor=aktor)
    except TidakDiizinkan as exc:
        raise tolak(exc) from exc
    form = buat_form(request, pilihan)
    valid = form.is_valid()
    if valid:
        periksa_unit(form)
        valid = not form.errors
    isi: dict[str, Any] = {"form": form, "pilihan": pilihan, "url_ekspor": url_ekspor()}
    if not valid:
        return render(request, "antrian/kinerja/kinerja.html", isi, status=400)

    urut, arah = baca_urut(request)
    rentang, saringan = form.rentang, form.saringan()
    unit_petugas = _unit_petugas(
        request, form.cleaned_data.get("unit"), pilihan["unit"], aktor.adalah_manajer
    )
    try:
        # The units and their total from the same passes over the data.
        per_unit, total = k.ikhtisar_unit(aktor=aktor, rentang=rentang, saringan=saringan, simpan=True)
        if total is None:
            total = k.kinerja_total(aktor=aktor, rentang=rentang, saringan=saringan)
        tren = k.tren_mingguan(aktor=aktor, rentang=rentang, saringan=saringan, simpan=True)
        per_layanan = k.kinerja_layanan(aktor=aktor, rentang=rentang, saringan=saringan, simpan=True)
        per_petugas = (
            k.kinerja_petugas(
                aktor=aktor,
                rentang=rentang,
                unit_id=unit_petugas,
                saringan=k.Saringan(layanan=saringan.layanan, jenis=saringan.jenis),
                simpan=True,
            )
            if unit_petugas is not None
            else []
        )
    except TidakDiizinkan as exc:
        raise tolak(exc) from exc
    kueri = form.kueri()
    isi.update(
        {
            "rentang": rentang,
            "total": total,
            "tren": tren,
            "tren_json": _tren_json(tren),
            "per_unit": urutkan(per_unit, urut, arah),
            "per_layanan": urutkan(per_layanan, urut, arah),
            "per_petugas": urutkan(per_petugas, urut, arah),
            "unit_petugas": unit_petugas,
            "nama_unit_petugas": dict(pilihan["unit"]).get(unit_petugas, ""),
            "urut": urut,
            "arah": arah,
            "kueri": kueri,
            # The officer table's links name its unit (the page's unit filter may be empty).
            "kueri_petugas": {**kueri, "unit": unit_petugas},
            "skm_min": k.SKM_MIN_RESPONDEN,
            # A range that runs through today follows the dashboard stream and refreshes its figures.
            "langsung": rentang.sampai >= timezone.localdate(),
            "segarkan_ms": settings.KINERJA_SEGARKAN_DETIK * 1000,
        }
    )
    return render(request, "antrian/kinerja/kinerja.html", isi)
