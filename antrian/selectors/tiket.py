"""Tiket reads scoped by who asks: the queue, a citizen's own list, one tiket by number (and token).

Visibility in one place: an officer sees the tikets of the units they belong to, a manager or admin sees
every unit (read-only), a citizen sees their own, a guest sees one tiket whose secret token they hold.
Anything else is answered exactly like a number that does not exist, so guessing reveals nothing.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from django.core.exceptions import FieldError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antrian import eskalasi, rincian
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import JenisTiket, Lampiran, Peristiwa, Petugas, Status, Tiket, Unit
from antrian.services import hash_token

# While the tiket waits for the citizen the SLA clock is paused (DOMAIN.md), so it is not overdue
# against the officer even if the old tenggat has passed; `lengkapi` moves the tenggat on.
STATUS_BERJALAN = eskalasi.STATUS_BERJALAN

DITUGASKAN_SAYA = "saya"
DITUGASKAN_KOSONG = "kosong"

# Keys of an event's `data` a citizen may see (the product issued, the rejection reason code).
_DATA_PUBLIK = {"produk", "alasan", "jenis"}

_LABEL_AKSI = {
    "ajukan": gettext_lazy("Submitted"),
    "tugaskan": gettext_lazy("Assigned to an officer"),
    "ambil": gettext_lazy("Taken by an officer"),
    "lepaskan": gettext_lazy("Returned to the queue"),
    "tugaskan_ulang": gettext_lazy("Reassigned to another officer"),
    "mulai": gettext_lazy("Processing started"),
    "minta_kelengkapan": gettext_lazy("Officer asked for missing items"),
    "lengkapi": gettext_lazy("Citizen supplied the missing items"),
    "selesaikan": gettext_lazy("Marked as completed"),
    "buka_kembali": gettext_lazy("Reopened"),
    "tutup": gettext_lazy("Closed"),
    "tolak": gettext_lazy("Rejected"),
    "batalkan": gettext_lazy("Cancelled"),
    "alihkan": gettext_lazy("Transferred to another unit"),
    "tanggapi": gettext_lazy("Reply"),
    "catatan_internal": gettext_lazy("Internal note"),
}


def label_aksi(aksi: str) -> str:
    return str(_LABEL_AKSI[aksi]) if aksi in _LABEL_AKSI else aksi


def _dasar() -> QuerySet[Tiket]:
    """Every tiket read starts here: its unit and officer joined once, the escalation flags `terlambat`
    and `hampir_jatuh_tempo` computed in SQL (`antrian.eskalasi`)."""
    return Tiket.objects.select_related("unit", "petugas__pengguna").annotate(**eskalasi.anotasi_flag())


# Inside "overdue first": the highest priority, the nearest tenggat, the oldest id.
_URUTAN_SETARA = ("-prioritas", F("tenggat").asc(nulls_last=True), "id")


def urutan_antrian(qs: QuerySet[Tiket]) -> QuerySet[Tiket]:
    """Queue order: overdue first, then priority (highest first), the nearest tenggat, the oldest id.

    Ordered by the expression, not an annotation, so the claim and the auto-assigner can use it on a bare
    `select_for_update` query as well as on the annotated reads.
    """
    return qs.order_by(eskalasi.ekspresi_terlambat().desc(), *_URUTAN_SETARA)


def urutan_antrian_bertahap(
    qs: QuerySet[Tiket], sekarang: dt.datetime | None = None
) -> tuple[QuerySet[Tiket], QuerySet[Tiket]]:
    """`urutan_antrian` as two querysets to read one after the other: the overdue tikets, then the rest,
    each in the order within (priority, tenggat, id) — together exactly the queue order.

    For taking the first free tiket (SKIP LOCKED, LIMIT 1): ordered by the overdue expression, the
    database must sort every waiting tiket of the unit on each claim (measured: 5-15 ms for 5,000); each
    part alone follows an index on the waiting tikets (`tiket_menunggu_idx`) and stops at the first row.
    One `sekarang` for both parts, so a tiket turning overdue in between is neither skipped nor read twice.
    """
    sekarang = sekarang or timezone.now()
    # The condition of `eskalasi.ekspresi_terlambat`, as a filter.
    terlambat = Q(status__in=STATUS_BERJALAN, tenggat__lt=sekarang)
    return qs.filter(terlambat).order_by(*_URUTAN_SETARA), qs.exclude(terlambat).order_by(*_URUTAN_SETARA)


def _saring_relasi(qs: QuerySet[Tiket], lookup: str, nilai: str) -> QuerySet[Tiket]:
    """Filter through a relation owned by another app; if that app lacks it, nothing matches."""
    try:
        return qs.filter(**{lookup: nilai})
    except FieldError:
        return qs.none()


def antrian_untuk_petugas(
    *,
    aktor: Aktor,
    status: Sequence[str] = (),
    unit: str | None = None,
    layanan: str | None = None,
    kategori: str | None = None,
    terlambat: bool = False,
    ditugaskan: str | None = None,
    q: str | None = None,
    jenis: str | None = None,
    petugas: int | None = None,
) -> QuerySet[Tiket]:
    """The work queue: tikets of the officer's units (all units for managers and admins) in queue order
    (`urutan_antrian`: overdue first, then priority, then the nearest tenggat)."""
    if aktor.adalah_manajer:
        qs = _dasar()
    elif aktor.petugas is not None:
        qs = _dasar().filter(unit_id__in=aktor.unit_ids)
    else:
        raise TidakDiizinkan(_("The queue is only for unit officers and managers."))

    tidak_sah = [s for s in status if s not in Status.values]
    if tidak_sah:
        raise DataTidakValid(rincian={"status": [_("Unknown status: %(s)s.") % {"s": ", ".join(tidak_sah)}]})
    if status:
        qs = qs.filter(status__in=list(status))
    if unit:
        qs = qs.filter(unit__kode=unit)
    if jenis:
        if jenis not in JenisTiket.values:
            raise DataTidakValid(rincian={"jenis": [_("Choose 'permohonan' or 'keluhan'.")]})
        qs = qs.filter(jenis=jenis)
    if petugas is not None:
        qs = qs.filter(petugas_id=petugas)
    if layanan:
        qs = _saring_relasi(qs, "permohonan__layanan__kode", layanan)
    if kategori:
        qs = _saring_relasi(qs, "keluhan__kategori__kode", kategori)
    if terlambat:
        qs = qs.filter(status__in=STATUS_BERJALAN, tenggat__lt=timezone.now())
    if ditugaskan == DITUGASKAN_SAYA:
        qs = qs.filter(petugas=aktor.petugas) if aktor.petugas is not None else qs.none()
    elif ditugaskan == DITUGASKAN_KOSONG:
        qs = qs.filter(petugas__isnull=True)
    elif ditugaskan:
        raise DataTidakValid(rincian={"ditugaskan": [_("Choose 'saya' or 'kosong'.")]})
    if q and q.strip():
        q = q.strip()
        cocok = Q(nomor__istartswith=q) | Q(judul__icontains=q)
        try:
            # A complaint's own text too; the keluhan app owns it, so without that app only the tiket's.
            qs = qs.filter(cocok | Q(keluhan__isi__icontains=q))
        except FieldError:
            qs = qs.filter(cocok)
    return urutan_antrian(qs)


class HalamanAntrian:
    """The queue as pages (Django's Paginator, DRF's pagination), read id-first: the ids of one page in
    queue order, then those tikets with their unit and officer. Sorting a unit's open tikets by the queue
    order then reads only `tiket_antrian_idx` (an index-only scan), not every open tiket's row with its
    joins: at 13,500 open tikets in one unit, 10 ms instead of 110 ms for a page."""

    model = Tiket

    def __init__(self, qs: QuerySet[Tiket]) -> None:
        self._qs = qs

    def count(self) -> int:
        return self._qs.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, k: int) -> Tiket: ...
    @overload
    def __getitem__(self, k: slice) -> list[Tiket]: ...
    def __getitem__(self, k: int | slice) -> Tiket | list[Tiket]:
        if isinstance(k, int):
            return self[k : k + 1][0]
        ids = list(self._qs.values_list("pk", flat=True)[k])
        baris = {t.pk: t for t in self._qs.filter(pk__in=ids).order_by()}
        return [baris[i] for i in ids if i in baris]

    def __iter__(self) -> Iterator[Tiket]:
        return iter(self._qs)


def tiket_milik_warga(*, aktor: Aktor) -> QuerySet[Tiket]:
    """The citizen's own tikets (by account), newest first."""
    if aktor.pengguna is None:
        raise TidakDiizinkan()
    return _dasar().filter(pemohon=aktor.pengguna).order_by("-diajukan_pada", "-id")


def token_cocok(tiket: Tiket, token: str | None) -> bool:
    if not token or not tiket.token_lacak_hash:
        return False
    return hmac.compare_digest(hash_token(token), tiket.token_lacak_hash)


def tiket_untuk(*, aktor: Aktor, nomor: str, token: str | None = None) -> tuple[Tiket, Aktor]:
    """One tiket for whoever may see it, and the aktor who acts on it (a guest becomes `Aktor.tamu`).

    A missing number, a wrong token, another citizen's tiket and another unit's tiket all raise the same
    `TidakDitemukan`, so the answer never tells which of these it was.
    """
    # With the relations the detail providers of other apps read (antrian.rincian): one query for all.
    tiket = _dasar().select_related("pemohon", *rincian.relasi_tampilan()).filter(nomor=nomor).first()
    if tiket is None:
        raise TidakDitemukan()
    if aktor.pengguna is not None and aktor.boleh_lihat(tiket):
        return tiket, aktor
    if aktor.tiket_tamu_id == tiket.pk:
        return tiket, aktor
    if token_cocok(tiket, token):
        return tiket, Aktor.tamu(tiket.pk)
    raise TidakDitemukan()


def tiket_segar(tiket: Tiket | int) -> Tiket:
    """Re-read a tiket after a write, with the same joins as every other read."""
    pk = tiket.pk if isinstance(tiket, Tiket) else tiket
    return _dasar().select_related("pemohon").get(pk=pk)


def melihat_sebagai_staf(aktor: Aktor, tiket: Tiket) -> bool:
    """Officers of the tiket's unit and managers see internal notes and who did what."""
    return aktor.anggota_unit(tiket.unit_id) or aktor.adalah_manajer


def identitas_tampak(aktor: Aktor, tiket: Tiket) -> bool:
    """A confidential reporter's identity reaches nobody but the reporter here: not officers, supervisors
    or managers, and not admins either — an admin sees it only through the admin's "reveal identity"
    view, which logs every reveal (`antrian.models.AksesIdentitas`)."""
    if tiket.anonim:
        return False
    if aktor.pemilik(tiket):
        return True
    return melihat_sebagai_staf(aktor, tiket) and not tiket.identitas_rahasia


def peristiwa_untuk(
    *, tiket: Tiket, aktor: Aktor, sejak: int | None = None, hanya_publik: bool = False
) -> QuerySet[Peristiwa]:
    """Events of a tiket the viewer may see: citizens and guests only public ones. `sejak` gives the
    events after a given id (a websocket client catching up)."""
    qs = Peristiwa.objects.filter(tiket=tiket).select_related("aktor").order_by("id")
    if hanya_publik or not melihat_sebagai_staf(aktor, tiket):
        qs = qs.filter(publik=True)
    if sejak is not None:
        qs = qs.filter(id__gt=sejak)
    return qs


def lampiran_untuk(*, tiket: Tiket, aktor: Aktor) -> QuerySet[Lampiran]:
    qs = Lampiran.objects.filter(tiket=tiket).order_by("id")
    if not melihat_sebagai_staf(aktor, tiket):
        qs = qs.filter(internal=False).exclude(tanggapan__internal=True)
    return qs


def lampiran_tiket(*, tiket: Tiket, aktor: Aktor, lampiran_id: int) -> Lampiran:
    lampiran = lampiran_untuk(tiket=tiket, aktor=aktor).filter(pk=lampiran_id).first()
    if lampiran is None:
        raise TidakDitemukan()
    return lampiran


# --- the detail of one tiket, as this viewer may see it -------------------------------------------------


def petugas_berdasarkan_id(petugas_id: int) -> Petugas:
    petugas = Petugas.objects.select_related("pengguna").filter(pk=petugas_id).first()
    if petugas is None:
        raise DataTidakValid(rincian={"petugas": [_("Officer not found.")]})
    return petugas


def unit_berdasarkan_kode(kode: str) -> Unit:
    unit = Unit.objects.filter(kode=kode).first()
    if unit is None:
        raise DataTidakValid(rincian={"unit": [_("Unit not found.")]})
    return unit


def daftar_status(nilai: Iterable[str]) -> list[str]:
    """`?status=a,b&status=c` -> ["a", "b", "c"]."""
    return [s.strip() for item in nilai for s in item.split(",") if s.strip()]
