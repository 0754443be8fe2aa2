"""Outbound messages to citizens (e-mail, SMS, WhatsApp): one row per message, sent by a background job.

The row is written in the same transaction as the event that causes it (an outbox), so a message exists
exactly when its event was committed; the job that sends it is queued after the commit.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antrian.models.catatan import Peristiwa
from antrian.models.tiket import Tiket


class SaluranPesan(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class JenisPesan(models.TextChoices):
    PENGAJUAN = "pengajuan", _("Submission received")
    MINTA_KELENGKAPAN = "minta_kelengkapan", _("Missing items requested")
    SELESAI = "selesai", _("Completed")
    DITUTUP = "ditutup", _("Closed")
    DITOLAK = "ditolak", _("Rejected")
    SURVEI = "survei", _("Satisfaction survey invitation")


class StatusPesan(models.TextChoices):
    ANTRI = "antri", _("Queued")
    TERKIRIM = "terkirim", _("Sent")
    GAGAL = "gagal", _("Failed")


class PesanKeluar(models.Model):
    tiket = models.ForeignKey(Tiket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="+")
    # The event the message is about: part of the idempotency key, so a job or hook run twice for the
    # same event never makes a second message.
    peristiwa = models.ForeignKey(
        Peristiwa, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    saluran = models.CharField(_("channel"), max_length=20, choices=SaluranPesan.choices)
    jenis = models.CharField(_("kind"), max_length=30, choices=JenisPesan.choices)
    # An e-mail address or a phone number. Logs only ever show it masked (antrian.pesan.isi.samarkan).
    penerima = models.CharField(_("recipient"), max_length=254)
    subjek = models.CharField(_("subject"), max_length=200)
    isi = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusPesan.choices, default=StatusPesan.ANTRI
    )
    percobaan = models.PositiveIntegerField(_("attempts"), default=0)
    galat_terakhir = models.TextField(_("last error"), blank=True)
    # A lease: the attempt that set it owns the row until then. Two runs of the job for one row (a
    # redelivery, a manual resend) never send at the same time, and no lock is held while sending.
    sewa_sampai = models.DateTimeField(null=True, blank=True, editable=False)
    # When the retry after a failure is due. A retry that never came (its job was lost, or the embedded
    # default runs jobs in-process and cannot wait) is queued again by the sweep once this is long past.
    dicoba_lagi_pada = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    dibuat_pada = models.DateTimeField(_("created at"), default=timezone.now)
    terkirim_pada = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-pk"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        constraints = [
            models.UniqueConstraint(
                fields=["tiket", "jenis", "saluran", "peristiwa"], name="pesan_keluar_sekali"
            )
        ]
        indexes = [models.Index(fields=["status", "dibuat_pada"], name="pesan_keluar_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.get_saluran_display()}): {self.tiket}"
