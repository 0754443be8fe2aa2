"""Input and output shapes of the account API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers


class DaftarInput(serializers.Serializer):
    nama_lengkap = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    telepon = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text=gettext_lazy("E.g. 081234567890."),
    )
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    nik = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text=gettext_lazy("Optional, 16 digits."),
    )


class TokenInput(serializers.Serializer):
    username = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    telepon = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        identitas = (attrs["username"] or attrs["email"] or attrs["telepon"]).strip()
        if not identitas:
            raise serializers.ValidationError(_("Fill in a username, email address or phone number."))
        attrs["identitas"] = identitas
        return attrs


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class UnitPeranOutput(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()
    peran = serializers.CharField()


class ProfilOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pengguna.pk")
    username = serializers.CharField(source="pengguna.username")
    nama_lengkap = serializers.CharField(source="pengguna.nama_lengkap")
    email = serializers.CharField(source="pengguna.email", allow_null=True)
    telepon = serializers.CharField(source="pengguna.telepon", allow_null=True)
    nik = serializers.CharField(
        source="pengguna.nik_tersamar", help_text=gettext_lazy("Masked NIK, e.g. 3201**********01.")
    )
    peran = serializers.ListField(
        child=serializers.ChoiceField(choices=["warga", "petugas", "supervisor", "manajer", "admin"])
    )
    unit = UnitPeranOutput(many=True)
