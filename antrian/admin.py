"""Admin for the organisation (units, officers, holidays), canned responses and survey answers, and a
read-only window on tikets and their log (antrian/admin_tiket.py).

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
from antrian.admin_tiket import HanyaBaca  # also registers the tiket, event, reply and attachment admins
from antrian.izin import Aktor
from antrian.models import HariLibur, JadwalKerja, Keanggotaan, Petugas, SurveiKepuasan, TemplatJawaban, Unit
from antrian.models.organisasi import StrategiPenugasan
from antrian.pesan.admin import PesanKeluarAdmin  # noqa: F401  (registers the outbound messages admin)
from antrian.services.penugasan import penugasan_isi_antrian, penugasan_isi_untuk_petugas

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


# --- canned responses and survey answers ---------------------------------------------------------------


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
