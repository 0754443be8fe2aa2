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

    kode = models.SlugField(_("kode"), max_length=50, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    ringkasan = models.CharField(_("ringkasan"), max_length=300, blank=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    kata_kunci = models.CharField(
        _("kata kunci"), max_length=500, blank=True, help_text=_("Dipisah koma; dipakai pencarian katalog.")
    )
    kelompok = models.CharField(
        _("kelompok"), max_length=100, blank=True, db_index=True, help_text=_("Mis. Kependudukan, Perizinan.")
    )
    unit = models.ForeignKey(
        "antrian.Unit",
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="layanan",
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    # --- the citizen-facing part of the standard ----------------------------------------------------
    prosedur = models.TextField(_("sistem, mekanisme dan prosedur"), blank=True)
    jangka_waktu_hari = models.PositiveSmallIntegerField(
        _("jangka waktu (hari kerja)"), validators=[MinValueValidator(1)]
    )
    biaya = models.DecimalField(
        _("biaya/tarif (Rp)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("0 berarti gratis."),
    )
    biaya_keterangan = models.CharField(_("keterangan biaya"), max_length=300, blank=True)
    produk = models.TextField(_("produk pelayanan"), blank=True)
    penanganan_pengaduan = models.TextField(_("penanganan pengaduan, saran dan masukan"), blank=True)

    # --- the internal part: for officers, oversight and the admin -------------------------------------
    dasar_hukum = models.TextField(_("dasar hukum"), blank=True)
    sarana_prasarana = models.TextField(_("sarana dan prasarana"), blank=True)
    kompetensi_pelaksana = models.TextField(_("kompetensi pelaksana"), blank=True)
    pengawasan_internal = models.TextField(_("pengawasan internal"), blank=True)
    jumlah_pelaksana = models.PositiveSmallIntegerField(_("jumlah pelaksana"), null=True, blank=True)
    jaminan_pelayanan = models.TextField(_("jaminan pelayanan"), blank=True)
    jaminan_keamanan = models.TextField(_("jaminan keamanan dan keselamatan"), blank=True)
    evaluasi_kinerja = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    target_respons_hari = models.PositiveSmallIntegerField(
        _("target respons pertama (hari kerja)"), default=1, validators=[MinValueValidator(1)]
    )

    diperbarui_pada = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["kelompok", "nama"]
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")

    def __str__(self) -> str:
        return self.nama

    @property
    def gratis(self) -> bool:
        return self.biaya == 0


class Persyaratan(models.Model):
    """One document of a service's checklist; uploads carry its `kode` as `Lampiran.kode_persyaratan`."""

    layanan = models.ForeignKey(JenisLayanan, on_delete=models.CASCADE, related_name="persyaratan")
    kode = models.SlugField(_("kode"), max_length=50)
    nama = models.CharField(_("nama"), max_length=200)
    keterangan = models.TextField(_("keterangan"), blank=True)
    wajib = models.BooleanField(_("wajib"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        constraints = [models.UniqueConstraint(fields=["layanan", "kode"], name="persyaratan_kode_unik")]

    def __str__(self) -> str:
        return self.nama


class TipeIsian(models.TextChoices):
    # Mirrors Open311's attribute datatypes: string, number, datetime, text, singlevaluelist, multivaluelist.
    TEKS = "teks", _("Teks singkat")
    ANGKA = "angka", _("Angka")
    TANGGAL = "tanggal", _("Tanggal")
    TEKS_PANJANG = "teks_panjang", _("Teks panjang")
    PILIHAN_TUNGGAL = "pilihan_tunggal", _("Pilihan tunggal")
    PILIHAN_GANDA = "pilihan_ganda", _("Pilihan ganda")


TIPE_PILIHAN = (TipeIsian.PILIHAN_TUNGGAL, TipeIsian.PILIHAN_GANDA)
# Longest answer each text type accepts; `maks_panjang` may only lower it.
PANJANG_BAWAAN: dict[str, int] = {TipeIsian.TEKS: 255, TipeIsian.TEKS_PANJANG: 4000}


class IsianFormulir(models.Model):
    """One field of a service's submission form."""

    layanan = models.ForeignKey(JenisLayanan, on_delete=models.CASCADE, related_name="isian")
    kode = models.SlugField(_("kode"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    tipe = models.CharField(_("tipe"), max_length=20, choices=TipeIsian.choices, default=TipeIsian.TEKS)
    wajib = models.BooleanField(_("wajib"), default=False)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    keterangan = models.TextField(_("keterangan"), blank=True)
    pilihan = models.JSONField(
        _("pilihan"),
        default=list,
        blank=True,
        help_text=_('Untuk tipe pilihan: daftar {"kode": "...", "label": "..."}.'),
    )
    maks_panjang = models.PositiveSmallIntegerField(
        _("panjang maksimum"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name = _("isian formulir")
        verbose_name_plural = _("isian formulir")
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
            galat["pilihan"] = [_("Pilihan hanya untuk tipe pilihan tunggal atau pilihan ganda.")]
        if self.maks_panjang is not None:
            bawaan = PANJANG_BAWAAN.get(self.tipe)
            if bawaan is None:
                galat["maks_panjang"] = [_("Panjang maksimum hanya untuk isian teks.")]
            elif self.maks_panjang > bawaan:
                galat["maks_panjang"] = [
                    _("Panjang maksimum untuk tipe ini paling banyak %(n)s.") % {"n": bawaan}
                ]
        if galat:
            raise ValidationError(galat)


def _periksa_pilihan(pilihan: Any) -> Any:
    """The problem with a choice list, or None when it is a non-empty list of distinct {kode, label}."""
    if not isinstance(pilihan, list) or not pilihan:
        return _("Tipe pilihan membutuhkan daftar pilihan yang tidak kosong.")
    terlihat: set[str] = set()
    for item in pilihan:
        if not isinstance(item, dict) or set(item) != {"kode", "label"}:
            return _('Setiap pilihan harus berbentuk {"kode": "...", "label": "..."}.')
        kode, label = item["kode"], item["label"]
        if not isinstance(kode, str) or not kode.strip() or not isinstance(label, str) or not label.strip():
            return _("Kode dan label pilihan harus berupa teks yang tidak kosong.")
        if len(kode) > 50 or len(label) > 200:
            return _("Kode pilihan paling panjang 50 dan label 200 karakter.")
        if kode in terlihat:
            return _("Kode pilihan %(kode)s dipakai lebih dari sekali.") % {"kode": kode}
        terlihat.add(kode)
    return None


class Permohonan(models.Model):
    """A service request: the tiket that carries it through the lifecycle, and the citizen's answers as
    cleaned by `layanan.formulir` when it was filed (the form may change later; the answers do not)."""

    tiket = models.OneToOneField(
        "antrian.Tiket", verbose_name=_("tiket"), on_delete=models.PROTECT, related_name="permohonan"
    )
    layanan = models.ForeignKey(
        JenisLayanan, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="permohonan"
    )
    jawaban = models.JSONField(_("jawaban formulir"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")

    def __str__(self) -> str:
        return f"{self.tiket} — {self.layanan}"
