"""A real Celery worker on the Redis broker sends a submission's e-mail (not eager: the job leaves the
process through Redis and comes back through the worker)."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from antrian.models import PesanKeluar, StatusPesan
from config.celery import app as celery_app
from tests.antrian.factories import buat_tiket

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_pekerja_celery_nyata_mengirim_email_pengajuan_lewat_redis(unit, warga):
    assert not celery_app.conf.task_always_eager  # REDIS_URL set: jobs go through the broker
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            tiket = buat_tiket(unit, pemohon=warga).tiket  # committed: the job is queued on commit
        akhir = time.monotonic() + 20
        while time.monotonic() < akhir:
            pesan = PesanKeluar.objects.get(tiket=tiket)
            if pesan.status != StatusPesan.ANTRI:
                break
            time.sleep(0.1)
    assert pesan.status == StatusPesan.TERKIRIM
    assert [m.to for m in mail.outbox] == [[warga.email]]
