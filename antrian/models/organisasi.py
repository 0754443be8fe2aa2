"""The organisation: units, officers and their memberships, and the admin's holiday table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import validasi_nip


class StrategiPenugasan(models.TextChoices):
    MANUAL = "manual", _("Manual (the supervisor assigns)")
    KLAIM = "klaim", _("Claim (officers pick from the queue)")
    OTOMATIS = "otomatis", _("Automatic (least open work, then longest idle)")


class ZonaWaktu(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


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
    strategi_penugasan = models.CharField(
        _("assignment strategy"),
        max_length=20,
        choices=StrategiPenugasan.choices,
        default=StrategiPenugasan.KLAIM,
    )
    zona_waktu = models.CharField(
        _("time zone"),
        max_length=40,
        choices=ZonaWaktu.choices,
        blank=True,
        help_text=_("Empty: the portal's time zone (TIME_ZONE)."),
    )

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
    # When this officer last received a tiket: ties in automatic assignment go to the longest idle.
    terakhir_ditugaskan_pada = models.DateTimeField(_("last assigned at"), null=True, blank=True)
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


class JadwalKerja(models.Model):
    """A unit's own working hours for one weekday (Perpres 21/2023 Pasal 7: units serving the public
    directly may work other days). A unit with no rows follows the portal's default week."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="jadwal_kerja")
    hari = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    jam_mulai = models.TimeField(_("start"))
    jam_selesai = models.TimeField(_("end"))
    istirahat_mulai = models.TimeField(_("break start"), null=True, blank=True)
    istirahat_selesai = models.TimeField(_("break end"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "hari"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [models.UniqueConstraint(fields=["unit", "hari"], name="jadwal_kerja_unik")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_hari_display()} {self.jam_mulai:%H:%M}-{self.jam_selesai:%H:%M}"
