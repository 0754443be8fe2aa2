"""Input and output shapes of the keluhan API. Types only: the rules live in the service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class UnitRingkasOutput(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class KategoriKeluhanOutput(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()
    deskripsi = serializers.CharField()
    unit = UnitRingkasOutput(source="unit_default")


class KeluhanInput(serializers.Serializer):
    # Lengths, required fields, coordinates and contact rules are checked by `keluhan_ajukan`, so the
    # HTML form and the API answer the same mistakes with the same messages.
    kategori = serializers.CharField(help_text=_("Complaint category code."))
    judul = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    isi = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    lintang = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, help_text=_("-90..90, decimal")
    )
    bujur = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, help_text=_("-180..180, decimal")
    )
    alamat = serializers.CharField(required=False, allow_blank=True, default="")
    anonim = serializers.BooleanField(required=False, default=False)
    rahasia = serializers.BooleanField(required=False, default=False)
    bagikan_lokasi_foto = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Keep the GPS position recorded in the attached photos. Without it every photo is stored "
            "without any metadata (location, time, device)."
        ),
    )
    kontak_nama = serializers.CharField(required=False, allow_blank=True, default="")
    kontak_email = serializers.CharField(required=False, allow_blank=True, default="")
    kontak_telepon = serializers.CharField(required=False, allow_blank=True, default="")
    lampiran = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        help_text=_("PDF, JPEG, PNG or WebP files (multipart, more than one allowed)."),
    )
