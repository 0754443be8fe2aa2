"""Complaints (keluhan) and the categories a citizen files them under.

The lifecycle lives on the tiket (`antrian.Tiket`); a keluhan row holds only what is specific to a
complaint: its category, text and location.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Time limits of a complaint, shaped after SP4N-LAPOR! (DOMAIN.md, "Time limits"), in hari kerja.
# Verified and assigned to an officer within this many working days of submission.
TENGGAT_PENUGASAN_HARI = 3
# Follow-up, i.e. the first substantive response: the tiket's `tenggat`.
TENGGAT_TINDAK_LANJUT_HARI = 5
# First response target of a category unless the admin sets another (DOMAIN.md: default 1 hari kerja).
TARGET_RESPONS_BAWAAN_HARI = 1

JUDUL_MAKS = 150
ISI_MAKS = 4000
ALAMAT_MAKS = 500

LINTANG_MIN, LINTANG_MAKS = Decimal("-90"), Decimal("90")
BUJUR_MIN, BUJUR_MAKS = Decimal("-180"), Decimal("180")


class KategoriKeluhan(models.Model):
    """What a complaint is about (roads, water, administration...), and the unit that receives it."""

    kode = models.SlugField(_("code"), max_length=50, unique=True)
    nama = models.CharField(_("name"), max_length=150)
    deskripsi = models.TextField(_("description"), blank=True)
    unit_default = models.ForeignKey(
        "antrian.Unit",
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="kategori_keluhan",
    )
    aktif = models.BooleanField(_("active"), default=True)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)
    target_respons_hari = models.PositiveSmallIntegerField(
        _("first response target (working days)"),
        default=TARGET_RESPONS_BAWAAN_HARI,
        validators=[MaxValueValidator(TENGGAT_TINDAK_LANJUT_HARI)],
        help_text=_("0 means the same working day; at most the follow-up deadline."),
    )

    class Meta:
        ordering = ["urutan", "nama"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.nama


class Keluhan(models.Model):
    """A citizen's complaint: one tiket, one category, the text and where it happened."""

    tiket = models.OneToOneField(
        "antrian.Tiket", verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="keluhan"
    )
    kategori = models.ForeignKey(
        KategoriKeluhan, verbose_name=_("category"), on_delete=models.PROTECT, related_name="keluhan"
    )
    judul = models.CharField(_("title"), max_length=JUDUL_MAKS)
    # The length limit (ISI_MAKS) is enforced by the service, so the HTML form and the API share it.
    isi = models.TextField(_("content"))
    lintang = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LINTANG_MIN), MaxValueValidator(LINTANG_MAKS)],
    )
    bujur = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(BUJUR_MIN), MaxValueValidator(BUJUR_MAKS)],
    )
    alamat = models.TextField(_("address"), blank=True)
    # The reporter's explicit choice: only then do the photos keep where they were taken (EXIF GPS);
    # otherwise every attachment is stored without metadata (antrian.berkas.gambar).
    bagikan_lokasi_foto = models.BooleanField(_("location from the photos shared"), default=False)
    # Mirrors of tiket.anonim / tiket.identitas_rahasia, kept for reports that read complaints alone.
    anonim = models.BooleanField(_("anonymous"), default=False)
    rahasia = models.BooleanField(_("identity kept confidential"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(lintang__isnull=True) & models.Q(bujur__isnull=True))
                    | (
                        models.Q(lintang__gte=LINTANG_MIN, lintang__lte=LINTANG_MAKS)
                        & models.Q(bujur__gte=BUJUR_MIN, bujur__lte=BUJUR_MAKS)
                    )
                ),
                name="keluhan_lokasi_sah",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tiket} — {self.judul}"
