"""`manage.py hapus_data_warga <username|email|phone>`: delete a citizen's account on their written
request (UU 27/2022), as the admin; the same service as the citizen's own button."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from antrian.exceptions import KesalahanDomain
from portal import data_pribadi
from portal.models import Pengguna


class Command(BaseCommand):
    help = "Delete a citizen's account and remove their identity from their tickets (UU 27/2022)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identitas", help="username, e-mail address or phone number of the citizen")
        parser.add_argument("--oleh", help="username of the admin acting (recorded in the audit log)")

    def handle(self, *args: Any, identitas: str, oleh: str | None = None, **opsi: Any) -> None:
        try:
            pengguna = Pengguna.objects.get_by_natural_key(identitas)
        except (Pengguna.DoesNotExist, Pengguna.MultipleObjectsReturned) as exc:
            raise CommandError(f"Akun {identitas!r} tidak ditemukan.") from exc
        admin = None
        if oleh:
            admin = Pengguna.objects.filter(username=oleh, is_staff=True).first()
            if admin is None:
                raise CommandError(f"Admin {oleh!r} tidak ditemukan.")
        try:
            hasil = data_pribadi.akun_hapus(pengguna=pengguna, password=None, oleh=admin)
        except KesalahanDomain as exc:
            rincian = exc.rincian.get("tiket_terbuka")
            tambahan = f" Tiket terbuka: {', '.join(rincian)}" if rincian else ""
            raise CommandError(f"{exc.pesan}{tambahan}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Akun #{pengguna.pk} dihapus: {hasil.tiket} tiket dianonimkan, {hasil.berkas} berkas "
                f"dihapus, {hasil.pesan_dibatalkan} pesan dibatalkan."
            )
        )
