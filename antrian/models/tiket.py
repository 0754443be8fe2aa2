"""The tiket: one work item and the one state machine every permohonan and keluhan goes through.

Transition bodies touch only the tiket's own fields and do no I/O; the services in `antrian.services`
lock the row, check permission (django-fsm does not check `permission=` on call), run the transition,
write the event and schedule the broadcast.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from antrian import izin
from antrian.models.organisasi import Petugas, Unit


class Status(models.TextChoices):
    DIAJUKAN = "diajukan", _("Submitted")
    DITUGASKAN = "ditugaskan", _("Assigned")
    DIPROSES = "diproses", _("In progress")
    MENUNGGU_WARGA = "menunggu_warga", _("Waiting for the citizen")
    SELESAI = "selesai", _("Completed")
    DITUTUP = "ditutup", _("Closed")
    DITOLAK = "ditolak", _("Rejected")
    DIBATALKAN = "dibatalkan", _("Cancelled")


STATUS_TERBUKA = (Status.DIAJUKAN, Status.DITUGASKAN, Status.DIPROSES, Status.MENUNGGU_WARGA)
STATUS_AKHIR = (Status.DITUTUP, Status.DITOLAK, Status.DIBATALKAN)
# The queue filters' "every status" (page and API); without a status they show STATUS_TERBUKA.
STATUS_SEMUA = "semua"


class JenisTiket(models.TextChoices):
    PERMOHONAN = "permohonan", _("Service request")
    KELUHAN = "keluhan", _("Complaint")


AWALAN_NOMOR = {JenisTiket.PERMOHONAN: "LYN", JenisTiket.KELUHAN: "ADU"}


class Prioritas(models.IntegerChoices):
    RENDAH = 1, _("Low")
    NORMAL = 2, _("Normal")
    TINGGI = 3, _("High")
    DARURAT = 4, _("Emergency")


class AlasanTolak(models.TextChoices):
    BUKAN_WEWENANG = "bukan_wewenang", _("Outside the unit's authority")
    TIDAK_LENGKAP = "tidak_lengkap", _("Incomplete")
    DUPLIKAT = "duplikat", _("Duplicate")
    SPAM = "spam", _("Spam")


class Tiket(models.Model):
    nomor = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    jenis = models.CharField(_("type"), max_length=20, choices=JenisTiket.choices)
    judul = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="tiket")
    status = FSMField(_("status"), default=Status.DIAJUKAN, choices=Status.choices, protected=True)
    prioritas = models.PositiveSmallIntegerField(
        _("priority"), choices=Prioritas.choices, default=Prioritas.NORMAL
    )

    # Who filed it. A guest leaves contact details; an anonymous complaint stores no identity at all.
    pemohon = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tiket"
    )
    kontak_nama = models.CharField(_("contact name"), max_length=150, blank=True)
    kontak_email = models.EmailField(_("contact email"), blank=True)
    kontak_telepon = models.CharField(_("contact phone"), max_length=20, blank=True)
    anonim = models.BooleanField(_("anonymous"), default=False)
    identitas_rahasia = models.BooleanField(_("identity kept confidential"), default=False)
    # sha256 of the guest's secret tracking token; the token itself is shown once, at submission.
    token_lacak_hash = models.CharField(max_length=64, editable=False)

    petugas = models.ForeignKey(
        Petugas,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tiket",
    )

    # Moments the metrics need. Working-time figures derive from these and the event log.
    diajukan_pada = models.DateTimeField(_("submitted at"), db_index=True)
    ditugaskan_pada = models.DateTimeField(_("assigned at"), null=True, blank=True)
    respons_pertama_pada = models.DateTimeField(_("first response at"), null=True, blank=True)
    diselesaikan_pada = models.DateTimeField(_("completed at"), null=True, blank=True)
    ditutup_pada = models.DateTimeField(_("closed at"), null=True, blank=True)
    jeda_sejak = models.DateTimeField(_("paused since"), null=True, blank=True)
    # Paused working time (menunggu_warga): what the tenggat moved by; metrics subtract it.
    durasi_jeda_kerja = models.DurationField(_("paused working time"), default=dt.timedelta)
    durasi_jeda = models.DurationField(_("total paused time"), default=dt.timedelta)
    tenggat = models.DateTimeField(_("deadline"), null=True, blank=True)
    # Keluhan (SP4N-LAPOR!): verified and assigned within 3 working days.
    tenggat_penugasan = models.DateTimeField(_("assignment deadline"), null=True, blank=True)
    tenggat_respons = models.DateTimeField(_("first response deadline"), null=True, blank=True)
    diperbarui_pada = models.DateTimeField(_("updated at"), auto_now=True)

    alasan_tolak = models.CharField(
        _("rejection reason"), max_length=20, choices=AlasanTolak.choices, blank=True
    )
    jumlah_dibuka_kembali = models.PositiveIntegerField(_("times reopened"), default=0)
    jumlah_dialihkan = models.PositiveIntegerField(_("times transferred"), default=0)
    # Bumped by every change; a client that sends the version it saw gets 409 if someone else moved first.
    versi = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-prioritas", "tenggat", "id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # The queue's pages are read id-first (selectors.HalamanAntrian): with the id included, the
            # open tikets of a unit are sorted from this index alone, never from the table's rows.
            models.Index(
                fields=["unit", "status", "-prioritas", "tenggat"], include=["id"], name="tiket_antrian_idx"
            ),
            models.Index(fields=["petugas", "status"], name="tiket_petugas_idx"),
            models.Index(fields=["pemohon", "-diajukan_pada"], name="tiket_pemohon_idx"),
            # "Resolved today" per unit on the dashboards, without reading every closed tiket.
            models.Index(fields=["unit", "diselesaikan_pada"], name="tiket_selesai_idx"),
            # The waiting tikets of a unit in queue order within "overdue first", so a claim (SKIP LOCKED,
            # LIMIT 1) reads the first free one instead of sorting the whole queue on every claim.
            models.Index(
                fields=["unit", "-prioritas", "tenggat", "id"],
                condition=models.Q(status="diajukan", petugas__isnull=True),
                name="tiket_menunggu_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor or f"tiket#{self.pk}"

    @property
    def terbuka(self) -> bool:
        return self.status in STATUS_TERBUKA

    # --- transitions --------------------------------------------------------------------------------

    @transition(
        field=status, source=Status.DIAJUKAN, target=Status.DITUGASKAN, permission=izin.boleh_tugaskan
    )
    def tugaskan(self, *, petugas: Petugas, waktu: dt.datetime) -> None:
        self.petugas = petugas
        self.ditugaskan_pada = waktu

    @transition(field=status, source=Status.DIAJUKAN, target=Status.DITUGASKAN, permission=izin.boleh_ambil)
    def ambil(self, *, petugas: Petugas, waktu: dt.datetime) -> None:
        self.petugas = petugas
        self.ditugaskan_pada = waktu

    @transition(
        field=status, source=Status.DITUGASKAN, target=Status.DIAJUKAN, permission=izin.boleh_lepaskan
    )
    def lepaskan(self) -> None:
        self.petugas = None

    @transition(
        field=status, source=Status.DITUGASKAN, target=Status.DIPROSES, permission=izin.boleh_kerjakan
    )
    def mulai(self, *, waktu: dt.datetime) -> None:
        self._catat_respons(waktu)

    @transition(
        field=status, source=Status.DIPROSES, target=Status.MENUNGGU_WARGA, permission=izin.boleh_kerjakan
    )
    def minta_kelengkapan(self, *, waktu: dt.datetime) -> None:
        self._catat_respons(waktu)
        self.jeda_sejak = waktu

    @transition(
        field=status, source=Status.MENUNGGU_WARGA, target=Status.DIPROSES, permission=izin.boleh_warga
    )
    def lengkapi(
        self,
        *,
        waktu: dt.datetime,
        tenggat_baru: dt.datetime | None,
        jeda_kerja: dt.timedelta = dt.timedelta(0),
    ) -> None:
        # The SLA clock was paused; the tenggat moves by the paused working time (computed by the service,
        # which knows the unit's calendar). Both totals are kept: calendar time and working time.
        if self.jeda_sejak is not None:
            self.durasi_jeda += waktu - self.jeda_sejak
            self.durasi_jeda_kerja += jeda_kerja
        self.jeda_sejak = None
        self.tenggat = tenggat_baru

    @transition(field=status, source=Status.DIPROSES, target=Status.SELESAI, permission=izin.boleh_kerjakan)
    def selesaikan(self, *, waktu: dt.datetime) -> None:
        self._catat_respons(waktu)
        self.diselesaikan_pada = waktu

    @transition(field=status, source=Status.SELESAI, target=Status.DIPROSES, permission=izin.boleh_warga)
    def buka_kembali(
        self,
        *,
        waktu: dt.datetime,
        tenggat_baru: dt.datetime | None,
        jeda_kerja: dt.timedelta = dt.timedelta(0),
    ) -> None:
        # The SLA clock stood still while the tiket stood resolved: as after waiting for the citizen, the
        # tenggat moves by that working time (computed by the service) and both totals grow.
        if self.diselesaikan_pada is not None:
            self.durasi_jeda += waktu - self.diselesaikan_pada
            self.durasi_jeda_kerja += jeda_kerja
        self.tenggat = tenggat_baru
        self.jumlah_dibuka_kembali += 1
        self.diselesaikan_pada = None

    @transition(field=status, source=Status.SELESAI, target=Status.DITUTUP, permission=izin.boleh_tutup)
    def tutup(self, *, waktu: dt.datetime) -> None:
        self.ditutup_pada = waktu

    @transition(
        field=status,
        source=[Status.DIAJUKAN, Status.DITUGASKAN, Status.DIPROSES],
        target=Status.DITOLAK,
        permission=izin.boleh_tolak,
    )
    def tolak(self, *, alasan: str, waktu: dt.datetime) -> None:
        self._catat_respons(waktu)
        self.alasan_tolak = alasan
        self.ditutup_pada = waktu

    @transition(
        field=status,
        source=[Status.DIAJUKAN, Status.DITUGASKAN],
        target=Status.DIBATALKAN,
        permission=izin.boleh_warga,
    )
    def batalkan(self, *, waktu: dt.datetime) -> None:
        self.ditutup_pada = waktu

    @transition(
        field=status,
        source=[Status.DIAJUKAN, Status.DITUGASKAN, Status.DIPROSES],
        target=Status.DIAJUKAN,
        permission=izin.boleh_alihkan,
    )
    def alihkan(self, *, unit: Unit) -> None:
        self.unit = unit
        self.petugas = None
        self.jumlah_dialihkan += 1

    def _catat_respons(self, waktu: dt.datetime) -> None:
        if self.respons_pertama_pada is None:
            self.respons_pertama_pada = waktu
