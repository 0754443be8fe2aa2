"""Admin: categories are edited here; complaints are read-only (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from antrian.admin_identitas import ringkas_pelapor
from keluhan.models import KategoriKeluhan, Keluhan
from portal.samaran import samarkan_teks


@admin.register(KategoriKeluhan)
class KategoriKeluhanAdmin(admin.ModelAdmin):
    list_display = ("nama", "kode", "unit_default", "target_respons_hari", "urutan", "aktif")
    list_editable = ("urutan", "aktif")
    list_filter = ("aktif", "unit_default")
    list_select_related = ("unit_default",)
    search_fields = ("kode", "nama")
    prepopulated_fields = {"kode": ("nama",)}


@admin.register(Keluhan)
class KeluhanAdmin(admin.ModelAdmin):
    list_display = ("tiket", "judul_samar", "kategori", "status_tiket", "anonim", "rahasia")
    list_filter = ("kategori", "anonim", "rahasia")
    list_select_related = ("tiket", "kategori")
    search_fields = ("tiket__nomor", "judul")
    fields = (
        "tiket",
        "status_tiket",
        "kategori",
        "judul",
        "isi",
        "lintang",
        "bujur",
        "alamat",
        "anonim",
        "rahasia",
        "identitas_pelapor",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("tiket__pemohon", "kategori")

    @admin.display(description=_("title"), ordering="judul")
    def judul_samar(self, obj: Keluhan) -> str:
        # Lists are seen over shoulders: a NIK or phone typed into a title is masked (UU 27/2022).
        return samarkan_teks(obj.judul)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Keluhan | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Keluhan | None = None) -> bool:
        return False

    @admin.display(description=_("status"))
    def status_tiket(self, obj: Keluhan) -> str:
        return obj.tiket.get_status_display()

    @admin.display(description=_("reporter's identity"))
    def identitas_pelapor(self, obj: Keluhan) -> str:
        """Nobody for an anonymous complaint; for a confidential one only a link to the tiket's logged
        reveal (superusers only), never the identity itself; otherwise who filed it."""
        return ringkas_pelapor(obj.tiket)
