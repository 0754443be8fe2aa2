"""Escalation flags of a tiket, derived from its tenggat at read time (no periodic rewrite for display).

- `terlambat`: open with the SLA clock running (not paused in `menunggu_warga`) and the tenggat passed.
- `hampir_jatuh_tempo`: open, running, not yet overdue, and the tenggat falls within
  `settings.ESKALASI_HARI_KERJA` working days from now.

The threshold of "within N working days" comes from the working-time calendar, which may differ per unit
(its own schedule or time zone). It is worked out once per query in Python and compared in SQL, so a page
of the queue costs the same number of queries whatever its length, and no query of its own.

The notifications the escalation job writes are read here too (`notifikasi_untuk`); the writes live in
`antrian.services.eskalasi`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, Case, DateTimeField, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from antrian import kalender
from antrian.izin import Aktor
from antrian.models import JadwalKerja, Notifikasi, Status, Unit

# While the tiket waits for the citizen the SLA clock is paused (DOMAIN.md), so it is neither overdue nor
# nearly due against the officer even if the old tenggat has passed; `lengkapi` moves the tenggat on.
STATUS_BERJALAN = (Status.DIAJUKAN, Status.DITUGASKAN, Status.DIPROSES)

_KUNCI_CACHE = "eskalasi:unit_berkalender:v1"
_UMUR_CACHE = 3600


def hari_peringatan() -> int:
    return max(int(settings.ESKALASI_HARI_KERJA), 0)


def ambang_hampir_jatuh_tempo(sekarang: dt.datetime, *, unit: Unit | None = None) -> dt.datetime:
    """A running tiket whose tenggat is at or before this moment (and not yet past) is nearly due."""
    return kalender.tambah_hari_kerja(sekarang, hari_peringatan(), unit=unit)


def _muat_unit_berkalender() -> list[tuple[int, str]]:
    data = list(
        Unit.objects.filter(Q(jadwal_kerja__isnull=False) | ~Q(zona_waktu=""))
        .order_by("pk")
        .values_list("pk", "zona_waktu")
        .distinct()
    )
    cache.set(_KUNCI_CACHE, data, _UMUR_CACHE)
    return data


def unit_berkalender_sendiri() -> list[Unit]:
    """Units whose calendar may differ from the portal's default week (own hours or own time zone).

    Few units do; the rest share one threshold. The short list is cached and rebuilt whenever a unit or
    a working-hours row is saved or deleted, so reads of the queue do not query it.
    """
    data = cache.get(_KUNCI_CACHE)
    if data is None:
        data = _muat_unit_berkalender()
    # Only what the calendar reads of a unit: its id (for JadwalKerja) and its time zone.
    return [Unit(pk=pk, zona_waktu=zona) for pk, zona in data]


def _segarkan_cache(**kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixture loading: the rows are not all there yet
    # Rebuilt on write so that reads find it ready; again after the commit, so that a reader who
    # rebuilt it meanwhile from the old rows does not leave them cached for an hour.
    _muat_unit_berkalender()
    transaction.on_commit(_muat_unit_berkalender)


def hubungkan_sinyal() -> None:
    """Called from `AntrianConfig.ready`: keep the cached list in step with the units' calendars."""
    for model in (Unit, JadwalKerja):
        nama = model.__name__.lower()
        post_save.connect(_segarkan_cache, sender=model, dispatch_uid=f"eskalasi.{nama}.simpan")
        post_delete.connect(_segarkan_cache, sender=model, dispatch_uid=f"eskalasi.{nama}.hapus")


def ekspresi_ambang(sekarang: dt.datetime) -> Case | Value:
    """The nearly-due threshold of each row's unit, as a SQL expression."""
    bawaan = ambang_hampir_jatuh_tempo(sekarang)
    khusus = []
    for unit in unit_berkalender_sendiri():
        try:
            ambang = ambang_hampir_jatuh_tempo(sekarang, unit=unit)
        except kalender.KalenderTanpaHariKerja:
            continue  # a schedule without working days: the admin's mistake must not break every read
        if ambang != bawaan:
            khusus.append(When(unit_id=unit.pk, then=Value(ambang)))
    if not khusus:
        return Value(bawaan, output_field=DateTimeField())
    return Case(*khusus, default=Value(bawaan), output_field=DateTimeField())


def ekspresi_terlambat(sekarang: dt.datetime | None = None) -> Case:
    """True for a running tiket past its tenggat, in SQL (usable in order_by on a bare queryset too)."""
    return Case(
        When(status__in=STATUS_BERJALAN, tenggat__lt=sekarang or timezone.now(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def anotasi_flag(sekarang: dt.datetime | None = None) -> dict[str, Any]:
    """`terlambat` and `hampir_jatuh_tempo` as annotations for any Tiket queryset."""
    sekarang = sekarang or timezone.now()
    return {
        "terlambat": ekspresi_terlambat(sekarang),
        "hampir_jatuh_tempo": Case(
            When(
                status__in=STATUS_BERJALAN,
                tenggat__gte=sekarang,
                tenggat__lte=ekspresi_ambang(sekarang),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    }


def notifikasi_untuk(*, aktor: Aktor, belum_dibaca: bool = False) -> QuerySet[Notifikasi]:
    """The caller's own notifications, newest first, each with its tiket joined (one query per page)."""
    if aktor.pengguna is None:
        return Notifikasi.objects.none()
    qs = Notifikasi.objects.filter(penerima=aktor.pengguna).select_related("tiket")
    if belum_dibaca:
        qs = qs.filter(dibaca_pada__isnull=True)
    return qs.order_by("-dibuat_pada", "-id")
