"""`manage.py periksa_eskalasi`: notify supervisors of tikets nearly due, overdue or not assigned in time.

Idempotent: run it as often as the scheduler likes (every 15 minutes is plenty).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from antrian.management.ringkasan import sekarang_dari, tambah_opsi_sekarang, teks_eskalasi
from antrian.services.eskalasi import eskalasi_jalankan


class Command(BaseCommand):
    help = "Mengirim notifikasi eskalasi tiket yang hampir jatuh tempo, terlambat, atau belum ditugaskan."

    def add_arguments(self, parser: ArgumentParser) -> None:
        tambah_opsi_sekarang(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        ringkasan = eskalasi_jalankan(sekarang=sekarang_dari(options["sekarang"]))
        self.stdout.write(teks_eskalasi(ringkasan))
