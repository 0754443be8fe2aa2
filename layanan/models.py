"""The service catalogue with each service's published standard (Permenpan RB 15/2014), its document
checklist and submission form, and the permohonan that ties a tiket to the service it asks for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisLayanan(models.Model):
    """A public service and its standard. The tenggat, the fee and the form shown to the citizen all come
    from here, so changing the standard changes what new submissions get (never existing tikets)."""

    kode = models.SlugField(_("code"), max_length=50, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    ringkasan = models.CharField(_("summary"), max_length=300, blank=True)
    deskripsi = models.TextField(_("description"), blank=True)
    kata_kunci = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; used by the catalogue search."),
    )
    kelompok = models.CharField(
        _("service group"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("E.g. Kependudukan, Perizinan."),
    )
    unit = models.ForeignKey(
        "antrian.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="layanan",
    )
    aktif = models.BooleanField(_("active"), default=True)

    # --- the citizen-facing part of the standard ----------------------------------------------------
    prosedur = models.TextField(_("system, mechanism and procedure"), blank=True)
    jangka_waktu_hari = models.PositiveSmallIntegerField(
        _("time frame (working days)"), validators=[MinValueValidator(1)]
    )
    biaya = models.DecimalField(
        _("fee/tariff (Rp)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("0 means free of charge."),
    )
    biaya_keterangan = models.CharField(_("fee notes"), max_length=300, blank=True)
    produk = models.TextField(_("service product"), blank=True)
    penanganan_pengaduan = models.TextField(_("handling of complaints, suggestions and feedback"), blank=True)

    # --- the internal part: for officers, oversight and the admin -------------------------------------
    dasar_hukum = models.TextField(_("legal basis"), blank=True)
    sarana_prasarana = models.TextField(_("facilities and infrastructure"), blank=True)
    kompetensi_pelaksana = models.TextField(_("staff competence"), blank=True)
    pengawasan_internal = models.TextField(_("internal oversight"), blank=True)
    jumlah_pelaksana = models.PositiveSmallIntegerField(_("number of staff"), null=True, blank=True)
    jaminan_pelayanan = models.TextField(_("service guarantee"), blank=True)
    jaminan_keamanan = models.TextField(_("security and safety guarantee"), blank=True)
    evaluasi_kinerja = models.TextField(_("staff performance evaluation"), blank=True)
    target_respons_hari = models.PositiveSmallIntegerField(
        _("first response target (working days)"), default=1, validators=[MinValueValidator(1)]
    )

    diperbarui_pada = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kelompok", "nama"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.nama

    @property
    def gratis(self) -> bool:
        return self.biaya == 0


class Persyaratan(models.Model):
    """One document of a service's checklist; uploads carry its `kode` as `Lampiran.kode_persyaratan`."""

    layanan = models.ForeignKey(JenisLayanan, on_delete=models.CASCADE, related_name="persyaratan")
    kode = models.SlugField(_("code"), max_length=50)
    nama = models.CharField(_("name"), max_length=200)
    keterangan = models.TextField(_("notes"), blank=True)
    wajib = models.BooleanField(_("required"), default=True)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [models.UniqueConstraint(fields=["layanan", "kode"], name="persyaratan_kode_unik")]

    def __str__(self) -> str:
        return self.nama


class TipeIsian(models.TextChoices):
    # Mirrors Open311's attribute datatypes: string, number, datetime, text, singlevaluelist, multivaluelist.
    TEKS = "teks", _("Short text")
    ANGKA = "angka", _("Number")
    TANGGAL = "tanggal", _("Date")
    TEKS_PANJANG = "teks_panjang", _("Long text")
    PILIHAN_TUNGGAL = "pilihan_tunggal", _("Single choice")
    PILIHAN_GANDA = "pilihan_ganda", _("Multiple choice")


TIPE_PILIHAN = (TipeIsian.PILIHAN_TUNGGAL, TipeIsian.PILIHAN_GANDA)
# Longest answer each text type accepts; `maks_panjang` may only lower it.
PANJANG_BAWAAN: dict[str, int] = {TipeIsian.TEKS: 255, TipeIsian.TEKS_PANJANG: 4000}


class IsianFormulir(models.Model):
    """One field of a service's submission form."""

    layanan = models.ForeignKey(JenisLayanan, on_delete=models.CASCADE, related_name="isian")
    kode = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    tipe = models.CharField(_("field type"), max_length=20, choices=TipeIsian.choices, default=TipeIsian.TEKS)
    wajib = models.BooleanField(_("required"), default=False)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)
    keterangan = models.TextField(_("notes"), blank=True)
    pilihan = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For the choice types: a list of {"kode": "...", "label": "..."}.'),
    )
    maks_panjang = models.PositiveSmallIntegerField(
        _("maximum length"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [models.UniqueConstraint(fields=["layanan", "kode"], name="isian_kode_unik")]

    def __str__(self) -> str:
        return self.label

    @property
    def kode_pilihan(self) -> list[str]:
        """The choice codes, tolerant of a malformed list saved around `clean()` (e.g. a data migration)."""
        if not isinstance(self.pilihan, list):
            return []
        return [str(p["kode"]) for p in self.pilihan if isinstance(p, dict) and p.get("kode")]

    @property
    def label_pilihan(self) -> dict[str, str]:
        if not isinstance(self.pilihan, list):
            return {}
        return {
            str(p["kode"]): str(p.get("label") or p["kode"])
            for p in self.pilihan
            if isinstance(p, dict) and p.get("kode")
        }

    def clean(self) -> None:
        super().clean()
        galat: dict[str, list[Any]] = {}
        if self.tipe in TIPE_PILIHAN:
            masalah = _periksa_pilihan(self.pilihan)
            if masalah:
                galat["pilihan"] = [masalah]
        elif self.pilihan:
            galat["pilihan"] = [_("Choices are only for the single choice or multiple choice types.")]
        if self.maks_panjang is not None:
            bawaan = PANJANG_BAWAAN.get(self.tipe)
            if bawaan is None:
                galat["maks_panjang"] = [_("A maximum length is only for text fields.")]
            elif self.maks_panjang > bawaan:
                galat["maks_panjang"] = [
                    _("The maximum length for this type is at most %(n)s.") % {"n": bawaan}
                ]
        if galat:
            raise ValidationError(galat)


def _periksa_pilihan(pilihan: Any) -> Any:
    """The problem with a choice list, or None when it is a non-empty list of distinct {kode, label}."""
    if not isinstance(pilihan, list) or not pilihan:
        return _("A choice type needs a non-empty list of choices.")
    terlihat: set[str] = set()
    for item in pilihan:
        if not isinstance(item, dict) or set(item) != {"kode", "label"}:
            return _('Each choice must have the form {"kode": "...", "label": "..."}.')
        kode, label = item["kode"], item["label"]
        if not isinstance(kode, str) or not kode.strip() or not isinstance(label, str) or not label.strip():
            return _("A choice's code and label must be non-empty text.")
        if len(kode) > 50 or len(label) > 200:
            return _("A choice code may be at most 50 characters long and a label 200.")
        if kode in terlihat:
            return _("Choice code %(kode)s is used more than once.") % {"kode": kode}
        terlihat.add(kode)
    return None


class Permohonan(models.Model):
    """A service request: the tiket that carries it through the lifecycle, and the citizen's answers as
    cleaned by `layanan.formulir` when it was filed (the form may change later; the answers do not)."""

    tiket = models.OneToOneField(
        "antrian.Tiket", verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="permohonan"
    )
    layanan = models.ForeignKey(
        JenisLayanan, verbose_name=_("service"), on_delete=models.PROTECT, related_name="permohonan"
    )
    jawaban = models.JSONField(_("form answers"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")

    def __str__(self) -> str:
        return f"{self.tiket} — {self.layanan}"
