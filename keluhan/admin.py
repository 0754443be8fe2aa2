"""Admin: categories are edited here; complaints are read-only (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from keluhan.models import KategoriKeluhan, Keluhan


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
    list_display = ("tiket", "judul", "kategori", "status_tiket", "anonim", "rahasia")
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
        """The admin may see who filed a confidential complaint; an anonymous one has nobody stored."""
        tiket = obj.tiket
        if tiket.anonim:
            return str(_("(anonymous — identity not stored)"))
        bagian = []
        if tiket.pemohon is not None:
            bagian.append(
                f"{tiket.pemohon.nama_tampil} <{tiket.pemohon.email or tiket.pemohon.telepon or '-'}>"
            )
        kontak = ", ".join(x for x in (tiket.kontak_nama, tiket.kontak_email, tiket.kontak_telepon) if x)
        if kontak:
            bagian.append(kontak)
        return "; ".join(bagian) or "-"
