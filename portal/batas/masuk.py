"""Login lock-out, shared by the login page (/masuk/) and the API token endpoint.

Failed password logins count per ACCOUNT — the username, e-mail or phone being tried, normalised, whether
or not such an account exists (``BATAS_MASUK``, e.g. 5 in 15 minutes) — and per client address, over any
accounts (``BATAS_MASUK_IP``). The failure that reaches either count locks password login for that
account (from every address) or from that address (for every account) for the rule's window. While
locked the password is not even checked, and the answer is the same 429 for an unknown username as for
a real one, so the lock reveals nothing about which accounts exist.

A successful login wipes the account's failures; setting a new password through the reset link unlocks
the account (`buka_kunci_pengguna`); ``manage.py buka_kunci_masuk`` shows and lifts a lock. Each lock
writes a warning log line with the masked identifier.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from portal.batas.inti import (
    Ditolak,
    Hitungan,
    cadangkan,
    ip_klien,
    kembalikan,
    kunci_jendela,
    kunci_subjek,
    laju,
    normalkan_identitas,
    samarkan,
)

log = logging.getLogger("portal.batas")

ATURAN_AKUN = "masuk"
ATURAN_IP = "masuk_ip"


def _kunci_kunci(aturan: str, subjek: str) -> str:
    return kunci_subjek(f"kunci-{aturan}", subjek)


def sisa_kunci(aturan: str, subjek: str) -> int | None:
    """Seconds left on the lock of `subjek` under `aturan`; None when it is not locked."""
    sampai = cache.get(_kunci_kunci(aturan, subjek))
    # The end is the stored time, not the key's expiry, which is only the clean-up (to the second on Redis).
    if sampai is None or float(sampai) <= time.time():
        return None
    return max(1, math.ceil(float(sampai) - time.time()))


def _kunci(aturan: str, subjek: str, jumlah: int, tampil: str) -> None:
    batas = laju(aturan)
    if batas is None:
        return
    # add, not set: concurrent failures never push the end of a lock already running further out.
    if cache.add(_kunci_kunci(aturan, subjek), time.time() + batas.detik, timeout=batas.detik):
        jenis = "account" if aturan == ATURAN_AKUN else "address"
        log.warning(
            "Password login locked for %s %s for %d s after %d failed attempts "
            "(manage.py buka_kunci_masuk lifts it)",
            jenis,
            tampil,
            batas.detik,
            jumlah,
        )


@dataclass
class PercobaanMasuk:
    """One password login attempt whose failure is already reserved; call `berhasil` or `gagal`."""

    identitas: str
    ip: str
    akun: Hitungan | None
    alamat: Hitungan | None

    def berhasil(self) -> None:
        # The account's failures are wiped (it proved its password); the address only gets this one back.
        if self.akun is not None:
            cache.delete(self.akun.kunci)
        if self.alamat is not None:
            kembalikan(self.alamat)

    def gagal(self) -> None:
        batas_akun, batas_ip = laju(ATURAN_AKUN), laju(ATURAN_IP)
        if self.akun is not None and batas_akun is not None and self.akun.jumlah >= batas_akun.jumlah:
            _kunci(ATURAN_AKUN, self.identitas, self.akun.jumlah, samarkan(self.identitas))
        if self.alamat is not None and batas_ip is not None and self.alamat.jumlah >= batas_ip.jumlah:
            _kunci(ATURAN_IP, self.ip, self.alamat.jumlah, self.ip)


def mulai(request: Any, identitas: str) -> PercobaanMasuk:
    """Before checking a password: `Ditolak` while the account or the address is locked (or a burst of
    concurrent attempts used up the count); otherwise the attempt, its failure reserved."""
    nilai, ip = normalkan_identitas(identitas), ip_klien(request)
    for aturan, subjek in ((ATURAN_AKUN, nilai), (ATURAN_IP, ip)):
        sisa = sisa_kunci(aturan, subjek)
        if sisa is not None:
            raise Ditolak(sisa)
    hitungan = cadangkan([(ATURAN_AKUN, nilai), (ATURAN_IP, ip)]).hitungan
    return PercobaanMasuk(nilai, ip, hitungan.get(ATURAN_AKUN), hitungan.get(ATURAN_IP))


def buka_kunci(identitas: str) -> int | None:
    """Lift the lock of one login identifier and forget its failures. Returns the seconds the lock had
    left, None when it was not locked."""
    nilai = normalkan_identitas(identitas)
    sisa = sisa_kunci(ATURAN_AKUN, nilai)
    cache.delete(_kunci_kunci(ATURAN_AKUN, nilai))
    if (batas := laju(ATURAN_AKUN)) is not None:
        cache.delete(kunci_jendela(ATURAN_AKUN, nilai, batas)[0])
    if sisa is not None:
        log.warning("Password login unlocked for account %s", samarkan(nilai))
    return sisa


def buka_kunci_pengguna(pengguna: Any) -> bool:
    """Unlock every identifier of an account (username, e-mail, phone). True when one was locked."""
    nama = [pengguna.get_username(), pengguna.email, getattr(pengguna, "telepon", None)]
    return any([buka_kunci(n) is not None for n in nama if n])


def buka_kunci_ip(ip: str) -> int | None:
    """Lift the lock of one client address (as `ip_klien` names it) and forget its failures."""
    sisa = sisa_kunci(ATURAN_IP, ip)
    cache.delete(_kunci_kunci(ATURAN_IP, ip))
    if (batas := laju(ATURAN_IP)) is not None:
        cache.delete(kunci_jendela(ATURAN_IP, ip, batas)[0])
    if sisa is not None:
        log.warning("Password login unlocked for address %s", ip)
    return sisa
