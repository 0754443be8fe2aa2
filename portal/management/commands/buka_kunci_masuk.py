"""`manage.py buka_kunci_masuk <identitas>...`: lift the login lock-out of accounts or client addresses.

An identifier is a username, e-mail or phone number. When it names an account, every identifier of that
account is unlocked; otherwise the identifier as typed (a lock on a name nobody has is a lock too, so a
locked login never tells whether the account exists). `--ip` unlocks client addresses instead. Each
unlock is logged. The lock-out itself: `portal.batas.masuk`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from portal.batas import masuk as batas_masuk
from portal.batas.respons import lama_tunggu
from portal.models import Pengguna


class Command(BaseCommand):
    help = "Membuka kunci masuk (terlalu banyak sandi salah) untuk akun atau alamat IP."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("identitas", nargs="+", help="Nama pengguna, e-mail atau nomor telepon.")
        parser.add_argument("--ip", action="store_true", help="Yang diberikan adalah alamat IP klien.")

    def handle(self, *args: Any, **opsi: Any) -> None:
        for nilai in opsi["identitas"]:
            sisa = batas_masuk.buka_kunci_ip(nilai) if opsi["ip"] else self._buka_akun(nilai)
            if sisa is None:
                self.stdout.write(f"{nilai}: tidak terkunci (hitungan gagal dihapus).")
            else:
                self.stdout.write(self.style.SUCCESS(f"{nilai}: kunci dibuka (tersisa {lama_tunggu(sisa)})."))

    def _buka_akun(self, nilai: str) -> int | None:
        try:
            pengguna = Pengguna.objects.get_by_natural_key(nilai)
        except (Pengguna.DoesNotExist, Pengguna.MultipleObjectsReturned):
            return batas_masuk.buka_kunci(nilai)
        sisa = [
            s
            for n in (pengguna.get_username(), pengguna.email, pengguna.telepon, nilai)
            if n and (s := batas_masuk.buka_kunci(n)) is not None
        ]
        return max(sisa) if sisa else None
