"""Forms of the tracking page: the lookup by number + token, and the citizen's actions on a tiket.

They only shape input; the services (antrian.services) decide what is allowed and what it does. Field
names follow the services' arguments, so a `DataTidakValid` from a service lands on the right field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

TERIMA_BERKAS = "application/pdf,image/jpeg,image/png,image/webp,.pdf,.jpg,.jpeg,.png,.webp"


class CariForm(forms.Form):
    nomor = forms.CharField(
        label=_("Ticket number"),
        max_length=24,
        help_text=_("E.g. ADU-2611-00012 or LYN-2611-00034."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    token = forms.CharField(
        label=_("Tracking code"),
        max_length=100,
        required=False,
        help_text=_("The secret code in the tracking link you received when you submitted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_nomor(self) -> str:
        return str(self.cleaned_data["nomor"]).strip().upper()

    def clean_token(self) -> str:
        return str(self.cleaned_data.get("token") or "").strip()


class BerkasGandaInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BerkasGandaField(forms.FileField):
    """Several files in one input; their content is checked by `antrian.berkas.periksa_semua`."""

    widget = BerkasGandaInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", TERIMA_BERKAS)
        # The page's live part is fetched again on every event; chosen files survive that (htmx).
        self.widget.attrs.setdefault("hx-preserve", "true")

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        daftar = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(BerkasGandaField, self).clean(berkas, initial) for berkas in daftar if berkas]


def _bantuan_berkas() -> str:
    return str(
        _("PDF, JPEG, PNG or WebP; at most %(mb)s MB per file and %(n)s files.")
        % {"mb": settings.UNGGAHAN_MAKS_MB, "n": settings.UNGGAHAN_MAKS_BERKAS}
    )


class TanggapanForm(forms.Form):
    isi = forms.CharField(
        label=_("Your reply"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "hx-preserve": "true"}),
    )
    lampiran = BerkasGandaField(label=_("Attachments (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lampiran"].help_text = _bantuan_berkas()


class LengkapiForm(forms.Form):
    """The answer to an officer's request for missing items: text, files, or both."""

    pesan = forms.CharField(
        label=_("Your answer"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "hx-preserve": "true"}),
    )
    lampiran = BerkasGandaField(label=_("Requested documents"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lampiran"].help_text = _bantuan_berkas()


class AlasanForm(forms.Form):
    """Cancel and reopen: a reason is required."""

    alasan = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "hx-preserve": "true"})
    )


class TutupForm(forms.Form):
    catatan = forms.CharField(
        label=_("A note for the officer (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "hx-preserve": "true"}),
    )
