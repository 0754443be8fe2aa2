"""The satisfaction survey form: nine radio groups (one per element, each with the regulation's own
4-point scale) and an optional suggestion. It only shapes input; `antrian.services.survei_isi` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antrian.services.survei import PERTANYAAN, SARAN_MAKS


class SurveiForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for nomor, p in enumerate(PERTANYAAN, start=1):
            self.fields[p.unsur] = forms.TypedChoiceField(
                # "1. Persyaratan" as the group's legend, the question under it.
                label=f"{nomor}. {p.label}",
                help_text=p.teks,
                choices=p.pilihan(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one answer."),
                    "invalid_choice": _("Choose one of the four answers."),
                },
            )
        self.fields["saran"] = forms.CharField(
            label=_("Suggestions for the unit (optional)"),
            required=False,
            max_length=SARAN_MAKS,
            help_text=_("At most %(n)s characters. Do not write personal data such as your NIK here.")
            % {"n": SARAN_MAKS},
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def jawaban(self) -> dict[str, int]:
        return {p.unsur: self.cleaned_data[p.unsur] for p in PERTANYAAN}
