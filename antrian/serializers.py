"""Input and output shapes of the tiket API. Outputs are read-only; no serializer has a writable status."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from antrian.models import AlasanTolak, JenisTiket, Lampiran, Peran, Status
from antrian.models.tiket import STATUS_SEMUA
from antrian.selectors import DITUGASKAN_KOSONG, DITUGASKAN_SAYA
from portal.samaran import samarkan_teks

# --- outputs ------------------------------------------------------------------------------------------


class TeksSamar(serializers.CharField):
    """Free text a citizen wrote, as officer lists show it: any NIK, phone or e-mail in it masked
    (UU 27/2022). The citizen's own views and one tiket's detail show the text as written."""

    def to_representation(self, value: Any) -> str:
        return samarkan_teks(super().to_representation(value))


class UnitTiketOutput(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class PetugasTiketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()


class TiketWargaOutput(serializers.Serializer):
    """A list item for the citizen: no officer identity."""

    nomor = serializers.CharField()
    jenis = serializers.CharField()
    judul = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    prioritas = serializers.IntegerField()
    unit = UnitTiketOutput()
    diajukan_pada = serializers.DateTimeField()
    tenggat = serializers.DateTimeField(allow_null=True)
    terlambat = serializers.BooleanField()
    hampir_jatuh_tempo = serializers.BooleanField(
        help_text=_("Still running and the deadline is within ESKALASI_HARI_KERJA working days.")
    )
    versi = serializers.IntegerField()


class TiketAntrianOutput(TiketWargaOutput):
    """A queue item for officers."""

    judul = TeksSamar()
    petugas = PetugasTiketOutput(allow_null=True)


class LampiranTiketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    nama_asli = serializers.CharField()
    tipe_mime = serializers.CharField()
    ukuran = serializers.IntegerField()
    kode_persyaratan = serializers.CharField()
    internal = serializers.BooleanField()
    dibuat_pada = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, obj: Lampiran) -> str:
        nomor = self.context["nomor"]
        return reverse("antrian_api:tiket-lampiran", kwargs={"nomor": nomor, "lampiran_id": obj.pk})


class PemohonTiketOutput(serializers.Serializer):
    nama = serializers.CharField()
    email = serializers.CharField()
    telepon = serializers.CharField()
    nik = serializers.CharField(help_text=_("Masked NIK, e.g. 3201**********01."))


class PeristiwaTiketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    jenis = serializers.CharField()
    aksi = serializers.CharField()
    aksi_label = serializers.CharField()
    dari_status = serializers.CharField()
    ke_status = serializers.CharField()
    waktu = serializers.DateTimeField()
    catatan = serializers.CharField()
    peran_aktor = serializers.ChoiceField(choices=["warga", "petugas", "sistem"])
    aktor_nama = serializers.CharField(allow_null=True, help_text=_("Officers only."))
    # DRF pops declared fields off the class, so this does not shadow `Serializer.data` at run time.
    data = serializers.DictField()  # type: ignore[assignment]


class TanggapanTiketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    isi = serializers.CharField()
    internal = serializers.BooleanField()
    dari_petugas = serializers.BooleanField()
    penulis_nama = serializers.CharField(allow_null=True)
    dibuat_pada = serializers.DateTimeField()
    lampiran = LampiranTiketOutput(many=True)


class DetailTiketOutput(serializers.Serializer):
    """One tiket as the viewer may see it (`antrian.selectors.TampilanTiket`)."""

    nomor = serializers.CharField(source="tiket.nomor")
    jenis = serializers.CharField(source="tiket.jenis")
    judul = serializers.CharField(source="tiket.judul")
    status = serializers.CharField(source="tiket.status")
    status_label = serializers.CharField(source="tiket.get_status_display")
    prioritas = serializers.IntegerField(source="tiket.prioritas")
    unit = UnitTiketOutput(source="tiket.unit")
    petugas = PetugasTiketOutput(allow_null=True, help_text=_("Officers only."))
    diajukan_pada = serializers.DateTimeField(source="tiket.diajukan_pada")
    tenggat = serializers.DateTimeField(source="tiket.tenggat", allow_null=True)
    terlambat = serializers.BooleanField(source="tiket.terlambat")
    hampir_jatuh_tempo = serializers.BooleanField(source="tiket.hampir_jatuh_tempo")
    versi = serializers.IntegerField(source="tiket.versi")
    alasan_tolak = serializers.CharField(source="tiket.alasan_tolak")
    diselesaikan_pada = serializers.DateTimeField(source="tiket.diselesaikan_pada", allow_null=True)
    anonim = serializers.BooleanField(source="tiket.anonim")
    identitas_rahasia = serializers.BooleanField(source="tiket.identitas_rahasia")
    pemohon = PemohonTiketOutput(allow_null=True)
    rincian = serializers.DictField(help_text=_("Details specific to the service request or complaint."))
    peristiwa = PeristiwaTiketOutput(many=True)
    tanggapan = TanggapanTiketOutput(many=True)
    lampiran = LampiranTiketOutput(many=True)
    aksi_tersedia = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Transitions you may run now; their URLs use '-', e.g. buka-kembali."),
    )
    boleh_menanggapi = serializers.BooleanField()
    boleh_catatan_internal = serializers.BooleanField()


class PetugasUnitOutput(serializers.Serializer):
    """A member of a unit as a supervisor choosing whom to assign sees them."""

    id = serializers.IntegerField(source="petugas.pk")
    nama = serializers.CharField(source="petugas.nama")
    jabatan = serializers.CharField(source="petugas.jabatan")
    peran = serializers.ChoiceField(choices=Peran.choices)
    aktif = serializers.BooleanField(source="petugas.aktif")
    kapasitas = serializers.IntegerField(source="petugas.kapasitas")
    beban_terbuka = serializers.IntegerField(help_text=_("Open tickets assigned to the officer, all units."))
    bisa_ditugaskan = serializers.SerializerMethodField(help_text=_("Active and below capacity."))
    terakhir_ditugaskan_pada = serializers.DateTimeField(
        source="petugas.terakhir_ditugaskan_pada", allow_null=True
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_bisa_ditugaskan(self, obj: Any) -> bool:
        return bool(obj.petugas.aktif and obj.beban_terbuka < obj.petugas.kapasitas)


def detail_data(tampilan: Any) -> dict[str, Any]:
    return DetailTiketOutput(tampilan, context={"nomor": tampilan.tiket.nomor}).data


# --- inputs -------------------------------------------------------------------------------------------


class FilterAntrianInput(serializers.Serializer):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=[*Status.choices, (STATUS_SEMUA, _("All statuses"))]),
        required=False,
        help_text=_(
            "One or more statuses (repeat the parameter or separate them with commas). Without it: the open "
            "tikets, as the queue page shows; 'semua' for every status, closed ones included."
        ),
    )
    unit = serializers.CharField(required=False, help_text=_("Unit code."))
    layanan = serializers.CharField(required=False, help_text=_("Service type code."))
    kategori = serializers.CharField(required=False, help_text=_("Complaint category code."))
    terlambat = serializers.BooleanField(required=False, default=False)
    ditugaskan = serializers.ChoiceField(choices=[DITUGASKAN_SAYA, DITUGASKAN_KOSONG], required=False)
    q = serializers.CharField(
        required=False, help_text=_("Number (prefix), or a word in the title or the complaint's text.")
    )
    jenis = serializers.ChoiceField(choices=JenisTiket.choices, required=False)
    petugas = serializers.IntegerField(required=False, help_text=_("Id of the assigned officer."))


class _VersiInput(serializers.Serializer):
    versi = serializers.IntegerField(
        required=False, help_text=_("The ticket version you saw (or the If-Match header).")
    )


class _LampiranInput(_VersiInput):
    lampiran = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class KosongInput(_VersiInput):
    pass


class CatatanOpsionalInput(_VersiInput):
    catatan = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class TugaskanInput(CatatanOpsionalInput):
    petugas = serializers.IntegerField(help_text=_("Id of the officer to assign."))


class TugaskanUlangInput(_VersiInput):
    petugas = serializers.IntegerField(help_text=_("Id of the officer who takes the ticket over."))
    alasan = serializers.CharField(max_length=5000, help_text=_("Why the ticket changes hands."))


class KlaimInput(serializers.Serializer):
    unit = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Unit code; empty: any of your claiming units.")
    )


class PesanWajibInput(_LampiranInput):
    pesan = serializers.CharField(max_length=5000)


class PesanOpsionalInput(_LampiranInput):
    pesan = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class SelesaikanInput(_LampiranInput):
    catatan = serializers.CharField(max_length=5000)
    produk = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class AlasanInput(_VersiInput):
    alasan = serializers.CharField(max_length=5000)


class TolakInput(_VersiInput):
    alasan = serializers.ChoiceField(choices=AlasanTolak.choices)
    catatan = serializers.CharField(max_length=5000)


class AlihkanInput(_VersiInput):
    unit = serializers.CharField(help_text=_("Code of the target unit."))
    alasan = serializers.CharField(max_length=5000)


class TanggapanInput(_LampiranInput):
    isi = serializers.CharField(max_length=10000)
    internal = serializers.BooleanField(required=False, default=False)


class PengajuanOutput(serializers.Serializer):
    """The body every submission returns (`antrian.idempoten.respons_pengajuan`), for both kinds of tiket."""

    nomor = serializers.CharField()
    jenis = serializers.CharField()
    status = serializers.CharField()
    unit = serializers.CharField()
    diajukan_pada = serializers.DateTimeField()
    tenggat = serializers.DateTimeField(allow_null=True)
    token_lacak = serializers.CharField(help_text=_("Secret; shown only once."))
    tautan_lacak = serializers.URLField()
    versi = serializers.IntegerField()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "description": _("Per list index or nested field, the same shape.")},
                {"type": "integer"},
            ]
        },
        "description": _(
            "400: per field, its messages (for a list or nested object: per index or field); "
            "409 perubahan_bersamaan: versi_saat_ini and versi_dikirim."
        ),
    }
)
class RincianGalatField(serializers.DictField):
    """What `penangan_galat` puts in `rincian`: messages per field, nested for lists and nested objects,
    and the two version numbers of a concurrent change."""


class GalatIsiOutput(serializers.Serializer):
    kode = serializers.CharField()
    pesan = serializers.CharField()
    rincian = RincianGalatField()


class GalatOutput(serializers.Serializer):
    """The one error shape of the API (`antrian.api_umum.penangan_galat`)."""

    galat = GalatIsiOutput()
