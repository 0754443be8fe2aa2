"""The organisation: units, officers and their memberships, and the admin's holiday table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import validasi_nip


class Unit(models.Model):
    """A civil-service unit (OPD, bidang, seksi) that owns a work queue."""

    kode = models.SlugField(_("code"), max_length=30, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_unit",
    )
    email = models.EmailField(_("email"), blank=True)
    telepon = models.CharField(_("phone"), max_length=30, blank=True)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.nama


class Peran(models.TextChoices):
    PETUGAS = "petugas", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor (head of unit)")


class Petugas(models.Model):
    """A civil servant (ASN) who works tickets. Inactive officers (cuti, dinas luar) get nothing new."""

    pengguna = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="petugas"
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validasi_nip])
    jabatan = models.CharField(_("position"), max_length=150, blank=True)
    kapasitas = models.PositiveSmallIntegerField(
        _("capacity"), default=10, help_text=_("Maximum number of open tickets handled at once.")
    )
    aktif = models.BooleanField(_("active"), default=True)
    unit: models.ManyToManyField[Unit, Keanggotaan] = models.ManyToManyField(
        Unit, through="Keanggotaan", related_name="petugas", verbose_name=_("units")
    )

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return f"{self.pengguna} ({self.nip})"

    @property
    def nama(self) -> str:
        return str(self.pengguna)


class Keanggotaan(models.Model):
    """An officer's membership in a unit, with the role they hold there."""

    petugas = models.ForeignKey(Petugas, on_delete=models.CASCADE, related_name="keanggotaan")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="keanggotaan")
    peran = models.CharField(_("role"), max_length=20, choices=Peran.choices, default=Peran.PETUGAS)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [models.UniqueConstraint(fields=["petugas", "unit"], name="keanggotaan_unik")]

    def __str__(self) -> str:
        return f"{self.petugas} — {self.unit} ({self.get_peran_display()})"


class HariLibur(models.Model):
    """Regional holidays, late cuti bersama, and corrections to the `holidays` package's estimates."""

    tanggal = models.DateField(_("date"), unique=True)
    nama = models.CharField(_("name"), max_length=150)
    libur = models.BooleanField(
        _("day off"), default=True, help_text=_("Clear to make this date a working day (a correction).")
    )

    class Meta:
        ordering = ["tanggal"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.nama}"
