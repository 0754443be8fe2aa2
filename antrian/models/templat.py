"""Canned responses (templat jawaban) of a unit: reply texts with placeholders an officer fills in one go."""

from __future__ import annotations

import string
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from antrian.models.organisasi import Unit

# The only placeholders a template may use; anything else is refused when the template is saved, so an
# officer never sends a citizen a literal "{typo}".
PLACEHOLDER = ("nama_warga", "nomor", "layanan", "tenggat", "petugas")


def placeholder_dipakai(isi: str) -> set[str]:
    """Field names used in `isi` ('{nomor}' -> 'nomor'); ValueError on a malformed brace."""
    return {nama for _teks, nama, _format, _konversi in string.Formatter().parse(isi) if nama is not None}


def validasi_isi_templat(isi: str) -> None:
    try:
        dipakai = placeholder_dipakai(isi)
    except ValueError as exc:
        raise ValidationError(_("Unbalanced braces: write {{ and }} for a literal brace.")) from exc
    asing = sorted(dipakai - set(PLACEHOLDER))
    if asing:
        raise ValidationError(
            _("Unknown placeholders: %(asing)s. Allowed: %(boleh)s.")
            % {"asing": ", ".join(asing), "boleh": ", ".join("{" + p + "}" for p in PLACEHOLDER)}
        )


class TemplatJawaban(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="templat_jawaban"
    )
    judul = models.CharField(_("title"), max_length=120)
    isi = models.TextField(
        _("text"),
        validators=[validasi_isi_templat],
        help_text=_("Placeholders: {nama_warga}, {nomor}, {layanan}, {tenggat}, {petugas}."),
    )
    aktif = models.BooleanField(_("active"), default=True)
    diperbarui_pada = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["unit", "judul"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        constraints = [models.UniqueConstraint(fields=["unit", "judul"], name="templat_jawaban_unik")]

    def __str__(self) -> str:
        return f"{self.unit.kode}: {self.judul}"

    def isi_untuk(self, nilai: Mapping[str, str]) -> str:
        """The text with every placeholder replaced. A template saved before validation existed (or
        with a broken brace) falls back to its raw text rather than failing the officer's page."""
        try:
            return self.isi.format_map({p: nilai.get(p, "") for p in PLACEHOLDER})
        except (KeyError, ValueError, IndexError):
            return self.isi
