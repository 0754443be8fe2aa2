"""The metrics summary (one row per tiket, kept current by every event) and the satisfaction survey.

`MetrikTiket` holds what the response-time metrics need about one tiket: its durations and who they are
attributed to. It is written in the same transaction as each event (`antrian.metrik.catat`), under the
tiket's row lock, so it is exact to the event; `manage.py metrik_bangun_ulang` recomputes every row from
the event log with an independent implementation and proves they match. Rules in `antrian.metrik`.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antrian.models.organisasi import Petugas, Unit
from antrian.models.tiket import Tiket

_NOL = dt.timedelta(0)
# diajukan_pada is in every index: the selectors count rows as COUNT(diajukan_pada), never empty.
_LAYANAN = ["layanan", "jenis", "diajukan_pada"]
_RESPONS = ["respons_unit", "respons_petugas", "respons_kerja", "respons_kalender", *_LAYANAN]
_SELESAI = [
    "selesai_unit",
    "selesai_petugas",
    "selesai_kerja",
    "selesai_kalender",
    "tepat_waktu",
    "dibuka_kembali",
    *_LAYANAN,
]
_MASUK = ["unit_awal", "dialihkan", "layanan", "jenis"]


class MetrikTiket(models.Model):
    tiket = models.OneToOneField(
        Tiket, primary_key=True, on_delete=models.CASCADE, related_name="metrik", verbose_name=_("ticket")
    )
    jenis = models.CharField(_("type"), max_length=20)
    # "layanan:<pk>" (a service) or "keluhan:<pk>" (a complaint category): the "per service" dimension.
    layanan = models.CharField(_("service"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20)
    diajukan_pada = models.DateTimeField(_("submitted at"))
    unit_awal = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # Now: the unit whose queue holds it and the officer who holds it (workload, backlog).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    petugas = models.ForeignKey(Petugas, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tenggat = models.DateTimeField(_("deadline"), null=True, blank=True)

    # First public officer action, attributed to the officer who responded and their unit at the time.
    respons_pada = models.DateTimeField(_("first response at"), null=True, blank=True)
    respons_petugas = models.ForeignKey(
        Petugas, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respons_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    respons_kerja = models.DurationField(_("first response, working time"), null=True, blank=True)
    respons_kalender = models.DurationField(_("first response, calendar time"), null=True, blank=True)

    # The standing resolution (cleared by a reopen), attributed to the officer who resolved.
    selesai_pada = models.DateTimeField(_("resolved at"), null=True, blank=True)
    selesai_petugas = models.ForeignKey(
        Petugas, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    selesai_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    selesai_kerja = models.DurationField(_("resolution, working time"), null=True, blank=True)
    selesai_kalender = models.DurationField(_("resolution, calendar time"), null=True, blank=True)
    tepat_waktu = models.BooleanField(_("resolved on time"), null=True, blank=True)

    # When it left the open states (resolved, rejected, cancelled); empty while open.
    berakhir_pada = models.DateTimeField(_("ended at"), null=True, blank=True)
    alasan_tolak = models.CharField(_("rejection reason"), max_length=20, blank=True)
    tolak_petugas = models.ForeignKey(
        Petugas, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuka_kembali = models.PositiveIntegerField(_("times reopened"), default=0)
    dialihkan = models.PositiveIntegerField(_("times transferred"), default=0)

    # The SLA clock: stopped since (waiting for the citizen, or resolved until a reopen), and the stopped
    # time so far, which the resolution time leaves out.
    jeda_sejak = models.DateTimeField(_("clock stopped since"), null=True, blank=True)
    jeda_kerja = models.DurationField(_("stopped working time"), default=_NOL)
    jeda_kalender = models.DurationField(_("stopped calendar time"), default=_NOL)
    # The last event folded in: the rebuild proves no event was missed.
    peristiwa_terakhir = models.BigIntegerField(_("last event"))

    class Meta:
        verbose_name = _("ticket metrics")
        verbose_name_plural = _("ticket metrics")
        # Each figure reads one row set by time (all units) or by unit and time, and only the columns
        # listed: covering indexes let PostgreSQL answer from the index alone (the rows themselves are
        # scattered, since every event rewrites them).
        indexes = [
            models.Index(fields=["respons_pada"], include=_RESPONS, name="metrik_respons_idx"),
            models.Index(
                fields=["respons_unit", "respons_pada"], include=_RESPONS, name="metrik_respons_unit_idx"
            ),
            models.Index(fields=["selesai_pada"], include=_SELESAI, name="metrik_selesai_idx"),
            models.Index(
                fields=["selesai_unit", "selesai_pada"], include=_SELESAI, name="metrik_selesai_unit_idx"
            ),
            models.Index(fields=["diajukan_pada"], include=_MASUK, name="metrik_diajukan_idx"),
            models.Index(
                fields=["unit_awal", "diajukan_pada"], include=_MASUK, name="metrik_diajukan_unit_idx"
            ),
            models.Index(
                fields=["berakhir_pada"],
                include=["unit", "tolak_petugas", "alasan_tolak", *_LAYANAN],
                condition=models.Q(status="ditolak"),
                name="metrik_ditolak_idx",
            ),
            # The open tikets (backlog, overdue, workload) without reading the closed ones, and the ones
            # that were open at a past moment (ended after it).
            models.Index(
                fields=["unit", "tenggat"],
                include=["status", "jeda_sejak", "petugas", *_LAYANAN],
                condition=models.Q(berakhir_pada__isnull=True),
                name="metrik_buka_idx",
            ),
            models.Index(
                fields=["berakhir_pada"],
                include=["tenggat", "status", "jeda_sejak", "unit", "petugas", *_LAYANAN],
                name="metrik_berakhir_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"metrik {self.tiket_id}"


class UnsurSkm(models.TextChoices):
    """The nine elements of Permenpan RB 14/2017, in the regulation's order (u1..u9)."""

    U1 = "u1", _("Requirements")
    U2 = "u2", _("Systems, mechanisms and procedures")
    U3 = "u3", _("Completion time")
    U4 = "u4", _("Cost/tariff")
    U5 = "u5", _("Product specification of the service type")
    U6 = "u6", _("Staff competence")
    U7 = "u7", _("Staff behaviour")
    U8 = "u8", _("Handling of complaints, suggestions and feedback")
    U9 = "u9", _("Facilities and infrastructure")


def _skala() -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(1), MaxValueValidator(4)]


class SurveiKepuasan(models.Model):
    """One citizen's answer to the satisfaction survey (SKM) for one resolved tiket.

    Raw answers (1–4) are stored; the index and its weight are computed when read. Unit, service and the
    resolving officer are copied at answer time so the index is read without joining the tiket. Officers
    only ever see aggregates: nothing here is shown to them row by row.
    """

    tiket = models.OneToOneField(
        Tiket, on_delete=models.CASCADE, related_name="survei", verbose_name=_("ticket")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    layanan = models.CharField(_("service"), max_length=40, blank=True)
    petugas = models.ForeignKey(
        Petugas, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    u1 = models.PositiveSmallIntegerField(UnsurSkm.U1.label, validators=_skala())
    u2 = models.PositiveSmallIntegerField(UnsurSkm.U2.label, validators=_skala())
    u3 = models.PositiveSmallIntegerField(UnsurSkm.U3.label, validators=_skala())
    u4 = models.PositiveSmallIntegerField(UnsurSkm.U4.label, validators=_skala())
    u5 = models.PositiveSmallIntegerField(UnsurSkm.U5.label, validators=_skala())
    u6 = models.PositiveSmallIntegerField(UnsurSkm.U6.label, validators=_skala())
    u7 = models.PositiveSmallIntegerField(UnsurSkm.U7.label, validators=_skala())
    u8 = models.PositiveSmallIntegerField(UnsurSkm.U8.label, validators=_skala())
    u9 = models.PositiveSmallIntegerField(UnsurSkm.U9.label, validators=_skala())
    saran = models.TextField(_("suggestion"), blank=True, max_length=2000)
    dibuat_pada = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction survey response")
        verbose_name_plural = _("satisfaction survey responses")
        indexes = [
            models.Index(fields=["unit", "dibuat_pada"], name="survei_unit_idx"),
            models.Index(fields=["dibuat_pada"], name="survei_waktu_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(*(models.Q(**{f"u{i}__gte": 1, f"u{i}__lte": 4}) for i in range(1, 10))),
                name="survei_skala_1_4",
            )
        ]

    def __str__(self) -> str:
        return f"SKM {self.tiket_id}"
