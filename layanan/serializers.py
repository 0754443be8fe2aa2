"""Input and output shapes of the catalogue and permohonan API. No domain rules here: those live in
`layanan.formulir` and `layanan.services`."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antrian.models import Prioritas
from layanan.models import IsianFormulir, JenisLayanan, Persyaratan


class LayananUnitOutput(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class LayananDaftarOutput(serializers.ModelSerializer):
    unit = LayananUnitOutput()
    gratis = serializers.BooleanField()

    class Meta:
        model = JenisLayanan
        fields = ["kode", "nama", "ringkasan", "kelompok", "unit", "jangka_waktu_hari", "biaya", "gratis"]


class StandarPublikOutput(serializers.ModelSerializer):
    """The citizen-facing part of the service standard (Permenpan RB 15/2014)."""

    gratis = serializers.BooleanField()

    class Meta:
        model = JenisLayanan
        fields = [
            "prosedur",
            "jangka_waktu_hari",
            "biaya",
            "biaya_keterangan",
            "gratis",
            "produk",
            "penanganan_pengaduan",
        ]


class StandarInternalOutput(serializers.ModelSerializer):
    """The internal part of the standard: only for officers, oversight and the admin."""

    class Meta:
        model = JenisLayanan
        fields = [
            "dasar_hukum",
            "sarana_prasarana",
            "kompetensi_pelaksana",
            "pengawasan_internal",
            "jumlah_pelaksana",
            "jaminan_pelayanan",
            "jaminan_keamanan",
            "evaluasi_kinerja",
            "target_respons_hari",
        ]


class PersyaratanOutput(serializers.ModelSerializer):
    class Meta:
        model = Persyaratan
        fields = ["kode", "nama", "keterangan", "wajib", "urutan"]


class PilihanOutput(serializers.Serializer):
    kode = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, popped by the metaclass


class IsianOutput(serializers.ModelSerializer):
    pilihan = PilihanOutput(many=True)

    class Meta:
        model = IsianFormulir
        fields = ["kode", "label", "tipe", "wajib", "urutan", "keterangan", "pilihan", "maks_panjang"]


class LayananRinciOutput(serializers.ModelSerializer):
    """The public detail: no trace of the internal part of the standard."""

    unit = LayananUnitOutput()
    standar = StandarPublikOutput(source="*")
    persyaratan = PersyaratanOutput(many=True)
    formulir = IsianOutput(many=True, source="isian")

    class Meta:
        model = JenisLayanan
        fields = [
            "kode",
            "nama",
            "ringkasan",
            "deskripsi",
            "kelompok",
            "kata_kunci",
            "unit",
            "standar",
            "persyaratan",
            "formulir",
        ]


class LayananRinciInternalOutput(LayananRinciOutput):
    """The detail for officers, managers and the admin: the public detail plus the internal standard."""

    standar_internal = StandarInternalOutput(
        source="*", required=False, help_text=_("Only for officers, managers and the admin.")
    )

    class Meta(LayananRinciOutput.Meta):
        fields = [*LayananRinciOutput.Meta.fields, "standar_internal"]


@extend_schema_field(OpenApiTypes.OBJECT)
class JsonObjekField(serializers.Field):
    """A JSON object given as an object (JSON body) or as a JSON string (a multipart form field)."""

    default_error_messages = {
        "invalid": _("Must be a JSON object."),
        "rusak": _("Not valid JSON."),
    }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, str):
            if len(data) > 200_000:
                self.fail("rusak")
            try:
                # NaN and Infinity are not JSON; Python's parser accepts them unless told otherwise.
                data = json.loads(data or "{}", parse_constant=_tolak_konstanta)
            except ValueError:
                self.fail("rusak")
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _tolak_konstanta(nama: str) -> Any:
    raise ValueError(nama)


class FilterLayananInput(serializers.Serializer):
    """The catalogue's query. Validated like every other input: a NUL byte (which PostgreSQL cannot
    compare) is a 400, not a database error."""

    kelompok = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Service group, e.g. Kependudukan.")
    )
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Search words (name, keywords, summary).")
    )


class PermohonanInput(serializers.Serializer):
    layanan = serializers.SlugField(max_length=50)
    jawaban = JsonObjekField(required=False, default=dict)
    kontak_nama = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    kontak_email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    kontak_telepon = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    prioritas = serializers.ChoiceField(choices=Prioritas.choices, required=False, allow_null=True)
