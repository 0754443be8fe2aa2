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
        raise LogTidakBolehDiubah("Log peristiwa hanya dapat ditambah.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise LogTidakBolehDiubah("Log peristiwa hanya dapat ditambah.")


class JenisPeristiwa(models.TextChoices):
    PENGAJUAN = "pengajuan", _("Pengajuan")
    TRANSISI = "transisi", _("Perubahan status")
    PENUGASAN = "penugasan", _("Penugasan")
    PENGALIHAN = "pengalihan", _("Pengalihan (disposisi)")
    TANGGAPAN = "tanggapan", _("Tanggapan")


class Peristiwa(models.Model):
    """One change to a tiket. Ids only grow; the websocket replays from them and metrics read them."""

    id = models.BigAutoField(primary_key=True)
    tiket = models.ForeignKey(Tiket, on_delete=models.PROTECT, related_name="peristiwa")
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisPeristiwa.choices)
    aksi = models.CharField(_("aksi"), max_length=30)
    dari_status = models.CharField(_("dari status"), max_length=20, blank=True)
    ke_status = models.CharField(_("ke status"), max_length=20, blank=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    petugas = models.ForeignKey(
        "antrian.Petugas",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Petugas yang bertindak atau ditugaskan; dasar atribusi metrik."),
    )
    unit = models.ForeignKey("antrian.Unit", on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    catatan = models.TextField(_("catatan"), blank=True)
    # False for internal notes and internal details: never shown to the citizen.
    publik = models.BooleanField(_("publik"), default=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = PeristiwaQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("peristiwa")
        verbose_name_plural = _("log peristiwa")
        indexes = [models.Index(fields=["tiket", "id"], name="peristiwa_tiket_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.aksi} {self.dari_status}->{self.ke_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise LogTidakBolehDiubah("Log peristiwa hanya dapat ditambah.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LogTidakBolehDiubah("Log peristiwa hanya dapat ditambah.")


class Tanggapan(models.Model):
    """A reply on a tiket: public (to the citizen) or an internal note between officers."""

    tiket = models.ForeignKey(Tiket, on_delete=models.PROTECT, related_name="tanggapan")
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dari_petugas = models.BooleanField(_("dari petugas"), default=False)
    isi = models.TextField(_("isi"))
    internal = models.BooleanField(_("catatan internal"), default=False)
    dibuat_pada = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tanggapan")
        verbose_name_plural = _("tanggapan")

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
    kode_persyaratan = models.CharField(_("kode persyaratan"), max_length=50, blank=True)
    berkas = models.FileField(_("berkas"), upload_to=_jalur_lampiran)
    nama_asli = models.CharField(_("nama berkas"), max_length=255)
    tipe_mime = models.CharField(_("tipe"), max_length=100)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    internal = models.BooleanField(_("internal"), default=False)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.nama_asli


class KunciIdempoten(models.Model):
    """A submission's `Idempotency-Key`: a retry with the same key returns the first tiket's response."""

    cakupan = models.CharField(max_length=64, help_text=_("Pengguna atau 'tamu'"))
    kunci = models.CharField(max_length=100)
    sidik = models.CharField(max_length=64, help_text=_("sha256 isi permintaan pertama"))
    tiket = models.ForeignKey(Tiket, on_delete=models.CASCADE, related_name="+")
    respons = models.JSONField()
    dibuat_pada = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kunci idempoten")
        verbose_name_plural = _("kunci idempoten")
        constraints = [models.UniqueConstraint(fields=["cakupan", "kunci"], name="kunci_idempoten_unik")]

    def __str__(self) -> str:
        return f"{self.cakupan}:{self.kunci}"
