"""Live streams: what a reconnecting client missed (in commit order), and the dashboard's counters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian.exceptions import TidakDiizinkan
from antrian.izin import Aktor
from antrian.models import Peristiwa, Status, Tiket, Unit
from antrian.models.tiket import STATUS_TERBUKA
from antrian.selectors.tiket import (
    STATUS_BERJALAN,
    peristiwa_untuk,
)


@dataclass(frozen=True)
class Susulan:
    """Events a stream missed, in stream order. `penuh`: more than the bound were missed and the client
    must reload instead; `terakhir` is the stream position to go on from."""

    peristiwa: list[Peristiwa]
    penuh: bool
    terakhir: int


def urutan_terakhir() -> int:
    """The newest stream position. Positions follow commit order (antrian.realtime), so every event up to
    it is settled. A page that renders events reads this FIRST and hands it to its websocket as `sejak`."""
    return Peristiwa.objects.aggregate(terakhir=Max("urutan"))["terakhir"] or 0


def _susulan(qs: QuerySet[Peristiwa], *, sejak: int | None, batas: int) -> Susulan:
    if sejak is None:
        return Susulan(peristiwa=[], penuh=False, terakhir=urutan_terakhir())
    baris = list(qs.filter(urutan__gt=sejak).select_related("tiket").order_by("urutan")[: batas + 1])
    if len(baris) > batas:
        return Susulan(peristiwa=[], penuh=True, terakhir=urutan_terakhir())
    return Susulan(peristiwa=baris, penuh=False, terakhir=(baris[-1].urutan or sejak) if baris else sejak)


def susulan_petugas(*, aktor: Aktor, sejak: int | None, batas: int) -> Susulan:
    """The officer's stream: events of their units' tikets (transfers out of them too) and of the tikets
    assigned to them — the same events `antrian.realtime` routes to their groups."""
    if aktor.petugas is None:
        raise TidakDiizinkan()
    unit_ids = sorted(aktor.unit_ids)
    qs = Peristiwa.objects.filter(
        Q(unit_id__in=unit_ids) | Q(data__unit_asal__in=unit_ids) | Q(tiket__petugas=aktor.petugas)
    )
    return _susulan(qs, sejak=sejak, batas=batas)


def susulan_tiket(*, tiket: Tiket, aktor: Aktor, sejak: int | None, batas: int) -> Susulan:
    """One tiket's stream: citizens and guests get its public events only."""
    return _susulan(peristiwa_untuk(tiket=tiket, aktor=aktor), sejak=sejak, batas=batas)


def unit_dasbor(*, aktor: Aktor) -> list[int]:
    """Units whose counters this viewer may watch: every unit for managers, supervised ones otherwise."""
    if aktor.adalah_manajer:
        return list(Unit.objects.order_by("id").values_list("id", flat=True))
    if not aktor.unit_supervisi_ids:
        raise TidakDiizinkan(_("The dashboard is for managers and unit supervisors."))
    return sorted(aktor.unit_supervisi_ids)


STATUS_DIPEGANG = (Status.DITUGASKAN, Status.DIPROSES, Status.MENUNGGU_WARGA)


def penghitung_dasbor(*, aktor: Aktor, unit_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Per unit: new (diajukan), assigned (ditugaskan, diproses, menunggu_warga), overdue, and resolved
    today in the unit's own time zone. The open counts read only open tikets (tiket_antrian_idx) and
    "resolved today" only today's resolutions (tiket_selesai_idx): the tiket table is never scanned whole,
    whatever its size. One query for the open counts, one per distinct time zone for today's."""
    ids = set(unit_dasbor(aktor=aktor))
    if unit_ids is not None:
        ids &= set(unit_ids)
    unit = list(Unit.objects.filter(pk__in=ids).order_by("id").values("id", "kode", "nama", "zona_waktu"))
    sekarang = timezone.now()
    hitungan: dict[int, dict[str, int]] = {
        u["id"]: {"baru": 0, "ditugaskan": 0, "terlambat": 0, "selesai_hari_ini": 0} for u in unit
    }
    if not unit:
        return []
    terbuka = (
        Tiket.objects.filter(unit_id__in=list(hitungan), status__in=STATUS_TERBUKA)
        .order_by()
        .values("unit_id")
        .annotate(
            baru=Count("pk", filter=Q(status=Status.DIAJUKAN)),
            ditugaskan=Count("pk", filter=Q(status__in=STATUS_DIPEGANG)),
            terlambat=Count("pk", filter=Q(status__in=STATUS_BERJALAN, tenggat__lt=sekarang)),
        )
    )
    for b in terbuka:
        hitungan[b.pop("unit_id")].update(b)
    for zona in {u["zona_waktu"] or settings.TIME_ZONE for u in unit}:
        awal_hari = sekarang.astimezone(ZoneInfo(zona)).replace(hour=0, minute=0, second=0, microsecond=0)
        selesai = (
            Tiket.objects.filter(
                unit_id__in=[u["id"] for u in unit if (u["zona_waktu"] or settings.TIME_ZONE) == zona],
                diselesaikan_pada__gte=awal_hari,
            )
            .order_by()
            .values("unit_id")
            .annotate(n=Count("pk"))
        )
        for b in selesai:
            hitungan[b["unit_id"]]["selesai_hari_ini"] = b["n"]
    return [{"unit": u["id"], "kode": u["kode"], "nama": u["nama"], **hitungan[u["id"]]} for u in unit]
