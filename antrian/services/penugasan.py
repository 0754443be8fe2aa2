"""Who works a tiket: claiming the next one, the automatic assigner, and reassignment by a supervisor.

A unit's strategy (`Unit.strategi_penugasan`, set by the admin) decides how its queue is given out:
`manual` (the supervisor assigns with `tiket_tugaskan`), `klaim` (officers take the next tiket or a chosen
one) or `otomatis` (the system assigns, on submission and whenever capacity frees up).

Locking, so that a burst of claims or two triggers at once never assign one tiket twice, never push an
officer past capacity, and never deadlock:

- a tiket is assigned only under its row lock and only while it waits (`diajukan`, no officer);
- an officer's capacity is checked under their row lock (FOR NO KEY UPDATE, the lock every assigner
  takes in `_periksa_petugas_tujuan`); a failed attempt runs in a savepoint that releases it again;
- nobody holds an officer's lock while waiting for a tiket's: the claim and the queue filler take waiting
  tikets with SKIP LOCKED. The queue filler keeps the locks of every officer it gave work to, so it
  also skips officers whose row is locked instead of waiting; assigning one tiket (on submission, on
  re-entering a queue) holds no officer's lock, so it may wait for one.

A tiket or officer skipped because another transaction holds it is that transaction's business; a tiket
left waiting that way is picked up by the next trigger of its unit.

On SQLite `select_for_update` is a no-op; its IMMEDIATE transactions serialize writers instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from antrian import izin
from antrian.beban import beban_terbuka, hitung_beban
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import Keanggotaan, Peran, Petugas, Status, StrategiPenugasan, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import STATUS_TERBUKA
from antrian.services._umum import catat_peristiwa, kunci_tiket, simpan_tiket
from antrian.services.transisi import (
    _ambil,
    _periksa_petugas_tujuan,
    _wajib,
    tandai_ditugaskan,
    tiket_tugaskan,
)

# A reassignment changes the officer, not the state: only while someone holds the tiket and it is open.
STATUS_TUGASKAN_ULANG = (Status.DITUGASKAN, Status.DIPROSES, Status.MENUNGGU_WARGA)


def _menunggu(unit_ids: Iterable[int]) -> QuerySet[Tiket]:
    return Tiket.objects.filter(unit_id__in=list(unit_ids), status=Status.DIAJUKAN, petugas__isnull=True)


def _kunci_berikut(qs: QuerySet[Tiket]) -> Tiket | None:
    """Lock and return the first waiting tiket of `qs` in queue order that nobody else holds (SKIP
    LOCKED: a burst of claims never waits), or None. The overdue part is read first, then the rest."""
    # The selectors import this package (for hash_token), so the queue order is imported when used.
    from antrian.selectors.tiket import urutan_antrian_bertahap

    for bagian in urutan_antrian_bertahap(qs):
        tiket = bagian.select_for_update(skip_locked=True).first()
        if tiket is not None:
            return tiket
    return None


def _otomatis(unit_id: int) -> bool:
    return Unit.objects.filter(pk=unit_id, strategi_penugasan=StrategiPenugasan.OTOMATIS).exists()


def _kandidat(unit_id: int, kecuali: set[int]) -> list[Petugas]:
    """Active officers (not supervisors) of the unit with free capacity, the fairest first: least open
    work, then the longest idle (never assigned before anyone), then the lowest id — a round robin."""
    return list(
        Petugas.objects.filter(aktif=True, keanggotaan__unit_id=unit_id, keanggotaan__peran=Peran.PETUGAS)
        .exclude(pk__in=kecuali)
        .annotate(beban=beban_terbuka())
        .filter(beban__lt=F("kapasitas"))
        .order_by("beban", F("terakhir_ditugaskan_pada").asc(nulls_first=True), "id")
    )


def _coba_kunci_petugas(petugas_id: int) -> bool:
    """Take the officer's row lock unless another transaction holds it (then: skip them, do not wait)."""
    kunci = Petugas.objects.select_for_update(skip_locked=True, no_key=True).filter(pk=petugas_id)
    return bool(list(kunci.values_list("pk", flat=True)))


def _tugaskan_kepada(tiket: Tiket, petugas: Petugas, *, tunggu: bool) -> bool:
    """One attempt in its own savepoint: if it fails, the officer's row lock it took is released again,
    so an assigner never holds the lock of an officer it did not give work to."""
    with transaction.atomic():
        berhasil = False
        if tunggu or _coba_kunci_petugas(petugas.pk):
            try:
                tiket_tugaskan(tiket=tiket.pk, petugas=petugas, aktor=Aktor.sistem_otomatis())
                berhasil = True
            except DataTidakValid:
                pass  # filled up or went on leave after the list was read: the service checked under lock
        if not berhasil:
            transaction.set_rollback(True)
    return berhasil


def penugasan_otomatis(
    *, tiket: Tiket | int, kecuali: int | None = None, tunggu: bool = True
) -> Petugas | None:
    """Give a waiting tiket of an automatic unit to the fairest officer with room (`_kandidat`) through
    the real `tugaskan` transition, as the system. Returns the officer, or None when the tiket does not
    wait in an automatic unit or nobody has room. Runs inside the caller's transaction when there is one.

    `kecuali`: an officer not to give it to (the one it just came back from). `tunggu`: wait for an
    officer's row lock held by another assignment (then re-read who has room) rather than skip them.
    Safe for one tiket, holding no officer's lock: nobody holds an officer's lock while waiting for a
    tiket. `penugasan_isi_antrian`, which keeps the locks of every officer it gave work to, must not wait.
    """
    with transaction.atomic():
        terkunci = kunci_tiket(tiket)
        if terkunci.status != Status.DIAJUKAN or terkunci.petugas_id is not None:
            return None
        if not _otomatis(terkunci.unit_id):
            return None
        dicoba = {kecuali} if kecuali is not None else set()
        while kandidat := _kandidat(terkunci.unit_id, dicoba):
            # The list is read again after every failed attempt: a wait may have let others' work commit.
            for calon in kandidat:
                dicoba.add(calon.pk)
                if _tugaskan_kepada(terkunci, calon, tunggu=tunggu):
                    return calon
                if tunggu:
                    break
    return None


def penugasan_isi_antrian(*, unit: Unit | int, lewati: Iterable[int] = ()) -> int:
    """Assign an automatic unit's waiting tikets in queue order while any of its officers has room.
    `lewati`: tikets not to touch now. Returns how many were assigned."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    dilewati = set(lewati)
    jumlah = 0
    with transaction.atomic():
        if not _otomatis(unit_id):
            return 0
        while True:
            # A savepoint per tiket: one that nobody could take is unlocked again at once, so a concurrent
            # trigger that does find room (another officer just freed up) can take it.
            with transaction.atomic():
                tiket = _kunci_berikut(_menunggu([unit_id]).exclude(pk__in=dilewati))
                if tiket is None:
                    return jumlah
                if penugasan_otomatis(tiket=tiket, tunggu=False) is None:
                    transaction.set_rollback(True)
                    return jumlah
            jumlah += 1


def penugasan_setelah_perubahan(
    *, tiket: Tiket, dari_status: str, petugas_lama_id: int | None, unit_lama_id: int
) -> None:
    """Run by every change of a tiket's officer, state or unit, inside its transaction (`_jalankan`, the
    reassignment). A tiket that (re)enters a queue — released, or transferred in — goes to the auto-
    assigner, not straight back to the officer it came from; an officer whose open work shrank
    (completed, rejected, cancelled, released, transferred away, reassigned) pulls the waiting tikets of
    their automatic units."""
    masuk_antrian = (
        tiket.status == Status.DIAJUKAN
        and tiket.petugas_id is None
        and (dari_status != Status.DIAJUKAN or tiket.unit_id != unit_lama_id)
    )
    lega = (
        petugas_lama_id is not None
        and dari_status in STATUS_TERBUKA
        and (tiket.status not in STATUS_TERBUKA or tiket.petugas_id != petugas_lama_id)
    )
    sudah_dicoba: set[int] = set()
    if masuk_antrian:
        penugasan_otomatis(tiket=tiket, kecuali=petugas_lama_id)
        sudah_dicoba.add(tiket.pk)
    if lega:
        assert petugas_lama_id is not None
        penugasan_isi_untuk_petugas(petugas_id=petugas_lama_id, lewati=sudah_dicoba)


def penugasan_isi_untuk_petugas(*, petugas_id: int, lewati: Iterable[int] = ()) -> int:
    """An officer has room again (work done, back from leave, capacity raised): fill the queues of their
    automatic units, in unit order, from whoever in each has room. Returns how many were assigned."""
    lewati = set(lewati)
    unit_otomatis = (
        Keanggotaan.objects.filter(petugas_id=petugas_id, unit__strategi_penugasan=StrategiPenugasan.OTOMATIS)
        .order_by("unit_id")
        .values_list("unit_id", flat=True)
    )
    with transaction.atomic():
        return sum(penugasan_isi_antrian(unit=unit_id, lewati=lewati) for unit_id in unit_otomatis)


def tiket_klaim_berikutnya(*, aktor: Aktor, unit: Unit | None = None) -> Tiket:
    """Take the next waiting tiket, in queue order, of the officer's claiming units (or of `unit`) through
    the real `ambil` transition. A burst of claims neither blocks nor double-assigns: each takes the first
    tiket nobody else holds (SKIP LOCKED).

    Every row is read once and handed on: the officer's own row, locked, with the one count of their open
    work; the tiket as the SKIP LOCKED read locked it; its unit as read for the permission check."""
    petugas = aktor.petugas
    if petugas is None:
        raise TidakDiizinkan(_("Only officers can claim tickets."))
    if unit is not None:
        if not aktor.anggota_unit(unit.pk):
            raise TidakDiizinkan(_("You are not an officer of this unit."))
        if not izin.boleh_klaim_di(aktor, unit.pk, unit.strategi_penugasan):
            raise TidakDiizinkan(
                _("Officers do not claim tickets in this unit: the supervisor or the system assigns them.")
            )
        unit_klaim = {unit.pk: unit}
    else:
        unit_klaim = {
            u.pk: u
            for u in Unit.objects.filter(pk__in=aktor.unit_ids)
            if izin.boleh_klaim_di(aktor, u.pk, u.strategi_penugasan)
        }
        if not unit_klaim:
            raise TidakDiizinkan(_("None of your units lets officers claim tickets."))
    with transaction.atomic():
        # Our own row first, as every assigner locks it (`_periksa_petugas_tujuan`): the room counted
        # below stays ours until commit. Two claims of one officer at once queue here, and the second
        # counts after the first has committed its tiket.
        saya = Petugas.objects.select_for_update(no_key=True).get(pk=petugas.pk)
        if not saya.aktif:
            pesan = _("You are marked inactive (on leave) and cannot take new tickets.")
            raise DataTidakValid(pesan, rincian={"petugas": [pesan]})
        beban = hitung_beban(saya.pk)
        if beban >= saya.kapasitas:
            pesan = _("Your capacity is full (%(n)s open tickets). Finish one before taking another.") % {
                "n": beban
            }
            raise DataTidakValid(pesan, rincian={"petugas": [pesan]})
        berikut = _kunci_berikut(_menunggu(unit_klaim))
        if berikut is None:
            raise TidakDitemukan(_("No ticket is waiting in the queue."))
        # The unit whose strategy was just checked: `ambil`'s permission check reads it from here.
        berikut.unit = unit_klaim[berikut.unit_id]
        return _ambil(tiket=berikut, aktor=aktor, petugas_terkunci=saya)


def tiket_tugaskan_ulang(
    *, tiket: Tiket | int, petugas: Petugas, aktor: Aktor, alasan: str, versi: int | None = None
) -> Tiket:
    """Hand an assigned, in-progress or waiting tiket to another officer of its unit (supervisor only).
    The state does not change; one internal `penugasan` event records who had it and who has it now."""
    alasan = _wajib(alasan, "alasan", _("A reason for the reassignment is required."))
    with transaction.atomic():
        terkunci = kunci_tiket(tiket, versi)
        # Wrong state first, as for every transition: what cannot happen now is a conflict (409).
        if terkunci.status not in STATUS_TUGASKAN_ULANG or terkunci.petugas_id is None:
            raise TransisiTidakSah(
                _("Only a ticket that is assigned, in progress or waiting for the citizen can be reassigned.")
            )
        if not aktor.supervisor_unit(terkunci.unit_id):
            raise TidakDiizinkan(_("Only the unit's supervisor can reassign a ticket."))
        if petugas.pk == terkunci.petugas_id:
            raise DataTidakValid(rincian={"petugas": [_("The ticket is already assigned to this officer.")]})
        _periksa_petugas_tujuan(petugas, terkunci.unit_id)
        petugas_lama = terkunci.petugas_id
        terkunci.petugas = petugas
        simpan_tiket(terkunci)
        tandai_ditugaskan(petugas)
        catat_peristiwa(
            tiket=terkunci,
            aktor=aktor,
            jenis=JenisPeristiwa.PENUGASAN,
            aksi="tugaskan_ulang",
            dari_status=terkunci.status,
            catatan=alasan,
            # Who works the tiket inside the unit, and why it changed hands, is the unit's business.
            publik=False,
            data={"petugas_lama": petugas_lama, "petugas_baru": petugas.pk},
            petugas_id=petugas.pk,
        )
        penugasan_setelah_perubahan(
            tiket=terkunci,
            dari_status=terkunci.status,
            petugas_lama_id=petugas_lama,
            unit_lama_id=terkunci.unit_id,
        )
    return terkunci
