"""Admin for the organisation (units, officers, holidays) and a read-only window on tikets and their log.

A tiket's state changes only through the services (which check permission, lock, log and broadcast), so
the admin never edits a tiket, an event, a reply or an attachment: it shows them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from antrian import kalender
from antrian.admin_identitas import UngkapIdentitasMixin, orang
from antrian.izin import Aktor
from antrian.models import (
    HariLibur,
    JadwalKerja,
    Keanggotaan,
    Lampiran,
    Notifikasi,
    Peristiwa,
    Petugas,
    SurveiKepuasan,
    Tanggapan,
    TemplatJawaban,
    Tiket,
    Unit,
)
from antrian.models.organisasi import StrategiPenugasan
from antrian.pesan.admin import PesanKeluarAdmin  # noqa: F401  (registers the outbound messages admin)
from antrian.services.penugasan import penugasan_isi_antrian, penugasan_isi_untuk_petugas
from portal.samaran import samarkan_teks


class HanyaBaca:
    """Mixin: visible to whoever may view, never added, changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- organisation ---------------------------------------------------------------------------------------


def _segarkan_kalender() -> None:
    # Deadlines are computed from a cached copy of the holiday and working-hours tables. Clear it now and
    # again after the commit, so a deadline computed meanwhile from the old rows does not stay cached.
    kalender.hapus_cache()
    transaction.on_commit(kalender.hapus_cache)


class JadwalKerjaForm(forms.ModelForm):
    class Meta:
        model = JadwalKerja
        fields = ["hari", "jam_mulai", "jam_selesai", "istirahat_mulai", "istirahat_selesai"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mulai, selesai = data.get("jam_mulai"), data.get("jam_selesai")
        istirahat_mulai, istirahat_selesai = data.get("istirahat_mulai"), data.get("istirahat_selesai")
        if mulai and selesai and selesai <= mulai:
            self.add_error("jam_selesai", _("The end must be later than the start."))
        if (istirahat_mulai is None) != (istirahat_selesai is None):
            self.add_error("istirahat_selesai", _("Fill in both ends of the break, or neither."))
        elif (
            mulai
            and selesai
            and istirahat_mulai
            and istirahat_selesai
            and not mulai < istirahat_mulai < istirahat_selesai < selesai
        ):
            self.add_error("istirahat_mulai", _("The break must lie within the working hours."))
        return data


class JadwalKerjaInline(admin.TabularInline):
    model = JadwalKerja
    form = JadwalKerjaForm
    extra = 0
    verbose_name_plural = _("working hours (empty: the portal's default week)")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "induk", "strategi_penugasan", "aktif"]
    list_filter = ["aktif", "strategi_penugasan"]
    list_select_related = ["induk"]
    search_fields = ["kode", "nama"]
    autocomplete_fields = ["induk"]
    prepopulated_fields = {"kode": ["nama"]}
    inlines = [JadwalKerjaInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        _segarkan_kalender()
        if form.instance.strategi_penugasan == StrategiPenugasan.OTOMATIS and (
            "strategi_penugasan" in form.changed_data
        ):
            # Switched to automatic: what already waits is given out now, not at the next trigger.
            penugasan_isi_antrian(unit=form.instance)


class KeanggotaanInline(admin.TabularInline):
    model = Keanggotaan
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Petugas)
class PetugasAdmin(admin.ModelAdmin):
    list_display = ["nip", "nama", "jabatan", "aktif", "kapasitas"]
    list_filter = ["aktif", "keanggotaan__unit"]
    list_select_related = ["pengguna"]
    search_fields = ["nip", "pengguna__username", "pengguna__nama_lengkap", "pengguna__email"]
    autocomplete_fields = ["pengguna"]
    inlines = [KeanggotaanInline]

    @admin.display(description=_("name"), ordering="pengguna__nama_lengkap")
    def nama(self, obj: Petugas) -> str:
        return obj.nama

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.aktif:
            # Back from leave, more capacity or a new unit: automatic units' waiting tikets come now.
            penugasan_isi_untuk_petugas(petugas_id=form.instance.pk)


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama", "libur"]
    list_filter = ["libur"]
    search_fields = ["nama"]
    date_hierarchy = "tanggal"

    def save_model(self, request: HttpRequest, obj: HariLibur, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _segarkan_kalender()

    def delete_model(self, request: HttpRequest, obj: HariLibur) -> None:
        super().delete_model(request, obj)
        _segarkan_kalender()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HariLibur]) -> None:
        super().delete_queryset(request, queryset)
        _segarkan_kalender()


# --- tikets, read-only ------------------------------------------------------------------------------


class PeristiwaInline(HanyaBaca, admin.TabularInline):
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

    @admin.display(description=_("actor"))
    def aktor_tampil(self, obj: Peristiwa) -> str:
        return orang(obj.tiket, obj.aktor)


class TanggapanInline(HanyaBaca, admin.TabularInline):
    model = Tanggapan
    fields = readonly_fields = ("dibuat_pada", "penulis_tampil", "dari_petugas", "internal", "isi")
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tanggapan]:
        # The tabular row prints str(tanggapan), which reads its tiket.
        return super().get_queryset(request).select_related("penulis", "tiket")

    @admin.display(description=_("author"))
    def penulis_tampil(self, obj: Tanggapan) -> str:
        return orang(obj.tiket, obj.penulis)


class LampiranInline(HanyaBaca, admin.TabularInline):
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

    @admin.display(description=_("uploaded by"))
    def pengunggah(self, obj: Lampiran) -> str:
        return orang(obj.tiket, obj.diunggah_oleh)


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
class PeristiwaAdmin(HanyaBaca, admin.ModelAdmin):
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

    @admin.display(description=_("actor"))
    def aktor_tampil(self, obj: Peristiwa) -> str:
        return orang(obj.tiket, obj.aktor)


@admin.register(Tanggapan)
class TanggapanAdmin(HanyaBaca, admin.ModelAdmin):
    list_display = ["id", "dibuat_pada", "tiket", "penulis_tampil", "dari_petugas", "internal"]
    list_filter = ["dari_petugas", "internal"]
    list_select_related = ["tiket", "penulis"]
    search_fields = ["=tiket__nomor"]
    fields = readonly_fields = ("tiket", "penulis_tampil", "dari_petugas", "internal", "dibuat_pada", "isi")

    @admin.display(description=_("author"))
    def penulis_tampil(self, obj: Tanggapan) -> str:
        return orang(obj.tiket, obj.penulis)


@admin.register(Lampiran)
class LampiranAdmin(HanyaBaca, admin.ModelAdmin):
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

    @admin.display(description=_("uploaded by"))
    def pengunggah(self, obj: Lampiran) -> str:
        return orang(obj.tiket, obj.diunggah_oleh)

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


@admin.register(TemplatJawaban)
class TemplatJawabanAdmin(admin.ModelAdmin):
    """Canned responses: admins manage every unit's; a supervisor with admin access only their units'."""

    list_display = ["judul", "unit", "aktif", "diperbarui_pada"]
    list_filter = ["unit", "aktif"]
    search_fields = ["judul", "isi"]

    def _unit_supervisi(self, request: HttpRequest) -> set[int] | None:
        """None: every unit (an admin). Otherwise the units the user heads."""
        from antrian.izin import Aktor

        aktor = Aktor.dari_pengguna(request.user)
        return None if aktor.adalah_admin else aktor.unit_supervisi_ids

    def get_queryset(self, request: HttpRequest) -> QuerySet[TemplatJawaban]:
        qs = super().get_queryset(request).select_related("unit")
        unit = self._unit_supervisi(request)
        return qs if unit is None else qs.filter(unit_id__in=unit)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        unit = self._unit_supervisi(request)
        if db_field.name == "unit" and unit is not None:
            kwargs["queryset"] = Unit.objects.filter(pk__in=unit)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SurveiKepuasan)
class SurveiKepuasanAdmin(HanyaBaca, admin.ModelAdmin):
    """Survey answers as citizens gave them: read by admins and managers, never edited. Which tiket an
    answer belongs to is shown to admins only (the survey is anonymous to officers)."""

    list_display = ["dibuat_pada", "unit", "layanan", *(f"u{i}" for i in range(1, 10))]
    list_filter = ["unit", "dibuat_pada"]
    list_select_related = ["unit"]
    date_hierarchy = "dibuat_pada"
    show_full_result_count = False
    ordering = ["-dibuat_pada"]

    def _admin(self, request: HttpRequest) -> bool:
        return Aktor.dari_pengguna(request.user).adalah_admin

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return Aktor.dari_pengguna(request.user).adalah_manajer

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_list_display(self, request: HttpRequest) -> Any:
        tampil = list(super().get_list_display(request))
        return ["tiket", *tampil] if self._admin(request) else tampil

    def get_list_select_related(self, request: HttpRequest) -> Any:
        return ["unit", "tiket"] if self._admin(request) else ["unit"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        medan = ["unit", "layanan", "petugas", *(f"u{i}" for i in range(1, 10)), "saran", "dibuat_pada"]
        return ["tiket", *medan] if self._admin(request) else medan

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)
