"""Shared steps of every write: lock the row, check the version, append the event, broadcast on commit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import models

from antrian import realtime
from antrian.berkas import BerkasTeruji
from antrian.exceptions import PerubahanBersamaan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Lampiran, Peristiwa, Tanggapan, Tiket


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kunci_tiket(tiket: Tiket | int, versi: int | None = None) -> Tiket:
    """Re-read the tiket under a row lock (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction
    already holds the write lock). Must be called inside `transaction.atomic`."""
    pk = tiket.pk if isinstance(tiket, Tiket) else tiket
    try:
        terkunci = Tiket.objects.select_for_update().get(pk=pk)
    except Tiket.DoesNotExist as exc:
        raise TidakDitemukan() from exc
    if versi is not None and terkunci.versi != versi:
        raise PerubahanBersamaan(rincian={"versi_saat_ini": terkunci.versi, "versi_dikirim": versi})
    return terkunci


def simpan_tiket(tiket: Tiket) -> None:
    tiket.versi = models.F("versi") + 1
    tiket.save()
    tiket.refresh_from_db(fields=["versi"])


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
    peristiwa = Peristiwa.objects.create(
        tiket=tiket,
        jenis=jenis,
        aksi=aksi,
        dari_status=dari_status,
        ke_status=tiket.status,
        aktor=aktor.pengguna,
        petugas_id=petugas_id if petugas_id is not None else (aktor.petugas.pk if aktor.petugas else None),
        unit_id=unit_id if unit_id is not None else tiket.unit_id,
        catatan=catatan,
        publik=publik,
        data=data or {},
    )
    assert tiket.nomor is not None
    realtime.siarkan_setelah_commit(
        peristiwa, nomor=tiket.nomor, status=tiket.status, petugas_id=tiket.petugas_id
    )
    return peristiwa


def simpan_lampiran(
    *,
    tiket: Tiket,
    aktor: Aktor,
    berkas: Iterable[BerkasTeruji],
    tanggapan: Tanggapan | None = None,
    internal: bool = False,
) -> list[Lampiran]:
    hasil = []
    for item in berkas:
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
        lampiran.save()
        hasil.append(lampiran)
    return hasil
