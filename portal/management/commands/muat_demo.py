"""`manage.py muat_demo`: load the demo Tubei (idempotent) and print the demo logins.

`--tikets N` then adds a large history of N tikets over the last `--hari` days (portal.demo.sejarah):
once; a second run refuses unless `--tambah` asks for N more.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from portal.demo.muat import KATA_SANDI_DEMO, muat_demo
from portal.demo.sejarah import SejarahSudahAda, muat_sejarah


class Command(BaseCommand):
    help = "Memuat data demo Tubei: unit, petugas, katalog layanan, kategori keluhan, warga dan tiket."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--tikets", type=int, default=0, help="Tambahkan riwayat N tiket (bawaan: tidak)."
        )
        parser.add_argument("--hari", type=int, default=365, help="Riwayat tersebar atas N hari terakhir.")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak (hasil sama untuk benih sama).")
        parser.add_argument(
            "--tambah", action="store_true", help="Tambahkan riwayat walau sudah pernah dimuat."
        )
        parser.add_argument(
            "--bila-belum",
            action="store_true",
            help="Muat riwayat hanya bila belum ada; bila sudah ada, lewati tanpa galat (untuk `make run`).",
        )
        parser.add_argument("--batch", type=int, default=5000, help="Tiket per transaksi (bawaan 5000).")
        parser.add_argument(
            "--metode",
            choices=["auto", "copy", "orm"],
            default="auto",
            help="Cara menulis: COPY (PostgreSQL) atau bulk_create; auto memilih COPY di PostgreSQL.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tikets"] < 0 or options["hari"] < 1 or options["batch"] < 1:
            raise CommandError("--tikets tidak boleh negatif; --hari dan --batch paling sedikit 1.")
        laporan = muat_demo()
        self.stdout.write(self.style.SUCCESS("Data demo SIGAP Tubei siap."))
        self.stdout.write(f"Kata sandi semua akun demo: {KATA_SANDI_DEMO}")
        for username, peran in laporan.login:
            self.stdout.write(f"  {username:<20} {peran}")
        if laporan.tiket:
            ringkas = ", ".join(f"{status}: {n}" for status, n in sorted(laporan.tiket.items()))
            self.stdout.write(f"Tiket demo: {ringkas}")
        if options["tikets"]:
            self._sejarah(options)

    def _sejarah(self, options: dict[str, Any]) -> None:
        try:
            r = muat_sejarah(
                jumlah=options["tikets"],
                hari=options["hari"],
                benih=options["seed"],
                tambah=options["tambah"],
                ukuran_batch=options["batch"],
                metode=options["metode"],
                # The raw stream: OutputWrapper would end every redraw of the bar with a newline.
                keluaran=cast(TextIO, self.stderr._out),
            )
        except SejarahSudahAda as exc:
            if options["bila_belum"]:
                self.stdout.write("Riwayat demo sudah ada; tidak dimuat lagi.")
                return
            raise CommandError(
                "Riwayat demo sudah pernah dimuat. Pakai --tambah untuk menambah tiket lagi."
            ) from exc
        per_status = ", ".join(f"{s}: {n:,}" for s, n in r.per_status.most_common())
        self.stdout.write(
            self.style.SUCCESS(f"Riwayat {r.tiket:,} tiket dimuat dalam {r.detik:.1f} s ({r.metode}).")
        )
        self.stdout.write(f"Per status: {per_status}")
        detik = max(r.detik, 1e-9)
        self.stdout.write(
            f"{r.baris:,} baris, {r.baris / detik:,.0f} baris/s, {r.tiket / detik:,.0f} tiket/s."
        )
