"""`manage.py tutup_otomatis`: close tikets completed HARI_BUKA_KEMBALI working days ago with no reply.

Idempotent: run it as often as the scheduler likes (once a night is enough).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from antrian.management.ringkasan import sekarang_dari, tambah_opsi_sekarang, teks_tutup_otomatis
from antrian.services.eskalasi import tiket_tutup_otomatis_jalankan


class Command(BaseCommand):
    help = "Menutup tiket selesai yang tidak mendapat balasan warga dalam HARI_BUKA_KEMBALI hari kerja."

    def add_arguments(self, parser: ArgumentParser) -> None:
        tambah_opsi_sekarang(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        jumlah = tiket_tutup_otomatis_jalankan(sekarang=sekarang_dari(options["sekarang"]))
        self.stdout.write(teks_tutup_otomatis(jumlah))
