"""The weekly trend, the tikets behind a figure, and what the viewer may filter by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian import rincian
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import MetrikTiket, Tiket, Unit
from antrian.selectors.kinerja.dasar import (
    _SEMUA,
    TANPA_SARINGAN,
    UMUR,
    Rentang,
    Saringan,
    _cakup,
    unit_terlihat,
)
from antrian.selectors.kinerja.hitung import (
    _saring,
    himpunan,
    syarat_terlambat,
)
from antrian.selectors.kinerja.simpan import tersimpan

# --- weekly trend and drill-down ----------------------------------------------------------------------


@dataclass(frozen=True)
class TitikTren:
    minggu: dt.date  # the Monday starting the week (clipped to the range)
    masuk: int
    selesai: int
    selesai_tepat: int
    terlambat: int  # open and overdue at the end of the week

    @property
    def kepatuhan_sla(self) -> float | None:
        penyebut = self.selesai + self.terlambat
        return 100.0 * self.selesai_tepat / penyebut if penyebut else None


def _minggu(rentang: Rentang) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    senin = rentang.dari - dt.timedelta(days=rentang.dari.weekday())
    hasil = []
    while senin <= rentang.sampai:
        awal = max(senin, rentang.dari)
        akhir = min(senin + dt.timedelta(days=7), rentang.sampai + dt.timedelta(days=1))
        hasil.append(
            (
                senin,
                timezone.make_aware(dt.datetime.combine(awal, dt.time())),
                timezone.make_aware(dt.datetime.combine(akhir, dt.time())),
            )
        )
        senin += dt.timedelta(days=7)
    return hasil


def tren_mingguan(
    *, aktor: Aktor, rentang: Rentang, saringan: Saringan = TANPA_SARINGAN, simpan: bool = False
) -> list[TitikTren]:
    """Per week: submitted, resolved, resolved on time, overdue open at its end, in three queries."""
    s = _cakup(aktor, saringan)
    hitung = lambda: _tren(rentang, s)  # noqa: E731
    return tersimpan("tren", (rentang, s), hitung) if simpan else hitung()


def _tren(rentang: Rentang, s: Saringan) -> list[TitikTren]:
    minggu = _minggu(rentang)
    sekarang = timezone.now()

    def per_minggu(qs: QuerySet[MetrikTiket], medan: str, **lain: Any) -> dict[str, int]:
        return qs.aggregate(
            **{
                f"m{i}": Count(_SEMUA, filter=Q(**{f"{medan}__gte": a, f"{medan}__lt": b}, **lain))
                for i, (_s, a, b) in enumerate(minggu)
            }
        )

    masuk = per_minggu(himpunan("masuk", rentang, s), "diajukan_pada")
    selesai = himpunan("selesai", rentang, s).aggregate(
        **{
            f"{nama}{i}": Count(_SEMUA, filter=Q(selesai_pada__gte=a, selesai_pada__lt=b, **syarat))
            for i, (_s, a, b) in enumerate(minggu)
            for nama, syarat in (("m", {}), ("t", {"tepat_waktu": True}))
        }
    )
    telat_qs = _saring(
        # Only tikets that were ever overdue while open: still open, or ended after their tenggat.
        MetrikTiket.objects.filter(diajukan_pada__lt=rentang.titik_akhir, tenggat__lt=rentang.titik_akhir)
        .filter(Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gte=rentang.awal))
        .filter(Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gt=F("tenggat"))),
        "terbuka",
        s,
    )
    telat = telat_qs.aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=Q(diajukan_pada__lt=min(b, sekarang))
                & (Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gte=min(b, sekarang)))
                & syarat_terlambat(min(b, sekarang)),
            )
            for i, (_s, _a, b) in enumerate(minggu)
        }
    )
    return [
        TitikTren(
            minggu=senin,
            masuk=masuk[f"m{i}"],
            selesai=selesai[f"m{i}"],
            selesai_tepat=selesai[f"t{i}"],
            terlambat=telat[f"m{i}"],
        )
        for i, (senin, _a, _b) in enumerate(minggu)
    ]


UKURAN = {
    # drill-down measure -> (row set, extra condition)
    "masuk": ("masuk", Q()),
    "dialihkan": ("masuk", Q(dialihkan__gt=0)),
    "respons": ("respons", Q()),
    "selesai": ("selesai", Q()),
    "selesai_tepat": ("selesai", Q(tepat_waktu=True)),
    "selesai_terlambat": ("selesai", Q(tepat_waktu=False)),
    "dibuka_kembali": ("selesai", Q(dibuka_kembali__gt=0)),
    "ditolak": ("tolak", Q()),
    "terbuka": ("terbuka", Q()),
    "terlambat": ("terbuka", None),
}


def tiket_di_balik(
    *, aktor: Aktor, rentang: Rentang, ukuran: str, saringan: Saringan = TANPA_SARINGAN
) -> QuerySet[Tiket]:
    """The tikets behind one figure, newest first: the same row set and attribution as the figure (a
    unit's row: `saringan.unit_ids`; an officer's: `saringan.petugas_id` too)."""
    if ukuran not in UKURAN:
        raise DataTidakValid(
            rincian={"ukuran": [_("Unknown measure. Choose one of: %(d)s.") % {"d": ", ".join(UKURAN)}]}
        )
    s = _cakup(aktor, saringan)
    nama, syarat = UKURAN[ukuran]
    qs = himpunan(nama, rentang, s)
    qs = qs.filter(syarat_terlambat(rentang.titik_akhir) if syarat is None else syarat)
    return (
        Tiket.objects.filter(pk__in=qs.values("tiket_id"))
        .select_related("unit", "petugas__pengguna", "metrik")
        .order_by("-diajukan_pada", "-id")
    )


def pilihan_saringan(*, aktor: Aktor) -> dict[str, Any]:
    """The units and services the viewer may filter by."""
    terlihat = unit_terlihat(aktor)
    units = Unit.objects.all() if terlihat is None else Unit.objects.filter(pk__in=terlihat)
    return {
        "unit": list(units.order_by("nama").values_list("pk", "nama")),
        "layanan": [
            (kunci, nama)
            for kunci, nama, unit_id in rincian.katalog_layanan()
            if terlihat is None or unit_id in terlihat
        ],
        "umur": [k for k, _a, _b in UMUR],
        "zona": settings.TIME_ZONE,
    }
