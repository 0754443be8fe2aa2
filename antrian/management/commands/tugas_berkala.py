"""`manage.py tugas_berkala`: every periodic job in one go (escalation, then auto-close), until the Celery
beat schedule takes over. One job failing does not stop the other; the command then exits non-zero."""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from antrian.management.ringkasan import (
    sekarang_dari,
    tambah_opsi_sekarang,
    teks_eskalasi,
    teks_tutup_otomatis,
)
from antrian.services.eskalasi import eskalasi_jalankan, tiket_tutup_otomatis_jalankan

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Menjalankan semua tugas berkala: eskalasi tenggat dan tutup otomatis tiket selesai."

    def add_arguments(self, parser: ArgumentParser) -> None:
        tambah_opsi_sekarang(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        sekarang = sekarang_dari(options["sekarang"])
        bagian: list[str] = []
        gagal: list[str] = []
        try:
            bagian.append(teks_eskalasi(eskalasi_jalankan(sekarang=sekarang)))
        except Exception:
            log.exception("Tugas berkala: eskalasi gagal")
            gagal.append("periksa_eskalasi")
        try:
            bagian.append(teks_tutup_otomatis(tiket_tutup_otomatis_jalankan(sekarang=sekarang)))
        except Exception:
            log.exception("Tugas berkala: tutup otomatis gagal")
            gagal.append("tutup_otomatis")
        if bagian:
            self.stdout.write(" ".join(bagian))
        if gagal:
            raise CommandError(_("Periodic jobs failed: %(daftar)s.") % {"daftar": ", ".join(gagal)})
