"""A real Celery worker process, through the real Redis broker, runs the auto-close task against the test
database: what beat sends in production is done by a worker, not eagerly in the caller."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from antrian import tasks
from antrian.models import Peristiwa, Status, Tiket
from config.celery import app
from tests.antrian.test_multiproses import _url_database_uji
from tests.antrian.test_tugas_kerja import selesai_lama

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BATAS_TUNGGU = 30.0


def _tunggu(syarat, proses: subprocess.Popen[bytes], log: Path, pesan: str) -> None:  # type: ignore[no-untyped-def]
    batas = time.monotonic() + BATAS_TUNGGU
    while not syarat():
        if proses.poll() is not None:
            pytest.fail(f"worker berhenti:\n{log.read_text(errors='replace')}")
        if time.monotonic() > batas:
            pytest.fail(f"{pesan} dalam {BATAS_TUNGGU:.0f} s:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


def test_worker_celery_nyata_menutup_tiket_lewat_redis(unit, warga, petugas, tmp_path):
    assert not app.conf.task_always_eager, (
        "dengan REDIS_URL tugas dikirim ke broker, bukan dijalankan di sini"
    )
    tiket = selesai_lama(unit, warga, petugas)  # committed: the worker's own connection sees it
    antrean = f"sigap-uji-{uuid.uuid4().hex[:8]}"  # nothing else on this Redis takes our message
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _url_database_uji(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CHANNEL_PREFIX": settings.CHANNEL_PREFIX,
        "PYTHONUNBUFFERED": "1",
    }
    perintah = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1"]
    perintah += ["-Q", antrean, "-n", f"{antrean}@%h", "--without-gossip", "--without-mingle"]
    perintah += ["--without-heartbeat", "--loglevel=INFO"]
    with log.open("wb") as berkas:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            perintah, cwd=settings.BASE_DIR, env=env, stdout=berkas, stderr=subprocess.STDOUT
        )
    try:
        _tunggu(lambda: "ready." in log.read_text(errors="replace"), worker, log, "worker tidak siap")
        tasks.tutup_otomatis.apply_async(queue=antrean)
        _tunggu(
            lambda: Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP,
            worker,
            log,
            "tiket tidak ditutup oleh worker",
        )
        # The same message again (a lost acknowledgement redelivers it): nothing is closed twice.
        tasks.tutup_otomatis.apply_async(queue=antrean)
        _tunggu(
            lambda: log.read_text(errors="replace").count("succeeded") >= 2,
            worker,
            log,
            "tugas kedua tidak selesai",
        )
        worker.send_signal(signal.SIGTERM)  # warm shutdown: finish the running task, then exit
        assert worker.wait(timeout=BATAS_TUNGGU) == 0, log.read_text(errors="replace")
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
        klien = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        for kunci in klien.scan_iter(match=f"*{antrean}*"):
            klien.delete(kunci)
        klien.close()
    isi = log.read_text(errors="replace")
    assert "{'ditutup': 1}" in isi
    assert "{'ditutup': 0}" in isi
    assert Peristiwa.objects.filter(tiket=tiket, aksi="tutup").count() == 1
