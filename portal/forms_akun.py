"""Forms of the account pages: log in, register, password reset. Registration is checked by the same
service as the API (`portal.services.pengguna_daftar`); these forms only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


class MasukForm(AuthenticationForm):
    """Log in with a username, e-mail address or phone number (portal.backends)."""

    username = forms.CharField(
        label=_("Username, email, or phone number"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username, email/phone or password. Check them and try again."),
        "inactive": _("This account is inactive."),
    }


class DaftarForm(forms.Form):
    """A citizen's registration: e-mail or phone (one is enough), NIK optional."""

    nama_lengkap = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telepon = forms.CharField(
        label=_("Mobile phone number"),
        required=False,
        max_length=20,
        help_text=_("Fill in an email address, a phone number, or both. E.g. 081234567890."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        required=False,
        max_length=16,
        help_text=_("16 digits from your KTP. It is never shown in full to anyone else."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        help_text=_("At least 8 characters; not only digits and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_ulang = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sandi, ulang = data.get("password"), data.get("password_ulang")
        if sandi and ulang and sandi != ulang:
            self.add_error("password_ulang", _("The two passwords do not match."))
        return data

    def data_layanan(self) -> dict[str, str]:
        """The keyword arguments of `pengguna_daftar`."""
        d = self.cleaned_data
        return {
            "nama_lengkap": d["nama_lengkap"],
            "email": d.get("email") or "",
            "telepon": d.get("telepon") or "",
            "nik": d.get("nik") or "",
            "password": d["password"],
        }


class LupaSandiForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The email address of your account. We send a link to set a new password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SandiBaruForm(SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 8 characters; not only digits and not a common password."
        )
        self.fields["new_password2"].label = _("Repeat the new password")
