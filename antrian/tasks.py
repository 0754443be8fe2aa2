"""The periodic jobs as Celery tasks: escalation, auto-close of quiet resolved tikets, metrics warm-up.

Beat sends them on `CELERY_BEAT_SCHEDULE` (settings); `manage.py jadwal_lokal` runs the same schedule
in-process for the embedded default. Every task is idempotent, so a run repeated after a lost
acknowledgement (`acks_late`), a run started by hand, or two beats by mistake change nothing twice:

- escalation writes at most one `Notifikasi` per (kind, tiket, tenggat, recipient): its unique `kunci`;
- auto-close closes through the real `tutup` service with the version it read, so a tiket closed (or
  touched by the citizen) meanwhile is a conflict that is skipped, never a second closure;
- the warm-up only recomputes and overwrites stored figures.

On top of that each job holds a lock for its run (a Redis lock with `REDIS_URL`, else the process's
cache), so overlapping runs do not duplicate the work: the second one returns `{"dilewati": True}` at
once. A warm-up that takes longer than its 30-second interval thus never piles up behind itself. The lock
expires by itself after `BATAS_KUNCI` seconds, so a worker killed mid-run blocks the job only that long.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from antrian.selectors.kinerja.hangat import hangatkan
from antrian.services.eskalasi import eskalasi_jalankan, tiket_tutup_otomatis_jalankan
from config.celery import app

log = logging.getLogger(__name__)

# Seconds a run may hold its job's lock: comfortably longer than a run takes at a million tikets.
BATAS_KUNCI: dict[str, int] = {
    "eskalasi": 15 * 60,
    "tutup_otomatis": 30 * 60,
    "hangatkan_kinerja": 10 * 60,
    "sapu_lampiran": 30 * 60,
}
DILEWATI: dict[str, Any] = {"dilewati": True}


@contextmanager
def sendirian(nama: str) -> Iterator[bool]:
    """Hold job `nama`'s lock for the block; yields False (and holds nothing) if another run has it."""
    detik = BATAS_KUNCI[nama]
    if settings.REDIS_URL:
        # redis-py's lock releases with a token check in Lua: a run whose lock expired can never
        # release the lock a later run took meanwhile.
        klien = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5)
        kunci = klien.lock(f"{settings.CHANNEL_PREFIX}:tugas:{nama}", timeout=detik, blocking=False)
        dapat = bool(kunci.acquire(blocking=False))
        try:
            yield dapat
        finally:
            if dapat:
                try:
                    kunci.release()
                except redis.exceptions.LockError:
                    log.warning("Tugas %s berjalan lebih lama dari kuncinya (%d s)", nama, detik)
            klien.close()
        return
    # Embedded default: the jobs run in one process (jadwal_lokal), so its local cache suffices; a run from
    # another process (`manage.py tugas_berkala`) is still covered by the services' own guarantees.
    nama_kunci, token = f"tugas:{nama}", uuid.uuid4().hex
    dapat = cache.add(nama_kunci, token, timeout=detik)
    try:
        yield dapat
    finally:
        if dapat and cache.get(nama_kunci) == token:
            cache.delete(nama_kunci)


def _waktu(sekarang: str | None) -> dt.datetime | None:
    """The `sekarang` argument (ISO 8601, JSON-safe for the broker) as an aware datetime."""
    if sekarang is None:
        return None
    waktu = parse_datetime(sekarang)
    if waktu is None:
        raise ValueError(f"sekarang bukan waktu ISO 8601: {sekarang!r}")
    return timezone.make_aware(waktu) if timezone.is_naive(waktu) else waktu


@app.task(name="antrian.tasks.eskalasi")
def eskalasi(sekarang: str | None = None) -> dict[str, Any]:
    """Notify supervisors (and the officer, before the deadline) of tikets nearly due, overdue, or not
    assigned in time. `sekarang`: run as if at this time (ISO 8601); default now."""
    with sendirian("eskalasi") as dapat:
        if not dapat:
            log.info("Eskalasi dilewati: run lain sedang berjalan")
            return DILEWATI
        ringkasan = eskalasi_jalankan(sekarang=_waktu(sekarang))
    return {**dataclasses.asdict(ringkasan), "notifikasi": ringkasan.notifikasi}


@app.task(name="antrian.tasks.tutup_otomatis")
def tutup_otomatis(sekarang: str | None = None) -> dict[str, Any]:
    """Close tikets resolved HARI_BUKA_KEMBALI working days ago with no word from the citizen since."""
    with sendirian("tutup_otomatis") as dapat:
        if not dapat:
            log.info("Tutup otomatis dilewati: run lain sedang berjalan")
            return DILEWATI
        ditutup = tiket_tutup_otomatis_jalankan(sekarang=_waktu(sekarang))
    return {"ditutup": ditutup}


@app.task(name="antrian.tasks.hangatkan_kinerja")
def hangatkan_kinerja() -> dict[str, Any]:
    """Compute the metrics pages' default views ahead of their viewers (stored KINERJA_SIMPAN_DETIK)."""
    with sendirian("hangatkan_kinerja") as dapat:
        if not dapat:
            log.info("Pemanasan kinerja dilewati: run lain sedang berjalan")
            return DILEWATI
        # The pages' keys include the language: warm the portal's, whatever the worker has active.
        with translation.override(settings.LANGUAGE_CODE):
            cakupan, tabel = hangatkan()
    return {"cakupan": cakupan, "tabel": tabel}


@app.task(name="antrian.tasks.sapu_lampiran")
def sapu_lampiran() -> dict[str, Any]:
    """Delete uploaded files no attachment row names, a day after they were written (antrian.berkas.sapu):
    a citizen's document left behind by a rolled-back transaction is never kept."""
    from antrian.berkas.sapu import sapu_lampiran_yatim

    with sendirian("sapu_lampiran") as dapat:
        if not dapat:
            log.info("Sapu lampiran dilewati: run lain sedang berjalan")
            return DILEWATI
        dihapus = sapu_lampiran_yatim()
    return {"dihapus": len(dihapus)}
