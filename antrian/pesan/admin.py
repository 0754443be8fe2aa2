"""Admin of outbound messages: failures first-class (filter, last error), and "kirim ulang"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antrian.admin_identitas import tanpa_pelapor
from antrian.models import PesanKeluar, StatusPesan
from antrian.pesan.isi import samarkan


@admin.register(PesanKeluar)
class PesanKeluarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "dibuat_pada",
        "tiket",
        "jenis",
        "saluran",
        "penerima_tersamar",
        "status",
        "percobaan",
        "galat_terakhir",
        "terkirim_pada",
    )
    list_filter = ("status", "saluran", "jenis")
    list_select_related = ("tiket",)
    search_fields = ("tiket__nomor",)
    date_hierarchy = "dibuat_pada"
    # The recipient is shown masked even here: the message says whom it went to well enough to tell.
    fields = (
        "tiket",
        "jenis",
        "saluran",
        "penerima_tersamar",
        "subjek_tampil",
        "isi_tampil",
        "status",
        "percobaan",
        "galat_terakhir",
        "dicoba_lagi_pada",
        "dibuat_pada",
        "terkirim_pada",
    )
    readonly_fields = fields
    actions = ["kirim_ulang"]

    @admin.display(description=_("recipient"))
    def penerima_tersamar(self, obj: PesanKeluar) -> str:
        return samarkan(obj.penerima)

    # A message to the reporter of a confidential tiket greets them by name: hidden here as everywhere in
    # the admin (antrian.admin_identitas); the tiket's logged reveal is the one way to the identity.
    @admin.display(description=_("subject"))
    def subjek_tampil(self, obj: PesanKeluar) -> str:
        return tanpa_pelapor(obj.subjek, obj.tiket)

    @admin.display(description=_("message"))
    def isi_tampil(self, obj: PesanKeluar) -> str:
        return tanpa_pelapor(obj.isi, obj.tiket)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PesanKeluar | None = None) -> bool:
        # Read-only rows; the list still needs "change" to offer the action to those who may use it.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Send again (failed messages)"), permissions=["change"])
    def kirim_ulang(self, request: HttpRequest, queryset: QuerySet[PesanKeluar]) -> None:
        # Only failed messages: a queued one is still being retried, a sent one must never go twice.
        # Not one cancelled by an account deletion either: its recipient is masked (portal.data_pribadi).
        dapat_dikirim = queryset.filter(status=StatusPesan.GAGAL).exclude(penerima__contains="*")
        ids = list(dapat_dikirim.values_list("pk", flat=True))
        PesanKeluar.objects.filter(pk__in=ids, status=StatusPesan.GAGAL).update(
            # A fresh set of attempts; the history of the failure stays in the error until one succeeds.
            status=StatusPesan.ANTRI,
            percobaan=0,
            sewa_sampai=None,
            dicoba_lagi_pada=None,
        )
        from antrian.pesan.tugas import antrekan

        antrekan(ids)
        self.message_user(
            request,
            ngettext("%(n)d failed message queued again.", "%(n)d failed messages queued again.", len(ids))
            % {"n": len(ids)},
            messages.SUCCESS,
        )
