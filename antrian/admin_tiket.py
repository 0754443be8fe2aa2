"""The admin's read-only window on tikets and their log (events, replies, attachments, escalation
notifications); registered by antrian/admin.py.

A tiket's state changes only through the services (which check permission, lock, log and broadcast), so
the admin never edits a tiket, an event, a reply or an attachment: it shows them. People are named as
antrian.admin_identitas shows them (a confidential reporter hidden), and free text as portal.samaran masks
it (UU 27/2022).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from antrian.admin_identitas import AktorTampil, PengunggahTampil, PenulisTampil, UngkapIdentitasMixin
from antrian.models import Lampiran, Notifikasi, Peristiwa, Tanggapan, Tiket
from portal.samaran import samarkan_teks


class HanyaBaca:
    """Mixin: visible to whoever may view, never added, changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PeristiwaInline(AktorTampil, HanyaBaca, admin.TabularInline):
    model = Peristiwa
    fields = readonly_fields = (
        "id",
        "dibuat_pada",
        "jenis",
        "aksi",
        "dari_status",
        "ke_status",
        "aktor_tampil",
        "petugas",
        "catatan",
    )
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Peristiwa]:
        return super().get_queryset(request).select_related("aktor", "petugas__pengguna", "tiket")


class TanggapanInline(PenulisTampil, HanyaBaca, admin.TabularInline):
    model = Tanggapan
    fields = readonly_fields = ("dibuat_pada", "penulis_tampil", "dari_petugas", "internal", "isi")
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tanggapan]:
        # The tabular row prints str(tanggapan), which reads its tiket.
        return super().get_queryset(request).select_related("penulis", "tiket")


class LampiranInline(PengunggahTampil, HanyaBaca, admin.TabularInline):
    model = Lampiran
    # The file itself is not linked: uploads are served only through the authorised view.
    fields = readonly_fields = (
        "dibuat_pada",
        "nama_asli",
        "kode_persyaratan",
        "tipe_mime",
        "ukuran",
        "internal",
        "pengunggah",
    )
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Lampiran]:
        return super().get_queryset(request).select_related("diunggah_oleh", "tiket")


@admin.register(Tiket)
class TiketAdmin(UngkapIdentitasMixin, HanyaBaca, admin.ModelAdmin):
    list_display = ["nomor", "jenis", "judul_samar", "status", "unit", "petugas", "prioritas", "tenggat"]
    list_filter = ["status", "jenis", "prioritas", "unit"]
    list_select_related = ["unit", "petugas__pengguna"]
    search_fields = ["nomor", "judul"]
    date_hierarchy = "diajukan_pada"
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["nomor", "jenis", "judul", "unit", "status", "prioritas", "petugas", "versi"]}),
        (
            _("Applicant"),
            {
                # One summary instead of the raw fields: a confidential reporter is revealed only on
                # request, and each reveal is logged (antrian.admin_identitas).
                "fields": ["pelapor", "anonim", "identitas_rahasia"]
            },
        ),
        (
            _("Times"),
            {
                "fields": [
                    "diajukan_pada",
                    "ditugaskan_pada",
                    "respons_pertama_pada",
                    "diselesaikan_pada",
                    "ditutup_pada",
                    "jeda_sejak",
                    "durasi_jeda",
                    "tenggat_respons",
                    "tenggat",
                    "diperbarui_pada",
                ]
            },
        ),
        (_("Outcome"), {"fields": ["alasan_tolak", "jumlah_dibuka_kembali", "jumlah_dialihkan"]}),
    ]
    # Every shown field, including the non-editable ones the admin would otherwise leave out; the tracking
    # token's hash is not shown at all.
    readonly_fields = tuple(nama for _judul, opsi in fieldsets for nama in opsi["fields"])  # type: ignore[misc]
    inlines = [PeristiwaInline, TanggapanInline, LampiranInline]

    @admin.display(description=_("title"), ordering="judul")
    def judul_samar(self, obj: Tiket) -> str:
        # Lists are seen over shoulders: a NIK or phone typed into a title is masked (UU 27/2022).
        return samarkan_teks(obj.judul)


@admin.register(Peristiwa)
class PeristiwaAdmin(AktorTampil, HanyaBaca, admin.ModelAdmin):
    list_display = [
        "id",
        "dibuat_pada",
        "tiket",
        "jenis",
        "aksi",
        "dari_status",
        "ke_status",
        "aktor_tampil",
        "unit",
    ]
    # The log grows without bound: no filter or date hierarchy that scans it for distinct values, and no
    # extra COUNT(*) over the whole table on every page.
    list_filter = ["jenis", "publik"]
    list_select_related = ["tiket", "aktor", "unit"]
    search_fields = ["=tiket__nomor"]
    show_full_result_count = False
    fields = readonly_fields = (
        "id",
        "tiket",
        "jenis",
        "aksi",
        "dari_status",
        "ke_status",
        "aktor_tampil",
        "petugas",
        "unit",
        "dibuat_pada",
        "publik",
        "catatan",
        "data",
    )


@admin.register(Tanggapan)
class TanggapanAdmin(PenulisTampil, HanyaBaca, admin.ModelAdmin):
    list_display = ["id", "dibuat_pada", "tiket", "penulis_tampil", "dari_petugas", "internal"]
    list_filter = ["dari_petugas", "internal"]
    list_select_related = ["tiket", "penulis"]
    search_fields = ["=tiket__nomor"]
    fields = readonly_fields = ("tiket", "penulis_tampil", "dari_petugas", "internal", "dibuat_pada", "isi")


@admin.register(Lampiran)
class LampiranAdmin(PengunggahTampil, HanyaBaca, admin.ModelAdmin):
    list_display = ["id", "dibuat_pada", "tiket", "nama_samar", "tipe_mime", "ukuran", "internal"]
    list_filter = ["tipe_mime", "internal"]
    list_select_related = ["tiket"]
    search_fields = ["=tiket__nomor", "nama_asli"]
    fields = readonly_fields = (
        "tiket",
        "tanggapan",
        "kode_persyaratan",
        "nama_asli",
        "tipe_mime",
        "ukuran",
        "internal",
        "pengunggah",
        "dibuat_pada",
    )

    @admin.display(description=_("file name"), ordering="nama_asli")
    def nama_samar(self, obj: Lampiran) -> str:
        # "KTP 3201….pdf": citizens name scans after what they show; the list masks it like a title.
        return samarkan_teks(obj.nama_asli)


@admin.register(Notifikasi)
class NotifikasiAdmin(HanyaBaca, admin.ModelAdmin):
    """Escalation notifications as the periodic job wrote them: to check who was told what and when."""

    list_display = ["id", "dibuat_pada", "jenis", "tiket", "penerima", "dibaca_pada"]
    list_filter = ["jenis"]
    list_select_related = ["tiket", "penerima"]
    search_fields = ["=tiket__nomor", "penerima__username"]
    show_full_result_count = False
    fields = readonly_fields = ("tiket", "penerima", "jenis", "pesan", "kunci", "dibuat_pada", "dibaca_pada")
