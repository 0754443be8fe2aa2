"""`manage.py metrik_bangun_ulang`: recompute the metrics summary from the event log and prove it matches.

Without options it only checks: every tiket's row is recomputed by the independent route
(`antrian.metrik.rujukan`) and compared field by field with the stored one; the command exits non-zero
and lists the first differences when any row differs or is missing. `--perbaiki` rewrites the differing
rows (each batch under the tikets' row locks, so no event is folded in meanwhile) and checks again.
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from antrian.metrik import rujukan
from antrian.models import MetrikTiket, Tiket


class Command(BaseCommand):
    help = "Menghitung ulang ringkasan metrik dari log peristiwa dan membuktikan isinya sama."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--perbaiki", action="store_true", help="Tulis ulang baris yang berbeda.")
        parser.add_argument("--batch", type=int, default=2000, help="Tiket per batch (bawaan 2000).")
        parser.add_argument("--contoh", type=int, default=10, help="Jumlah perbedaan yang ditampilkan.")

    def handle(self, *args: Any, **options: Any) -> None:
        mulai = time.monotonic()
        diperiksa, berbeda = self._periksa(options["batch"], options["contoh"], perbaiki=options["perbaiki"])
        detik = time.monotonic() - mulai
        if berbeda and options["perbaiki"]:
            self.stdout.write(f"{berbeda} baris ditulis ulang; memeriksa sekali lagi…")
            diperiksa, berbeda = self._periksa(options["batch"], options["contoh"], perbaiki=False)
        if berbeda:
            raise CommandError(
                f"{berbeda} dari {diperiksa} baris ringkasan metrik tidak sama dengan log peristiwa."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Ringkasan metrik sama dengan log peristiwa: {diperiksa} tiket diperiksa ({detik:.1f} s)."
            )
        )

    def _periksa(self, batch: int, contoh: int, *, perbaiki: bool) -> tuple[int, int]:
        diperiksa = berbeda = 0
        for baris in rujukan.hitung_semua(ukuran_batch=batch):
            diperiksa += len(baris)
            salah = list(rujukan.bandingkan(baris))
            for m, _, medan in salah[: max(0, contoh - berbeda)]:
                self.stdout.write(f"  tiket {m.tiket_id}: berbeda pada {', '.join(medan)}")
            berbeda += len(salah)
            if perbaiki and salah:
                self._tulis_ulang([m.tiket_id for m, _, _ in salah])
            if diperiksa % (batch * 50) < batch:
                self.stderr.write(f"  {diperiksa} tiket…")
                sys.stderr.flush()
        return diperiksa, berbeda

    def _tulis_ulang(self, tiket_ids: list[int]) -> None:
        with transaction.atomic():
            # Lock the tikets as every service does before writing an event: the rows written here
            # cannot miss an event folded in concurrently.
            list(Tiket.objects.select_for_update().filter(pk__in=tiket_ids).values_list("pk", flat=True))
            baru = [rujukan.hitung_tiket(pk) for pk in tiket_ids]
            MetrikTiket.objects.filter(pk__in=tiket_ids).delete()
            MetrikTiket.objects.bulk_create(baru)
