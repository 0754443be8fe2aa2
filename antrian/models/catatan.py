"""The append-only event log, replies with attachments, and remembered idempotency keys."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antrian.models.tiket import Tiket


class LogTidakBolehDiubah(Exception):
    """Raised on any attempt to update or delete an event: the log is the audit trail."""


class PeristiwaQuerySet(models.QuerySet["Peristiwa"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise LogTidakBolehDiubah(_("The event log can only be appended to."))

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise LogTidakBolehDiubah(_("The event log can only be appended to."))


class JenisPeristiwa(models.TextChoices):
    PENGAJUAN = "pengajuan", _("Submission")
    TRANSISI = "transisi", _("Status change")
    PENUGASAN = "penugasan", _("Assignment")
    PENGALIHAN = "pengalihan", _("Transfer (disposition)")
    TANGGAPAN = "tanggapan", _("Reply")


class Peristiwa(models.Model):
    """One change to a tiket. Ids only grow; the websocket replays from them and metrics read them."""

    id = models.BigAutoField(primary_key=True)
    tiket = models.ForeignKey(Tiket, on_delete=models.PROTECT, related_name="peristiwa")
    jenis = models.CharField(_("type"), max_length=20, choices=JenisPeristiwa.choices)
    aksi = models.CharField(_("action"), max_length=30)
    dari_status = models.CharField(_("from status"), max_length=20, blank=True)
    ke_status = models.CharField(_("to status"), max_length=20, blank=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    petugas = models.ForeignKey(
        "antrian.Petugas",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The officer who acted or was assigned; the basis for attributing metrics."),
    )
    unit = models.ForeignKey("antrian.Unit", on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    catatan = models.TextField(_("note"), blank=True)
    # False for internal notes and internal details: never shown to the citizen.
    publik = models.BooleanField(_("public"), default=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    # Position in the live stream, handed out in COMMIT order (ids are handed out at INSERT, so id 101 may
    # commit after 102). Set by the database when the transaction commits (migration 0005), never by
    # Django; a websocket client resumes with `?sejak=<urutan>` (antrian.realtime).
    urutan = models.BigIntegerField(_("stream position"), null=True, blank=True, unique=True, editable=False)

    objects = PeristiwaQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("event log")
        indexes = [models.Index(fields=["tiket", "id"], name="peristiwa_tiket_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.aksi} {self.dari_status}->{self.ke_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise LogTidakBolehDiubah(_("The event log can only be appended to."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LogTidakBolehDiubah(_("The event log can only be appended to."))


class Tanggapan(models.Model):
    """A reply on a tiket: public (to the citizen) or an internal note between officers."""

    tiket = models.ForeignKey(Tiket, on_delete=models.PROTECT, related_name="tanggapan")
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dari_petugas = models.BooleanField(_("from an officer"), default=False)
    isi = models.TextField(_("content"))
    internal = models.BooleanField(_("internal note"), default=False)
    dibuat_pada = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.tiket} — {self.isi[:40]}"


def _jalur_lampiran(instance: Lampiran, filename: str) -> str:
    # Never the citizen's file name on disk: a random name under the month, the type's own extension.
    ekstensi = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
    akhiran = ekstensi.get(instance.tipe_mime, "bin")
    return f"lampiran/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{akhiran}"


class Lampiran(models.Model):
    """An uploaded file on a tiket: a required document (by persyaratan code), a reply's attachment."""

    tiket = models.ForeignKey(Tiket, on_delete=models.PROTECT, related_name="lampiran")
    tanggapan = models.ForeignKey(
        Tanggapan, null=True, blank=True, on_delete=models.PROTECT, related_name="lampiran"
    )
    kode_persyaratan = models.CharField(_("requirement code"), max_length=50, blank=True)
    berkas = models.FileField(_("file"), upload_to=_jalur_lampiran)
    nama_asli = models.CharField(_("file name"), max_length=255)
    tipe_mime = models.CharField(_("media type"), max_length=100)
    ukuran = models.PositiveIntegerField(_("size (bytes)"))
    internal = models.BooleanField(_("internal"), default=False)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.nama_asli


class KunciIdempoten(models.Model):
    """A submission's `Idempotency-Key`: a retry with the same key returns the first tiket's response."""

    cakupan = models.CharField(max_length=64, help_text=_("User or 'tamu'"))
    kunci = models.CharField(max_length=100)
    sidik = models.CharField(max_length=64, help_text=_("sha256 of the first request body"))
    tiket = models.ForeignKey(Tiket, on_delete=models.CASCADE, related_name="+")
    respons = models.JSONField()
    dibuat_pada = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["cakupan", "kunci"], name="kunci_idempoten_unik")]

    def __str__(self) -> str:
        return f"{self.cakupan}:{self.kunci}"
