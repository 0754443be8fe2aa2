"""The beat schedule (CELERY_BEAT_SCHEDULE) and `manage.py jadwal_lokal`, which runs it in-process for the
embedded default (`make run`)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import translation

from antrian.management.commands.jadwal_lokal import Penjadwal, entri_dari, muat_tugas
from antrian.models import Notifikasi, Status, Tiket
from antrian.selectors import kinerja as k
from antrian.selectors.kinerja.simpan import kunci
from config.celery import app
from tests.antrian.test_multiproses import (
    _hentikan,
    _mulai,
    _port_bebas,
    _tunggu_menerima,
    _url_database_uji,
)
from tests.antrian.test_tugas_kerja import selesai_lama, terlambat

pytestmark = pytest.mark.django_db

TUGAS = {
    "antrian.tasks.eskalasi": 5 * 60,
    "antrian.tasks.tutup_otomatis": 60 * 60,
    "antrian.tasks.hangatkan_kinerja": 30,
    "antrian.tasks.sapu_lampiran": 24 * 60 * 60,
}


def _interval(isi: dict[str, object]) -> float:
    return entri_dari({"x": isi})[0].jadwal.run_every.total_seconds()  # type: ignore[attr-defined]


def _jadwal_dengan_env(**env: str) -> subprocess.CompletedProcess[str]:
    kode = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({k: v['schedule'] for k, v in settings.CELERY_BEAT_SCHEDULE.items()}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", kode],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- the schedule --------------------------------------------------------------------------------------


def test_jadwal_memuat_setiap_tugas_berkala_dengan_interval_bawaan():
    muat_tugas()
    jadwal = {isi["task"]: isi for isi in django_settings.CELERY_BEAT_SCHEDULE.values()}
    for tugas, detik in TUGAS.items():
        assert tugas in jadwal, tugas
        assert tugas in app.tasks
        assert _interval(jadwal[tugas]) == detik
        # A run that waited longer than one interval is dropped: the next one does the same work.
        assert jadwal[tugas]["options"]["expires"] == detik


def test_setiap_entri_jadwal_menunjuk_tugas_yang_terdaftar():
    muat_tugas()
    for nama, isi in django_settings.CELERY_BEAT_SCHEDULE.items():
        assert isi["task"] in app.tasks, nama
        assert _interval(isi) > 0


def test_interval_jadwal_dapat_diubah_lewat_env():
    hasil = _jadwal_dengan_env(JADWAL_ESKALASI_DETIK="60", JADWAL_HANGATKAN_KINERJA_DETIK="10")
    assert hasil.returncode == 0, hasil.stderr
    jadwal = json.loads(hasil.stdout.strip().splitlines()[-1])
    assert (jadwal["eskalasi"], jadwal["tutup-otomatis"], jadwal["hangatkan-kinerja"]) == (60, 3600, 10)


def test_interval_nol_ditolak_saat_mulai():
    hasil = _jadwal_dengan_env(JADWAL_TUTUP_OTOMATIS_DETIK="0")
    assert hasil.returncode != 0
    assert "tutup-otomatis harus lebih dari 0 detik" in hasil.stderr


# --- jadwal_lokal ---------------------------------------------------------------------------------------


def test_jadwal_lokal_sekali_menjalankan_setiap_tugas_sekali(settings, unit, warga, petugas, supervisor):
    settings.KINERJA_SIMPAN_DETIK = 60
    tiket = selesai_lama(unit, warga, petugas)  # resolved in July 2026: long due by now
    terlambat_ = terlambat(unit, warga)  # its deadline has passed
    with translation.override(settings.LANGUAGE_CODE):
        ikhtisar = kunci("ikhtisar", k.Rentang.bawaan(), k.Saringan(unit_ids=None), True)
    call_command("jadwal_lokal", "--sekali")
    assert Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP
    assert cache.get(ikhtisar) is not None
    assert list(Notifikasi.objects.values_list("tiket_id", flat=True)) == [terlambat_.pk]
    # Again: nothing new.
    call_command("jadwal_lokal", "--sekali")
    assert Notifikasi.objects.count() == 1
    assert len(mail.outbox) == 1


def test_jadwal_lokal_sekali_melaporkan_tugas_gagal_tetapi_menjalankan_yang_lain(
    settings, unit, warga, petugas
):
    tiket = selesai_lama(unit, warga, petugas)
    settings.CELERY_BEAT_SCHEDULE = {
        "rusak": {"task": "antrian.tasks.eskalasi", "schedule": 60.0, "kwargs": {"sekarang": "bukan-waktu"}},
        "tak-dikenal": {"task": "antrian.tasks.tidak_ada", "schedule": 60.0},
        "tutup": {"task": "antrian.tasks.tutup_otomatis", "schedule": 60.0},
    }
    with pytest.raises(CommandError, match="rusak, tak-dikenal"):
        call_command("jadwal_lokal", "--sekali")
    assert Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP


def test_putaran_menjalankan_tugas_sesuai_interval_dan_tidak_berhenti_karena_galat(
    unit, warga, petugas, caplog
):
    tiket = selesai_lama(unit, warga, petugas)
    penjadwal = Penjadwal(
        {
            "rusak": {"task": "antrian.tasks.eskalasi", "schedule": 0.2, "kwargs": {"sekarang": "x"}},
            "tutup": {"task": "antrian.tasks.tutup_otomatis", "schedule": 0.2},
            "jarang": {"task": "antrian.tasks.hangatkan_kinerja", "schedule": dt.timedelta(hours=1)},
        }
    )
    berhenti = threading.Event()
    pengatur = threading.Timer(1.5, berhenti.set)  # touches no database: only stops the loop
    pengatur.start()
    mulai = time.monotonic()
    with caplog.at_level(logging.INFO, logger="antrian.jadwal"):
        penjadwal.putar(berhenti)
    assert time.monotonic() - mulai < 5
    pengatur.join()
    gagal = [r for r in caplog.records if r.levelno == logging.ERROR and "rusak" in r.getMessage()]
    tutup = [r for r in caplog.records if r.levelno == logging.INFO and "Jadwal tutup" in r.getMessage()]
    jarang = [r for r in caplog.records if "Jadwal jarang" in r.getMessage()]
    # Every 0.2 s for 1.5 s: several runs each, the failing one included; the hourly one ran once (at start).
    assert len(gagal) >= 3
    assert len(tutup) >= 3
    assert len(jarang) == 1
    assert Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP


def _env_proses() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _url_database_uji(),
        "REDIS_URL": django_settings.REDIS_URL,
        "CHANNEL_PREFIX": f"{django_settings.CHANNEL_PREFIX}-jadwal",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }


def _tunggu_ditutup(tiket: Tiket, proses: subprocess.Popen[bytes], log: Path) -> None:
    batas = time.monotonic() + 30
    while Tiket.objects.get(pk=tiket.pk).status != Status.DITUTUP:
        assert proses.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < batas, log.read_text(errors="replace")
        time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_jadwal_lokal_sebagai_proses_berhenti_rapi_saat_sigterm(unit, warga, petugas, tmp_path: Path):
    tiket = selesai_lama(unit, warga, petugas)
    log = tmp_path / "jadwal.log"
    proses = _mulai([sys.executable, "manage.py", "jadwal_lokal"], log, _env_proses())
    try:
        _tunggu_ditutup(tiket, proses, log)
        proses.send_signal(signal.SIGTERM)
        assert proses.wait(timeout=20) == 0, log.read_text(errors="replace")
    finally:
        _hentikan(proses)
    isi = log.read_text(errors="replace")
    assert "Jadwal lokal berjalan" in isi
    assert "Jadwal lokal berhenti." in isi
    assert "Traceback" not in isi


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_jadwal_lokal_dengan_server_melayani_http_dan_menjalankan_jadwal_di_proses_itu(
    unit, warga, petugas, tmp_path: Path
):
    tiket = selesai_lama(unit, warga, petugas)
    log = tmp_path / "server.log"
    port = _port_bebas()
    perintah = [sys.executable, "manage.py", "jadwal_lokal", "--server", f"127.0.0.1:{port}", "--noreload"]
    proses = _mulai(perintah, log, _env_proses())
    try:
        _tunggu_menerima(port, proses, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=15) as jawaban:
            assert jawaban.status == 200
        _tunggu_ditutup(tiket, proses, log)
        # The closure commits before the job logs its summary: wait for that line before stopping.
        batas = time.monotonic() + 15
        while "Jadwal tutup-otomatis: selesai" not in log.read_text(errors="replace"):
            assert time.monotonic() < batas, log.read_text(errors="replace")
            time.sleep(0.1)
        proses.send_signal(signal.SIGINT)  # Ctrl-C: the server stops, the scheduler thread with it
        proses.wait(timeout=20)
    finally:
        _hentikan(proses)
    isi = log.read_text(errors="replace")
    assert "Jadwal lokal berjalan di proses server" in isi
    assert "Jadwal tutup-otomatis: selesai" in isi
