"""Shared steps of every write: lock the row, check the version, append the event, broadcast on commit."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import models

from antrian import pesan, realtime
from antrian.berkas import BerkasTeruji, periksa_kuota
from antrian.exceptions import PerubahanBersamaan, TidakDitemukan
from antrian.izin import Aktor
from antrian.metrik import lipat as metrik
from antrian.models import Lampiran, Peristiwa, Tanggapan, Tiket


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kunci_tiket(tiket: Tiket | int, versi: int | None = None, *, sudah_terkunci: bool = False) -> Tiket:
    """Re-read the tiket under a row lock (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction
    already holds the write lock), with its unit (the permission checks and the calendar read it). Must
    be called inside `transaction.atomic`.

    `sudah_terkunci`: `tiket` is an instance the caller itself read under this lock in its still-open
    transaction (the claim selects it with SKIP LOCKED), so it is current: only the version is checked.
    """
    if sudah_terkunci:
        if not isinstance(tiket, Tiket):
            raise TypeError("sudah_terkunci needs the Tiket instance that was locked")
        periksa_versi(tiket, versi)
        return tiket
    pk = tiket.pk if isinstance(tiket, Tiket) else tiket
    try:
        # OF self: the unit row is read, not locked (every change of the unit's tikets would queue on it).
        terkunci = Tiket.objects.select_related("unit").select_for_update(of=("self",)).get(pk=pk)
    except Tiket.DoesNotExist as exc:
        raise TidakDitemukan() from exc
    periksa_versi(terkunci, versi)
    return terkunci


def periksa_versi(tiket: Tiket, versi: int | None) -> None:
    """409 if the client sent the version it saw and the tiket has moved on since."""
    if versi is not None and tiket.versi != versi:
        raise PerubahanBersamaan(rincian={"versi_saat_ini": tiket.versi, "versi_dikirim": versi})


def simpan_tiket(tiket: Tiket) -> None:
    """Save a tiket locked with `kunci_tiket` and bump its version. The database adds one to the version
    it holds; under the row lock that is the version read plus one, so it is not read back."""
    versi = tiket.versi
    tiket.versi = models.F("versi") + 1
    try:
        tiket.save()
    except BaseException:
        tiket.versi = versi
        raise
    tiket.versi = versi + 1


# `catat_peristiwa(petugas_id=TANPA_PETUGAS)`: the event is no officer's work (a submission), whoever the
# actor is; nothing is read. Left out or None, the acting officer is read from the actor (one query for a
# user not yet known to be an officer).
TANPA_PETUGAS: Any = object()


def catat_peristiwa(
    *,
    tiket: Tiket,
    aktor: Aktor,
    jenis: str,
    aksi: str,
    dari_status: str = "",
    catatan: str = "",
    publik: bool = True,
    data: dict[str, Any] | None = None,
    petugas_id: int | None = None,
    unit_id: int | None = None,
) -> Peristiwa:
    """Append an event to the tiket's log, fold it into the metrics, queue its broadcast and messages."""
    if petugas_id is TANPA_PETUGAS:
        petugas_id = None
    elif petugas_id is None:
        petugas_id = aktor.petugas.pk if aktor.petugas else None
    peristiwa = Peristiwa.objects.create(
        tiket=tiket,
        jenis=jenis,
        aksi=aksi,
        dari_status=dari_status,
        ke_status=tiket.status,
        aktor=aktor.pengguna,
        petugas_id=petugas_id,
        unit_id=unit_id if unit_id is not None else tiket.unit_id,
        catatan=catatan,
        publik=publik,
        data=data or {},
    )
    # The metrics summary changes with the event, in this transaction, under the tiket's row lock.
    metrik.catat(tiket=tiket, peristiwa=peristiwa)
    assert tiket.nomor is not None
    realtime.siarkan_setelah_commit(
        peristiwa, nomor=tiket.nomor, status=tiket.status, petugas_id=tiket.petugas_id
    )
    # Citizens' messages (written here, sent by a background job after the commit) and officers'
    # notifications (pushed live after the commit): the hook decides by `aksi` (antrian.pesan.pemicu).
    # The event is new, so none of its messages can exist yet: they are written without a savepoint each.
    pesan.setelah_peristiwa(tiket=tiket, peristiwa=peristiwa, peristiwa_baru=True)
    return peristiwa


def simpan_lampiran(
    *,
    tiket: Tiket,
    aktor: Aktor,
    berkas: Iterable[BerkasTeruji],
    tanggapan: Tanggapan | None = None,
    internal: bool = False,
) -> list[Lampiran]:
    daftar = list(berkas)
    if not daftar:
        return []
    # The count per tiket holds across every path (submission, wizard, tracking page, officer, API). Under
    # the tiket's row lock (taken again here: a no-op for callers that hold it), so two uploads racing each
    # other are counted one after the other; and before any file is written, so a refusal leaves none.
    list(Tiket.objects.select_for_update().filter(pk=tiket.pk).values_list("pk", flat=True))
    periksa_kuota(sudah_ada=Lampiran.objects.filter(tiket=tiket).count(), tambahan=len(daftar))
    hasil: list[Lampiran] = []
    try:
        for item in daftar:
            lampiran = Lampiran(
                tiket=tiket,
                tanggapan=tanggapan,
                kode_persyaratan=item.kode_persyaratan,
                nama_asli=item.nama_asli,
                tipe_mime=item.tipe_mime,
                ukuran=item.ukuran,
                internal=internal,
                diunggah_oleh=aktor.pengguna,
            )
            lampiran.berkas.save(item.nama_asli, item.berkas, save=False)
            hasil.append(lampiran)
            lampiran.save()
    except BaseException:
        # The rows roll back with the transaction; the files written so far must go with them.
        for lampiran in hasil:
            with contextlib.suppress(Exception):  # a failed clean-up must not hide the first error
                lampiran.berkas.delete(save=False)
        raise
    return hasil
