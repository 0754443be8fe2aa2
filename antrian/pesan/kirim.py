"""Sending one queued message: take its lease, send, record the outcome on the row.

Idempotent: a message already sent is skipped, and a message whose lease another attempt holds is left to
that attempt. No lock is held while the channel talks to the outside world (on SQLite a write lock would
stop the whole portal for the gateway's timeout); the lease is a conditional UPDATE that only one attempt
can win.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from antrian.models import PesanKeluar, StatusPesan
from antrian.pesan.isi import samarkan
from antrian.pesan.saluran import GagalKirim, ambil_saluran

log = logging.getLogger(__name__)

_BATAS_GALAT = 2000


class Hasil(StrEnum):
    TERKIRIM = "terkirim"
    DILEWATI = "dilewati"  # sent before, or being sent by another attempt right now
    GAGAL = "gagal"  # the last attempt failed: the row shows it, the admin may send it again


def _lama_sewa() -> dt.timedelta:
    # Longer than any one send can take, so an attempt never loses its lease mid-send; short enough that
    # a worker killed mid-send leaves the row to the next attempt soon.
    return dt.timedelta(seconds=max(60, 3 * int(settings.PESAN_GERBANG_BATAS_DETIK)))


def maks_percobaan() -> int:
    return 1 + int(settings.PESAN_ULANG_MAKS)


def jeda_ulang(percobaan: int) -> int:
    """Seconds before the retry that follows failed attempt number `percobaan` (1, 2, ...): the job's
    exponential backoff, the same figure Celery's autoretry waits (antrian.pesan.tugas)."""
    return int(
        get_exponential_backoff_interval(
            factor=int(settings.PESAN_ULANG_JEDA_DETIK),
            retries=max(percobaan - 1, 0),
            maximum=int(settings.PESAN_ULANG_JEDA_MAKS_DETIK),
            full_jitter=False,
        )
    )


def kirim_satu(pesan_id: int) -> Hasil:
    """Send message `pesan_id` once. Raises `GagalKirim` when it failed and another attempt is due (the
    job retries with backoff); when the failed attempt was the last one (the row's count says so, whoever
    ran the earlier ones) the row is marked `gagal` instead."""
    sekarang = timezone.now()
    diambil = (
        PesanKeluar.objects.filter(pk=pesan_id)
        .exclude(status=StatusPesan.TERKIRIM)
        .filter(Q(sewa_sampai__isnull=True) | Q(sewa_sampai__lt=sekarang))
        .update(sewa_sampai=sekarang + _lama_sewa(), percobaan=F("percobaan") + 1)
    )
    if not diambil:
        return Hasil.DILEWATI
    pesan = PesanKeluar.objects.get(pk=pesan_id)
    try:
        ambil_saluran(pesan.saluran).kirim(
            penerima=pesan.penerima, subjek=pesan.subjek, isi=pesan.isi, kunci=kunci_pesan(pesan)
        )
    except GagalKirim as exc:
        galat = str(exc).replace(pesan.penerima, samarkan(pesan.penerima))[:_BATAS_GALAT]
        percobaan_terakhir = pesan.percobaan >= maks_percobaan()
        PesanKeluar.objects.filter(pk=pesan.pk).update(
            status=StatusPesan.GAGAL if percobaan_terakhir else StatusPesan.ANTRI,
            galat_terakhir=galat,
            sewa_sampai=None,
            dicoba_lagi_pada=(
                None
                if percobaan_terakhir
                else timezone.now() + dt.timedelta(seconds=jeda_ulang(pesan.percobaan))
            ),
        )
        log.warning(
            "Pesan %s (%s ke %s) gagal pada percobaan ke-%s%s: %s",
            pesan.pk,
            pesan.saluran,
            samarkan(pesan.penerima),
            pesan.percobaan,
            "" if percobaan_terakhir else ", dicoba lagi nanti",
            galat,
        )
        if percobaan_terakhir:
            return Hasil.GAGAL
        raise
    PesanKeluar.objects.filter(pk=pesan.pk).update(
        status=StatusPesan.TERKIRIM,
        terkirim_pada=timezone.now(),
        galat_terakhir="",
        sewa_sampai=None,
        dicoba_lagi_pada=None,
    )
    log.info("Pesan %s (%s ke %s) terkirim", pesan.pk, pesan.saluran, samarkan(pesan.penerima))
    return Hasil.TERKIRIM


def kunci_pesan(pesan: PesanKeluar) -> str:
    """The message's idempotency key as gateways see it: the same for every attempt."""
    return f"sigap-{pesan.tiket_id}-{pesan.jenis}-{pesan.saluran}-{pesan.peristiwa_id}"
