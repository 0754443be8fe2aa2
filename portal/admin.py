"""Admin for accounts: Django's UserAdmin with the portal's contact and identity fields."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.models import AplikasiOpen311, Pengguna
from portal.samaran import samarkan_email, samarkan_telepon
from portal.validators import normalisasi_telepon


class _KontakTernormalisasi:
    """Store e-mail and phone the way login looks them up, so the unique checks see the stored form
    (an e-mail differing only in case would otherwise pass the form and fail in the database)."""

    cleaned_data: dict[str, Any]

    def clean_email(self) -> str | None:
        return (self.cleaned_data.get("email") or "").strip().lower() or None

    def clean_telepon(self) -> str | None:
        nilai = self.cleaned_data.get("telepon")
        return normalisasi_telepon(nilai) if nilai else None


class FormTambahPengguna(_KontakTernormalisasi, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]
        model = Pengguna
        fields = ("username", "email", "telepon", "nama_lengkap")


class FormUbahPengguna(_KontakTernormalisasi, UserChangeForm):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]
        model = Pengguna


@admin.register(Pengguna)
class PenggunaAdmin(UserAdmin):
    form = FormUbahPengguna
    add_form = FormTambahPengguna
    list_display = [
        "username",
        "nama_lengkap",
        "email_samar",
        "telepon_samar",
        "nik_samar",
        "is_staff",
        "is_active",
    ]
    # No search by NIK: the query string would carry the whole number into access logs.
    search_fields = ["username", "nama_lengkap", "email", "telepon"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Identity and contact"), {"fields": ["nama_lengkap", "email", "telepon", "nik"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "telepon",
                    "nama_lengkap",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    @admin.display(description=_("NIK"))
    def nik_samar(self, obj: Pengguna) -> str:
        # Lists are seen over shoulders and in screenshots: never the whole NIK here.
        return obj.nik_tersamar

    @admin.display(description=_("email"), ordering="email")
    def email_samar(self, obj: Pengguna) -> str:
        return samarkan_email(obj.email)

    @admin.display(description=_("phone"), ordering="telepon")
    def telepon_samar(self, obj: Pengguna) -> str:
        return samarkan_telepon(obj.telepon)


@admin.register(AplikasiOpen311)
class AplikasiOpen311Admin(admin.ModelAdmin):
    """Issue and revoke Open311 keys. The key is generated on creation and shown once in a message;
    only its hash is stored, so a lost key is replaced by a new app (and the old one revoked)."""

    list_display = ["nama", "awalan", "kontak", "aktif", "batas_per_menit", "dibuat_pada", "terakhir_dipakai"]
    list_filter = ["aktif"]
    search_fields = ["nama", "kontak", "awalan"]
    fields = ["nama", "kontak", "aktif", "batas_per_menit", "awalan", "dibuat_pada", "terakhir_dipakai"]
    readonly_fields = ["awalan", "dibuat_pada", "terakhir_dipakai"]
    actions = ["cabut"]

    def save_model(self, request: HttpRequest, obj: AplikasiOpen311, form: Any, change: bool) -> None:
        kunci = None if change else obj.kunci_baru()
        super().save_model(request, obj, form, change)
        if kunci:
            self.message_user(
                request,
                _("The api_key of %(nama)s is %(kunci)s — copy it now; it will not be shown again.")
                % {"nama": obj.nama, "kunci": kunci},
                messages.WARNING,
            )

    @admin.action(description=_("Revoke the keys of the selected applications"))
    def cabut(self, request: HttpRequest, queryset: QuerySet[AplikasiOpen311]) -> None:
        jumlah = queryset.update(aktif=False)
        self.message_user(request, _("%(n)s key(s) revoked.") % {"n": jumlah}, messages.SUCCESS)
