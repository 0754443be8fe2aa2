"""The audit trail of every look at a confidential reporter's identity.

A confidential complaint (`Tiket.identitas_rahasia`) keeps who filed it, but only an administrator may
see it, and only on an explicit request in the admin ("reveal the reporter's identity"). Each reveal
writes one row here: who looked, when, at which tiket, from which address, through which view, and why.
Like the event log, the trail only grows: a row is never changed or deleted, through the admin or code.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antrian.models.catatan import LogTidakBolehDiubah
from antrian.models.tiket import Tiket


class AksesIdentitasQuerySet(models.QuerySet["AksesIdentitas"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise LogTidakBolehDiubah(_("The identity access log can only be appended to."))

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise LogTidakBolehDiubah(_("The identity access log can only be appended to."))


class AksesIdentitas(models.Model):
    """One reveal of a confidential reporter's identity to an administrator."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tiket = models.ForeignKey(Tiket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    alamat_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    tampilan = models.CharField(_("view"), max_length=100)
    alasan = models.CharField(_("reason"), max_length=500, blank=True)

    objects = AksesIdentitasQuerySet.as_manager()

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses (confidential reporters)")
        indexes = [models.Index(fields=["tiket", "-waktu"], name="akses_identitas_tiket_idx")]

    def __str__(self) -> str:
        return f"{self.tiket} — {self.pengguna} — {self.waktu:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise LogTidakBolehDiubah(_("The identity access log can only be appended to."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LogTidakBolehDiubah(_("The identity access log can only be appended to."))
