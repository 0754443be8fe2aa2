"""In-portal notifications (escalations to supervisors, and later messages to citizens)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antrian.models.tiket import Tiket


class JenisNotifikasi(models.TextChoices):
    HAMPIR_JATUH_TEMPO = "hampir_jatuh_tempo", _("Deadline approaching")
    TERLAMBAT = "terlambat", _("Overdue")
    # A keluhan still unassigned after its assignment deadline (SP4N-LAPOR!: 3 working days).
    PENUGASAN_TERLAMBAT = "penugasan_terlambat", _("Not assigned in time")
    # Told at once by the event's hook (antrian.pesan): to the officer a tiket was assigned to, and to the
    # supervisors of the unit a tiket was transferred to.
    DITUGASKAN = "ditugaskan", _("Assigned to you")
    DIALIHKAN = "dialihkan", _("Transferred to your unit")


class Notifikasi(models.Model):
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifikasi",
    )
    tiket = models.ForeignKey(Tiket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(_("kind"), max_length=30, choices=JenisNotifikasi.choices)
    # What makes a notification unique (kind, tiket, the tenggat it is about, recipient): the periodic job
    # can run any number of times and never notifies twice about the same thing.
    kunci = models.CharField(max_length=200, unique=True, editable=False)
    pesan = models.TextField(_("message"))
    dibuat_pada = models.DateTimeField(_("created at"), default=timezone.now)
    dibaca_pada = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["penerima", "dibaca_pada"], name="notifikasi_penerima_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.tiket}"
