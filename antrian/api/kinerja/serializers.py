"""Output shapes of the metrics API, for the schema and for the answers themselves.

Every figure arrives as `BarisKinerja.sebagai_dict()` (durations in hours, percentages 0–100 or null)
and is passed through these serializers unchanged, so the documented shape is the shape sent.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antrian.models import AlasanTolak, JenisTiket, Status
from antrian.selectors.kinerja import UKURAN, UMUR


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "nullable": True,
        "description": 'id unit/petugas, kunci layanan ("layanan:<id>"/"keluhan:<id>"), null untuk total',
    }
)
class KunciField(serializers.Field):
    """The row's key as the selector gives it: a unit or officer id, a service key, or null (total)."""

    def to_representation(self, value: Any) -> Any:
        return value


class RentangOutput(serializers.Serializer):
    dari = serializers.DateField()
    sampai = serializers.DateField()


class SebaranOutput(serializers.Serializer):
    n = serializers.IntegerField()
    rerata = serializers.FloatField(allow_null=True, help_text=_("Mean, in hours."))
    median = serializers.FloatField(allow_null=True, help_text=_("Median, in hours."))
    p90 = serializers.FloatField(allow_null=True, help_text=_("90th percentile, in hours."))


class SkmOutput(serializers.Serializer):
    responden = serializers.IntegerField()
    nrr = serializers.DictField(child=serializers.FloatField(), help_text=_("Mean answer per element u1–u9."))
    ikm = serializers.FloatField()
    nilai = serializers.FloatField(help_text=_("Converted score, 25–100."))
    mutu = serializers.CharField()
    kinerja = serializers.CharField()
    bobot = serializers.CharField()


# Field names that are the selector's keys (some start with a digit), so built rather than declared.
DitolakOutput: Any = type(
    "DitolakOutput", (serializers.Serializer,), {a: serializers.IntegerField() for a in AlasanTolak.values}
)
UmurOutput: Any = type(
    "UmurHariKerjaOutput", (serializers.Serializer,), {k: serializers.IntegerField() for k, _a, _b in UMUR}
)


class BarisKinerjaOutput(serializers.Serializer):
    kunci = KunciField()
    nama = serializers.CharField()
    masuk = serializers.IntegerField(allow_null=True, help_text=_("Null for officers."))
    dialihkan = serializers.IntegerField(allow_null=True, help_text=_("Null for officers."))
    respons_jam_kerja = SebaranOutput()
    respons_jam_kalender = SebaranOutput()
    penyelesaian_jam_kerja = SebaranOutput()
    penyelesaian_jam_kalender = SebaranOutput()
    selesai = serializers.IntegerField()
    selesai_tepat_waktu = serializers.IntegerField()
    kepatuhan_sla = serializers.FloatField(allow_null=True, help_text=_("Percent, 0–100."))
    dibuka_kembali = serializers.IntegerField()
    tingkat_buka_kembali = serializers.FloatField(allow_null=True, help_text=_("Percent, 0–100."))
    ditolak = DitolakOutput()
    tingkat_tolak = serializers.FloatField(allow_null=True, help_text=_("Percent, 0–100."))
    terbuka = serializers.IntegerField()
    terlambat = serializers.IntegerField()
    umur_hari_kerja = UmurOutput()
    beban = serializers.IntegerField()
    skm = SkmOutput(allow_null=True)
    skm_disembunyikan = serializers.BooleanField(
        help_text=_("True when survey answers exist but are too few to show for an officer.")
    )


class KinerjaUnitOutput(serializers.Serializer):
    rentang = RentangOutput()
    baris = BarisKinerjaOutput(many=True)
    total = BarisKinerjaOutput()


class KinerjaDaftarOutput(serializers.Serializer):
    rentang = RentangOutput()
    baris = BarisKinerjaOutput(many=True)


class UnitKinerjaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class KinerjaPetugasOutput(KinerjaDaftarOutput):
    unit = UnitKinerjaOutput()


class TitikTrenOutput(serializers.Serializer):
    minggu = serializers.DateField(help_text=_("The Monday that starts the week."))
    masuk = serializers.IntegerField()
    selesai = serializers.IntegerField()
    selesai_tepat = serializers.IntegerField()
    terlambat = serializers.IntegerField()
    kepatuhan_sla = serializers.FloatField(allow_null=True)


class KinerjaTrenOutput(serializers.Serializer):
    rentang = RentangOutput()
    titik = TitikTrenOutput(many=True)


class PasanganLayananOutput(serializers.Serializer):
    saya = BarisKinerjaOutput()
    unit = BarisKinerjaOutput(allow_null=True)


class PerhatianOutput(serializers.Serializer):
    saya = BarisKinerjaOutput()
    unit = BarisKinerjaOutput()
    # Plain strings: a ChoiceField named "alasan" would collide with the rejection reasons' enum.
    alasan = serializers.CharField(help_text=_('"lambat" (slower than the unit) or "skm" (lower SKM score).'))


class KinerjaSayaOutput(serializers.Serializer):
    rentang = RentangOutput()
    saya = BarisKinerjaOutput()
    unit = BarisKinerjaOutput(many=True)
    layanan = PasanganLayananOutput(many=True)
    perhatian = PerhatianOutput(many=True)


class PetugasKinerjaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()


class TiketKinerjaOutput(serializers.Serializer):
    nomor = serializers.CharField()
    judul = serializers.CharField()
    jenis = serializers.ChoiceField(choices=JenisTiket.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    layanan = serializers.CharField()
    unit = UnitKinerjaOutput()
    petugas = PetugasKinerjaOutput(allow_null=True)
    diajukan_pada = serializers.DateTimeField()
    tenggat = serializers.DateTimeField(allow_null=True)
    respons_pada = serializers.DateTimeField(allow_null=True)
    selesai_pada = serializers.DateTimeField(allow_null=True)
    respons_jam_kerja = serializers.FloatField(allow_null=True)
    respons_jam_kalender = serializers.FloatField(allow_null=True)
    penyelesaian_jam_kerja = serializers.FloatField(allow_null=True)
    penyelesaian_jam_kalender = serializers.FloatField(allow_null=True)
    tepat_waktu = serializers.BooleanField(allow_null=True)
    dibuka_kembali = serializers.IntegerField()
    dialihkan = serializers.IntegerField()
    alasan_tolak = serializers.CharField(
        allow_null=True, help_text=format_lazy("{}: {}", _("Rejection reason"), ", ".join(AlasanTolak.values))
    )


class SkmBarisOutput(serializers.Serializer):
    kunci = KunciField()
    nama = serializers.CharField()
    skm = SkmOutput(allow_null=True)
    disembunyikan = serializers.BooleanField(
        help_text=_("True when an officer's answers are too few to show (the figure is then null).")
    )


class KinerjaSkmOutput(serializers.Serializer):
    rentang = RentangOutput()
    per = serializers.ChoiceField(choices=[(p, p) for p in ("unit", "layanan", "petugas")])
    baris = SkmBarisOutput(many=True)


UKURAN_PILIHAN = list(UKURAN)
