"""/transparansi/: each active unit's satisfaction index (SKM, Permenpan RB 14/2017) over the last 12
months, for anyone, without logging in.

The figures come from `antrian.metrik.skm` (the one implementation of the index) over two queries: the
active units and the answers summed per unit. They are kept 5 minutes in the cache (per day, so the
period moves at midnight) and the page tells browsers they may keep it as long. The cached value holds
numbers only: the labels are rendered in the visitor's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from antrian.metrik import skm
from antrian.metrik.skm import IndeksSkm
from antrian.models import SurveiKepuasan, Unit
from antrian.selectors.kinerja import Rentang
from antrian.services.survei import PERTANYAAN

SIMPAN_DETIK = 5 * 60
_KUNCI = "transparansi:skm:v1:{hari}"
_SERATUS, _SEPERSERATUS = Decimal("100.00"), Decimal("0.01")


def rentang_12_bulan(hari_ini: dt.date) -> Rentang:
    """The 12 months up to and including today: from the day after the same date a year ago."""
    try:
        setahun_lalu = hari_ini.replace(year=hari_ini.year - 1)
    except ValueError:  # 29 February
        setahun_lalu = hari_ini.replace(year=hari_ini.year - 1, day=28)
    return Rentang(dari=setahun_lalu + dt.timedelta(days=1), sampai=hari_ini)


@dataclass(frozen=True)
class SkmUnit:
    kode: str
    nama: str
    indeks: IndeksSkm | None


def _hitung(rentang: Rentang) -> list[SkmUnit]:
    unit = list(Unit.objects.filter(aktif=True).order_by("nama", "kode").values_list("id", "kode", "nama"))
    jawaban = SurveiKepuasan.objects.filter(
        dibuat_pada__gte=rentang.awal, dibuat_pada__lt=rentang.akhir, unit__aktif=True
    )
    per_unit = skm.indeks_per(jawaban, "unit_id")
    return [SkmUnit(kode=kode, nama=nama, indeks=per_unit.get(pk)) for pk, kode, nama in unit]


def skm_per_unit(hari_ini: dt.date | None = None) -> tuple[Rentang, list[SkmUnit]]:
    rentang = rentang_12_bulan(hari_ini or timezone.localdate())
    kunci = _KUNCI.format(hari=rentang.sampai.isoformat())
    baris: list[SkmUnit] | None = cache.get(kunci)
    if baris is None:
        baris = _hitung(rentang)
        cache.set(kunci, baris, SIMPAN_DETIK)
    return rentang, baris


def _kinerja(mutu: str) -> Any:
    # The performance label in the visitor's language (the cached index carries the one it was made in).
    return next(label for _batas, huruf, label in skm.MUTU if huruf == mutu)


@require_GET
def transparansi(request: HttpRequest) -> HttpResponse:
    rentang, baris = skm_per_unit()
    unit = [
        {
            "kode": b.kode,
            "nama": b.nama,
            "indeks": b.indeks,
            "kinerja": _kinerja(b.indeks.mutu) if b.indeks else "",
            "nrr": [(p.label, b.indeks.nrr[p.unsur]) for p in PERTANYAAN] if b.indeks else [],
        }
        for b in baris
    ]
    # The regulation's table: each grade runs from its lower bound up to 0.01 below the next one.
    atas = [_SERATUS, *(batas - _SEPERSERATUS for batas, _huruf, _label in skm.MUTU[:-1])]
    mutu = [
        {"huruf": huruf, "kinerja": label, "dari": batas, "sampai": sampai}
        for (batas, huruf, label), sampai in zip(skm.MUTU, atas, strict=True)
    ]
    konteks = {
        "rentang": rentang,
        "unit": unit,
        "mutu": mutu,
        "bobot": skm.BOBOT_TEKS,
        "ada_jawaban": any(b.indeks for b in baris),
    }
    respons = render(request, "portal/transparansi.html", konteks)
    # The page carries the visitor's CSRF token and name in its frame: a browser may keep it, a shared
    # proxy may not.
    patch_cache_control(respons, private=True, max_age=SIMPAN_DETIK)
    return respons


urlpatterns = [
    path("transparansi/", transparansi, name="transparansi"),
]
