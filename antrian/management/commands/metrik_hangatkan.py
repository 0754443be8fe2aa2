"""`manage.py metrik_hangatkan`: compute the metrics pages' default views ahead of their viewers
(antrian/selectors/kinerja/hangat.py). Run it every half minute (cron, or Celery beat): nobody then waits
for the default figures at a million tikets. Idempotent: running it again only recomputes."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from antrian.selectors.kinerja.hangat import hangatkan


class Command(BaseCommand):
    help = "Menghitung lebih dulu tampilan bawaan halaman kinerja (90 hari terakhir) untuk setiap cakupan."

    def handle(self, *args: Any, **options: Any) -> None:
        mulai = time.monotonic()
        cakupan, tabel = hangatkan()
        self.stdout.write(
            f"Kinerja: {cakupan} cakupan dan {tabel} tabel petugas dihitung "
            f"({time.monotonic() - mulai:.1f} s)."
        )
