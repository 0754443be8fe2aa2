"""Periodic jobs of the SLA clock: escalation notifications and the auto-close of quiet resolved tikets.

Both are idempotent, so the scheduler (a management command today, Celery beat later) may run them as
often as it likes, twice at once, or after a missed run:

- `eskalasi_jalankan` writes at most one `Notifikasi` per (kind, tiket, tenggat, recipient); the row's
  unique `kunci` is the guard. A tenggat that moves (after a pause) is a new thing to be told about.
- `tiket_tutup_otomatis_jalankan` closes through the real `tutup` service with the version it read, so a
  tiket the citizen touched meanwhile is left alone and the next run decides again.

Notifications are not tiket changes: they add nothing to the tiket's event log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antrian import kalender, realtime
from antrian.eskalasi import anotasi_flag
from antrian.exceptions import PerubahanBersamaan, TidakDitemukan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import (
    JenisNotifikasi,
    JenisTiket,
    Keanggotaan,
    Notifikasi,
    Peran,
    Petugas,
    Status,
    Tanggapan,
    Tiket,
    Unit,
    ZonaWaktu,
)
from antrian.services.transisi import tiket_tutup

log = logging.getLogger(__name__)

UKURAN_KELOMPOK = 500
_SINGKATAN_ZONA: dict[str, str] = {ZonaWaktu.WIB: "WIB", ZonaWaktu.WITA: "WITA", ZonaWaktu.WIT: "WIT"}


@dataclass(frozen=True)
class RingkasanEskalasi:
    """What one run of the escalation job did: notifications created per kind, e-mails sent, and tikets
    that needed escalating but whose unit has no active supervisor to tell."""

    hampir_jatuh_tempo: int = 0
    terlambat: int = 0
    penugasan_terlambat: int = 0
    email: int = 0
    tanpa_penerima: int = 0

    @property
    def notifikasi(self) -> int:
        return self.hampir_jatuh_tempo + self.terlambat + self.penugasan_terlambat


@dataclass(frozen=True)
class _Rencana:
    jenis: str
    tiket: Tiket
    tenggat: dt.datetime
    penerima: Petugas

    @property
    def kunci(self) -> str:
        utc = self.tenggat.astimezone(dt.UTC).isoformat()
        return f"{self.jenis}:{self.tiket.pk}:{utc}:{self.penerima.pengguna_id}"


# --- escalation ---------------------------------------------------------------------------------------


def _waktu_unit(waktu: dt.datetime, unit: Unit) -> str:
    zona = unit.zona_waktu or settings.TIME_ZONE
    lokal = waktu.astimezone(ZoneInfo(zona))
    return f"{lokal:%d-%m-%Y %H:%M} {_SINGKATAN_ZONA.get(zona, zona)}"


def _pesan(jenis: str, tiket: Tiket, tenggat: dt.datetime) -> str:
    data = {"nomor": tiket.nomor, "tenggat": _waktu_unit(tenggat, tiket.unit)}
    if jenis == JenisNotifikasi.TERLAMBAT:
        return _("Ticket %(nomor)s is past its deadline (%(tenggat)s).") % data
    if jenis == JenisNotifikasi.HAMPIR_JATUH_TEMPO:
        return _("Ticket %(nomor)s is nearly due: its deadline is %(tenggat)s.") % data
    return (
        _("Complaint %(nomor)s was not assigned to an officer by its assignment deadline (%(tenggat)s).")
        % data
    )


def _dapat_diberi_tahu(petugas: Petugas | None) -> bool:
    # Officers on leave (inactive) and disabled accounts are not told: escalation is for whoever can act
    # now. A supervisor back from leave is told on the next run about what is still late.
    return petugas is not None and petugas.aktif and petugas.pengguna.is_active


def _supervisor_per_unit(unit_ids: Iterable[int]) -> dict[int, list[Petugas]]:
    hasil: dict[int, list[Petugas]] = defaultdict(list)
    anggota = Keanggotaan.objects.filter(unit_id__in=set(unit_ids), peran=Peran.SUPERVISOR).select_related(
        "petugas__pengguna"
    )
    for k in anggota.order_by("pk"):
        if _dapat_diberi_tahu(k.petugas):
            hasil[k.unit_id].append(k.petugas)
    return hasil


def _calon(sekarang: dt.datetime) -> Iterable[tuple[str, Tiket, dt.datetime]]:
    """(kind, tiket, the tenggat it is about) for everything that needs escalating now."""
    tenggat_qs = (
        Tiket.objects.select_related("unit", "petugas__pengguna")
        .annotate(**anotasi_flag(sekarang))
        .filter(Q(terlambat=True) | Q(hampir_jatuh_tempo=True))
        .order_by("pk")
    )
    for tiket in tenggat_qs:
        assert tiket.tenggat is not None  # both flags need one
        terlambat: bool = tiket.terlambat  # type: ignore[attr-defined]  # annotated above
        jenis = JenisNotifikasi.TERLAMBAT if terlambat else JenisNotifikasi.HAMPIR_JATUH_TEMPO
        yield jenis, tiket, tiket.tenggat
    # A keluhan must be verified and assigned within its own, shorter deadline (SP4N-LAPOR!).
    penugasan_qs = Tiket.objects.select_related("unit").filter(
        jenis=JenisTiket.KELUHAN,
        status=Status.DIAJUKAN,
        petugas__isnull=True,
        tenggat_penugasan__lt=sekarang,
    )
    for tiket in penugasan_qs.order_by("pk"):
        assert tiket.tenggat_penugasan is not None
        yield JenisNotifikasi.PENUGASAN_TERLAMBAT, tiket, tiket.tenggat_penugasan


def _rencana(kelompok: Sequence[tuple[str, Tiket, dt.datetime]]) -> tuple[list[_Rencana], int]:
    supervisor = _supervisor_per_unit(t.unit_id for _j, t, _w in kelompok)
    rencana: list[_Rencana] = []
    tanpa_penerima = 0
    for jenis, tiket, tenggat in kelompok:
        penerima = list(supervisor.get(tiket.unit_id, []))
        if not penerima:
            tanpa_penerima += 1
            log.warning(
                "Eskalasi %s %s: unit %s tidak punya supervisor aktif", jenis, tiket.nomor, tiket.unit_id
            )
        # The officer working the tiket is warned before the deadline; once it has passed it is the
        # supervisor's call (reassign, help, transfer).
        if jenis == JenisNotifikasi.HAMPIR_JATUH_TEMPO and _dapat_diberi_tahu(tiket.petugas):
            assert tiket.petugas is not None
            if all(p.pk != tiket.petugas.pk for p in penerima):
                penerima.append(tiket.petugas)
        rencana.extend(_Rencana(jenis, tiket, tenggat, p) for p in penerima)
    return rencana, tanpa_penerima


def _simpan(rencana: Sequence[_Rencana]) -> list[Notifikasi]:
    """Insert the notifications not sent before. The unique `kunci` settles a race with a second run."""
    ada = set(Notifikasi.objects.filter(kunci__in=[r.kunci for r in rencana]).values_list("kunci", flat=True))
    baru = []
    with transaction.atomic():
        for r in rencana:
            if r.kunci in ada:
                continue
            notifikasi = Notifikasi(
                penerima=r.penerima.pengguna,
                tiket=r.tiket,
                jenis=r.jenis,
                kunci=r.kunci,
                pesan=_pesan(r.jenis, r.tiket, r.tenggat),
            )
            try:
                with transaction.atomic():
                    notifikasi.save()
            except IntegrityError:
                continue  # another run inserted it a moment ago
            ada.add(r.kunci)
            realtime.siarkan_notifikasi(notifikasi)
            baru.append(notifikasi)
    return baru


def _kirim_email(notifikasi: Sequence[Notifikasi]) -> int:
    """One e-mail per recipient per run, listing what is new for them. A mail failure is logged: the
    notifications are saved and shown in the portal either way."""
    per_penerima: dict[str, list[Notifikasi]] = defaultdict(list)
    for n in notifikasi:
        if n.penerima.email:
            per_penerima[n.penerima.email].append(n)
    pesan = []
    for alamat, daftar in per_penerima.items():
        penerima = daftar[0].penerima
        subjek = ngettext(
            "SIGAP Tubei: %(n)d ticket needs your attention",
            "SIGAP Tubei: %(n)d tickets need your attention",
            len(daftar),
        ) % {"n": len(daftar)}
        baris = [_("Hello %(nama)s,") % {"nama": penerima.nama_tampil}, ""]
        baris += [f"- {n.pesan}" for n in daftar]
        baris += ["", _("Open SIGAP Tubei: %(url)s") % {"url": settings.SITE_URL}]
        pesan.append(EmailMessage(subject=subjek, body="\n".join(baris), to=[alamat]))
    if not pesan:
        return 0
    try:
        return get_connection().send_messages(pesan) or 0
    except Exception:
        log.exception("Pengiriman e-mail eskalasi gagal; notifikasi tetap tersimpan di portal")
        return 0


def eskalasi_jalankan(*, sekarang: dt.datetime | None = None) -> RingkasanEskalasi:
    """Notify the supervisors (and, before the deadline, the assigned officer) of tikets nearly due,
    overdue, or (keluhan) not assigned in time. Run it as often as you like: nothing is told twice."""
    sekarang = sekarang or timezone.now()
    jumlah: dict[str, int] = defaultdict(int)
    tanpa_penerima = 0
    semua_baru: list[Notifikasi] = []
    # Messages are stored and mailed in the portal's language, not whatever the caller had active.
    with translation.override(settings.LANGUAGE_CODE):
        kelompok: list[tuple[str, Tiket, dt.datetime]] = []
        for calon in _calon(sekarang):
            kelompok.append(calon)
            if len(kelompok) >= UKURAN_KELOMPOK:
                rencana, kosong = _rencana(kelompok)
                semua_baru += _simpan(rencana)
                tanpa_penerima += kosong
                kelompok = []
        if kelompok:
            rencana, kosong = _rencana(kelompok)
            semua_baru += _simpan(rencana)
            tanpa_penerima += kosong
        for n in semua_baru:
            jumlah[n.jenis] += 1
        terkirim = _kirim_email(semua_baru)
    return RingkasanEskalasi(
        hampir_jatuh_tempo=jumlah[JenisNotifikasi.HAMPIR_JATUH_TEMPO],
        terlambat=jumlah[JenisNotifikasi.TERLAMBAT],
        penugasan_terlambat=jumlah[JenisNotifikasi.PENUGASAN_TERLAMBAT],
        email=terkirim,
        tanpa_penerima=tanpa_penerima,
    )


# --- auto-close -------------------------------------------------------------------------------------


def _selesai_cukup_lama(sekarang: dt.datetime) -> QuerySet[Tiket]:
    hari = settings.HARI_BUKA_KEMBALI
    balasan_warga = Tanggapan.objects.filter(tiket=OuterRef("pk"), dari_petugas=False).order_by(
        "-dibuat_pada"
    )
    # N working days always span at least N - 1 calendar days (a unit may work every day, and the
    # deadline ends at the close of a day): a cheap SQL bound, the calendar decides below.
    return (
        Tiket.objects.select_related("unit")
        .filter(status=Status.SELESAI, diselesaikan_pada__lte=sekarang - dt.timedelta(days=max(hari - 1, 0)))
        .annotate(balasan_warga_terakhir=Subquery(balasan_warga.values("dibuat_pada")[:1]))
        .order_by("pk")
    )


def batas_tutup_otomatis(tiket: Tiket) -> dt.datetime | None:
    """When a resolved tiket closes by itself: HARI_BUKA_KEMBALI working days after it was resolved or
    after the citizen last wrote, whichever is later (a reply restarts the quiet period)."""
    if tiket.status != Status.SELESAI or tiket.diselesaikan_pada is None:
        return None
    acuan = tiket.diselesaikan_pada
    balasan = getattr(tiket, "balasan_warga_terakhir", None)
    if balasan is not None and balasan > acuan:
        acuan = balasan
    return kalender.tambah_hari_kerja(acuan, settings.HARI_BUKA_KEMBALI, unit=tiket.unit)


def tiket_tutup_otomatis_jalankan(*, sekarang: dt.datetime | None = None) -> int:
    """Close tikets resolved more than HARI_BUKA_KEMBALI working days ago with no word from the citizen
    since. Each tiket in its own transaction: one failure does not stop the rest. Returns how many closed."""
    sekarang = sekarang or timezone.now()
    ditutup = 0
    with translation.override(settings.LANGUAGE_CODE):
        catatan = _("Closed automatically: no reply from the citizen within %(n)s working days.") % {
            "n": settings.HARI_BUKA_KEMBALI
        }
        for tiket in list(_selesai_cukup_lama(sekarang)):
            batas = batas_tutup_otomatis(tiket)
            if batas is None or sekarang <= batas:
                continue
            try:
                # The version read above: if the citizen replied or reopened since, this is a conflict
                # and the tiket stays as it is until the next run looks again.
                tiket_tutup(tiket=tiket.pk, aktor=Aktor.sistem_otomatis(), catatan=catatan, versi=tiket.versi)
            except (PerubahanBersamaan, TransisiTidakSah, TidakDitemukan):
                log.info("Tutup otomatis %s dilewati: tiket berubah sejak dibaca", tiket.nomor)
                continue
            except Exception:
                log.exception("Tutup otomatis %s gagal", tiket.nomor)
                continue
            ditutup += 1
    return ditutup


# --- the recipient's own notifications -------------------------------------------------------------


def notifikasi_tandai_dibaca(*, aktor: Aktor, notifikasi_id: int) -> Notifikasi:
    """Mark one of the caller's notifications read (the first time counts). Anyone else's is not found."""
    if aktor.pengguna is None:
        raise TidakDitemukan()
    with transaction.atomic():
        notifikasi = (
            Notifikasi.objects.select_for_update().filter(pk=notifikasi_id, penerima=aktor.pengguna).first()
        )
        if notifikasi is None:
            raise TidakDitemukan()
        if notifikasi.dibaca_pada is None:
            notifikasi.dibaca_pada = timezone.now()
            notifikasi.save(update_fields=["dibaca_pada"])
    return notifikasi
