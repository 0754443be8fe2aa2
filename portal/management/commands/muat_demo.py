"""`manage.py muat_demo`: load the demo Tubei (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.demo.muat import KATA_SANDI_DEMO, muat_demo


class Command(BaseCommand):
    help = "Memuat data demo Tubei: unit, petugas, katalog layanan, kategori keluhan, warga dan tiket."

    def handle(self, *args: Any, **options: Any) -> None:
        laporan = muat_demo()
        self.stdout.write(self.style.SUCCESS("Data demo SIGAP Tubei siap."))
        self.stdout.write(f"Kata sandi semua akun demo: {KATA_SANDI_DEMO}")
        for username, peran in laporan.login:
            self.stdout.write(f"  {username:<20} {peran}")
        if laporan.tiket:
            ringkas = ", ".join(f"{status}: {n}" for status, n in sorted(laporan.tiket.items()))
            self.stdout.write(f"Tiket demo: {ringkas}")
