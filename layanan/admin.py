from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.models import IsianFormulir, JenisLayanan, Permohonan, Persyaratan


class PersyaratanInline(admin.TabularInline):
    model = Persyaratan
    extra = 0
    fields = ["urutan", "kode", "nama", "wajib", "keterangan"]


class IsianFormulirInline(admin.StackedInline):
    model = IsianFormulir
    extra = 0
    fields = [("urutan", "kode", "label"), ("tipe", "wajib", "maks_panjang"), "keterangan", "pilihan"]


@admin.register(JenisLayanan)
class JenisLayananAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "kelompok", "unit", "jangka_waktu_hari", "biaya", "aktif"]
    list_filter = ["unit", "kelompok", "aktif"]
    list_select_related = ["unit"]
    search_fields = ["kode", "nama", "ringkasan", "kata_kunci"]
    prepopulated_fields = {"kode": ["nama"]}
    inlines = [PersyaratanInline, IsianFormulirInline]
    fieldsets = [
        (
            None,
            {"fields": ["kode", "nama", "kelompok", "unit", "aktif", "ringkasan", "deskripsi", "kata_kunci"]},
        ),
        (
            _("Service standard — published part"),
            {
                "fields": [
                    "prosedur",
                    ("jangka_waktu_hari", "target_respons_hari"),
                    ("biaya", "biaya_keterangan"),
                    "produk",
                    "penanganan_pengaduan",
                ]
            },
        ),
        (
            _("Service standard — internal part"),
            {
                "classes": ["collapse"],
                "fields": [
                    "dasar_hukum",
                    "sarana_prasarana",
                    "kompetensi_pelaksana",
                    "pengawasan_internal",
                    "jumlah_pelaksana",
                    "jaminan_pelayanan",
                    "jaminan_keamanan",
                    "evaluasi_kinerja",
                ],
            },
        ),
    ]


@admin.register(Permohonan)
class PermohonanAdmin(admin.ModelAdmin):
    """Read-only: a permohonan is filed by the citizen and worked through its tiket's services."""

    list_display = ["tiket", "layanan", "status", "diajukan_pada"]
    list_filter = ["layanan"]
    list_select_related = ["tiket", "layanan"]
    search_fields = ["tiket__nomor", "layanan__nama"]
    readonly_fields = ["tiket", "layanan", "jawaban"]

    @admin.display(description=_("status"))
    def status(self, obj: Permohonan) -> str:
        return obj.tiket.get_status_display()

    @admin.display(description=_("submitted at"), ordering="tiket__diajukan_pada")
    def diajukan_pada(self, obj: Permohonan) -> Any:
        return obj.tiket.diajukan_pada

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Permohonan | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Permohonan | None = None) -> bool:
        return False
