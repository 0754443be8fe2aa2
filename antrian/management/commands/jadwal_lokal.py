"""`manage.py jadwal_lokal`: the Celery beat schedule run in this process, for the embedded default.

`make run` runs it in the server's process (`--server`, below), so the demo escalates, auto-closes and
warms the metrics as production does with `celery -A config worker` and `celery -A config beat`. It
reads the same `CELERY_BEAT_SCHEDULE` and runs each entry's task eagerly (`Task.apply`: here, not
through a broker).
At start every job runs once, as beat does after a missed run; then each on its own schedule.
A failing job is logged and tried again at its next time: the loop itself never stops on one. SIGINT or
SIGTERM lets the job that is running finish, then stops; a second signal stops at once.
`--sekali` runs every job once and exits (non-zero if any failed).

`--server HOST:PORT` (what `make run` uses) serves with `runserver` and runs the schedule in a thread of
the serving process. In the embedded default the channel layer and the cache live in one process's
memory: only jobs run there reach the live pages (a notification pushed, a closure shown) and warm the
figures the pages read. The thread is a daemon: when the server stops, a job cut short rolls its
transaction back and the next start does it again (every job is idempotent).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import threading
import time
from argparse import ArgumentParser
from collections.abc import Mapping
from dataclasses import dataclass
from types import FrameType
from typing import Any

from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from config.celery import app

log = logging.getLogger("antrian.jadwal")

# Never sleep longer than this between checks: a schedule whose next time is far off (crontab) is
# looked at again anyway, which keeps the loop responsive to clock changes.
TIDUR_MAKS = 60.0


@dataclass
class Entri:
    nama: str
    tugas: str
    jadwal: BaseSchedule
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    terakhir: dt.datetime | None = None

    def jatuh_tempo(self) -> tuple[bool, float]:
        """(due now, seconds until it should be checked again), as beat asks its schedule."""
        if self.terakhir is None:
            return True, 0.0
        hasil = self.jadwal.is_due(self.terakhir)
        return bool(hasil[0]), float(hasil[1])


def entri_dari(jadwal: Mapping[str, Mapping[str, Any]]) -> list[Entri]:
    """The beat schedule's entries; a number (seconds) or timedelta is an interval, as in beat."""
    return [
        Entri(
            nama=nama,
            tugas=str(isi["task"]),
            jadwal=maybe_schedule(isi["schedule"], app=app),
            args=tuple(isi.get("args", ())),
            kwargs=dict(isi.get("kwargs", {})),
        )
        for nama, isi in jadwal.items()
    ]


def muat_tugas() -> None:
    """Import every task module a worker imports (CELERY_IMPORTS, each app's tasks.py), so every
    scheduled name is known. Not through the worker's loader signal: its Django fixup would set Django
    (and its logging) up a second time."""
    for modul in app.loader.default_modules:
        app.loader.import_task_module(modul)
    app.autodiscover_tasks(force=True)


def _segarkan_koneksi() -> None:
    """Like Celery's worker around each task: a connection that broke (the database restarted) or passed
    CONN_MAX_AGE is not reused by the next run. One inside a transaction (a caller's) is left alone."""
    for koneksi in connections.all(initialized_only=True):
        if not koneksi.in_atomic_block:
            koneksi.close_if_unusable_or_obsolete()


class Penjadwal:
    """Runs the schedule's entries in this process, one at a time."""

    def __init__(self, jadwal: Mapping[str, Mapping[str, Any]]) -> None:
        muat_tugas()
        self.entri = entri_dari(jadwal)

    def jalankan(self, entri: Entri) -> bool:
        """Run one entry now; True if it succeeded. Exceptions are logged, never raised."""
        entri.terakhir = app.now()
        mulai = time.monotonic()
        _segarkan_koneksi()
        try:
            tugas = app.tasks.get(entri.tugas)
            if tugas is None:
                log.error("Jadwal %s: tugas %s tidak terdaftar", entri.nama, entri.tugas)
                return False
            hasil = tugas.apply(args=entri.args, kwargs=entri.kwargs, throw=True).get()
        except Exception:
            log.exception("Jadwal %s: tugas %s gagal", entri.nama, entri.tugas)
            return False
        finally:
            _segarkan_koneksi()
        log.info("Jadwal %s: selesai dalam %.1f s: %s", entri.nama, time.monotonic() - mulai, hasil)
        return True

    def sekali(self) -> dict[str, bool]:
        """Every entry once, in the schedule's order: {name: succeeded}."""
        return {e.nama: self.jalankan(e) for e in self.entri}

    def putar(self, berhenti: threading.Event) -> None:
        """Run the entries when due until `berhenti` is set."""
        while not berhenti.is_set():
            tidur = TIDUR_MAKS
            for entri in self.entri:
                if berhenti.is_set():
                    return
                jatuh, lagi = entri.jatuh_tempo()
                if jatuh:
                    self.jalankan(entri)
                    jatuh, lagi = entri.jatuh_tempo()
                tidur = min(tidur, max(lagi, 0.0))
            berhenti.wait(timeout=max(tidur, 0.05))


class Command(BaseCommand):
    help = "Menjalankan jadwal tugas berkala (CELERY_BEAT_SCHEDULE) di proses ini, tanpa Celery beat."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--sekali", action="store_true", help="Jalankan setiap tugas sekali lalu keluar.")
        parser.add_argument(
            "--server",
            metavar="HOST:PORT",
            help="Layani dengan runserver dan jalankan jadwal di proses server itu (dipakai `make run`).",
        )
        parser.add_argument("--noreload", action="store_true", help="Dengan --server: tanpa autoreloader.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["server"]:
            self._bersama_server(options["server"], muat_ulang=not options["noreload"])
            return
        penjadwal = Penjadwal(settings.CELERY_BEAT_SCHEDULE)
        if options["sekali"]:
            hasil = penjadwal.sekali()
            for nama, berhasil in hasil.items():
                self.stdout.write(f"{nama}: {'berhasil' if berhasil else 'GAGAL'}")
            gagal = [nama for nama, berhasil in hasil.items() if not berhasil]
            if gagal:
                raise CommandError(f"Tugas berkala gagal: {', '.join(gagal)}")
            return
        berhenti = threading.Event()

        def _berhenti(nomor: int, _frame: FrameType | None) -> None:
            log.info("Jadwal lokal: sinyal %s diterima, berhenti setelah tugas yang sedang berjalan", nomor)
            berhenti.set()
            # A second signal is not waited for: SIGINT raises KeyboardInterrupt, SIGTERM ends the process.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

        signal.signal(signal.SIGINT, _berhenti)
        signal.signal(signal.SIGTERM, _berhenti)
        ringkas = ", ".join(f"{e.nama} ({e.jadwal})" for e in penjadwal.entri)
        self.stdout.write(f"Jadwal lokal berjalan: {ringkas}. Hentikan dengan Ctrl-C.")
        self.stdout.flush()
        penjadwal.putar(berhenti)
        self.stdout.write("Jadwal lokal berhenti.")

    def _bersama_server(self, alamat: str, *, muat_ulang: bool) -> None:
        # runserver's autoreloader runs this command again in a child process (RUN_MAIN=true) that
        # serves, while the parent only watches files: the schedule belongs in the child, and restarts
        # with it after a code change.
        if not muat_ulang or os.environ.get("RUN_MAIN") == "true":
            penjadwal = Penjadwal(settings.CELERY_BEAT_SCHEDULE)
            utas = threading.Thread(
                target=penjadwal.putar, args=(threading.Event(),), name="jadwal-lokal", daemon=True
            )
            utas.start()
            log.info("Jadwal lokal berjalan di proses server: %s", ", ".join(e.nama for e in penjadwal.entri))
        call_command("runserver", alamat, use_reloader=muat_ulang)
