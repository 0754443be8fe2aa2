"""Celery jobs that send citizens' messages (listed in CELERY_IMPORTS).

`kirim_pesan` retries a failed send with exponential backoff: PESAN_ULANG_JEDA_DETIK, doubling, at most
PESAN_ULANG_JEDA_MAKS_DETIK, without jitter, so the delays are the documented ones (messages fail at
different moments, so their retries are spread anyway). After PESAN_ULANG_MAKS retries the row is left
`gagal`; the count lives on the row, so retries queued by the sweep or a second delivery count too.

`kirim_tertunda` (beat, every PESAN_SAPU_DETIK) queues again what fell through: messages never tried
(the broker was down at the commit), retries long overdue (their job was lost; in the embedded default
jobs run in-process and a retry cannot wait, so the sweep is what retries there), and attempts that died
mid-send (their lease ran out with no outcome written).

Both are safe to run twice: see antrian.pesan.kirim.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery import Task, shared_task
from celery.exceptions import Retry
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerTakTerjangkau

from antrian.models import PesanKeluar, StatusPesan
from antrian.pesan.kirim import kirim_satu
from antrian.pesan.saluran import GagalKirim

log = logging.getLogger(__name__)

BATAS_SAPU = 1000
# After the broker refused a job, queueing is not tried again for this long. Each attempt against a broker
# that is down holds the committing request for seconds (kombu connects with CELERY_BROKER_CONNECTION_TIMEOUT,
# twice), once per message; the rows wait in the outbox for the sweep either way (tests/keandalan/).
JEDA_BROKER_PUTUS = 5.0
_broker_putus_sampai = 0.0


@shared_task(
    bind=True,
    name="antrian.pesan.tugas.kirim_pesan",
    autoretry_for=(GagalKirim,),
    retry_backoff=settings.PESAN_ULANG_JEDA_DETIK,
    retry_backoff_max=settings.PESAN_ULANG_JEDA_MAKS_DETIK,
    retry_jitter=False,
    # The row's own count decides when to stop (kirim_satu); this only bounds a runaway chain.
    max_retries=settings.PESAN_ULANG_MAKS + 2,
)
def kirim_pesan(self: Task, pesan_id: int) -> str:
    return str(kirim_satu(pesan_id))


def antrekan(pesan_ids: list[int]) -> None:
    """Queue the sending of these messages. Runs after the commit of the change that wrote them: it never
    raises and never waits long for a broker that is down (the sweep queues what did not get through)."""
    global _broker_putus_sampai
    for i, pk in enumerate(pesan_ids):
        if time.monotonic() < _broker_putus_sampai:
            log.warning("Broker tidak terjangkau; pesan %s menunggu penyapuan berkala", pesan_ids[i:])
            return
        try:
            kirim_pesan.apply_async((pk,), retry=False)
        except Retry:
            # Eager (the embedded default): the retry cannot wait in-process; the row says when it is
            # due and the sweep runs it then.
            log.info("Pesan %s gagal terkirim; dicoba lagi oleh penyapuan berkala", pk)
        except BrokerTakTerjangkau:
            _broker_putus_sampai = time.monotonic() + JEDA_BROKER_PUTUS
            log.exception("Pesan %s belum masuk antrean; penyapuan berkala akan mengantrekannya", pk)
        except Exception:
            log.exception("Pesan %s belum masuk antrean; penyapuan berkala akan mengantrekannya", pk)


@shared_task(name="antrian.pesan.tugas.kirim_tertunda")
def kirim_tertunda() -> int:
    """Queue again the queued messages whose job fell through (module docstring). Returns how many."""
    sekarang = timezone.now()
    tenggang = dt.timedelta(seconds=settings.PESAN_SAPU_DETIK)
    # With a worker, a retry is its job's until it is long overdue; run in-process, nothing else will
    # ever run it, so it is the sweep's as soon as it is due.
    tenggang_ulang = dt.timedelta(0) if kirim_pesan.app.conf.task_always_eager else tenggang
    ids = list(
        PesanKeluar.objects.filter(status=StatusPesan.ANTRI)
        .filter(
            Q(percobaan=0, dibuat_pada__lt=sekarang - tenggang)
            | Q(dicoba_lagi_pada__lte=sekarang - tenggang_ulang)
            # An attempt that died holding its lease (worker killed mid-send): its job died with it, and
            # a redelivered job found the lease taken and skipped the row (tests/keandalan/).
            | Q(sewa_sampai__lt=sekarang)
        )
        .filter(Q(sewa_sampai__isnull=True) | Q(sewa_sampai__lt=sekarang))
        .order_by("pk")
        .values_list("pk", flat=True)[:BATAS_SAPU]
    )
    antrekan(ids)
    return len(ids)
