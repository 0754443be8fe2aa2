"""Abuse limits: one rate limiter for every front door (HTML pages, the API, Open311), in the shared cache.

Each limit is a rule named in ``settings.BATAS`` as ``"<count>/<window>"`` (``"5/15m"``, ``"30/hour"``;
an empty string turns it off). By convention ``<x>`` counts per account and ``<x>_ip`` per client address
(`ip_klien`), so every endpoint checks both: ``periksa_permintaan(request, "daftar", akun=email)``.

Counting is a fixed window aligned to the clock: one cache key per rule, subject and window, created with
``cache.add`` (atomic "set if absent", with the window's remaining time as its expiry) and counted with
``cache.incr`` (atomic on Redis and within a locmem process); on Redis both are one MULTI round trip
(INCR, then EXPIRE NX: `CacheTahanGangguan.hitung_jendela`). So across any number of processes sharing
Redis exactly ``count`` hits pass per window; ``Retry-After`` is the time until the window ends. A fixed
window lets up to twice the count through around a window boundary; the login lock-out
(`portal.batas.masuk`) does not have that edge: a lock is its own key, alive for the whole lock duration.

Failed attempts (a password, a tracking number with its token) are counted strictly by *reserving* a
failure before the attempt and giving it back when the attempt succeeds, so even a burst of concurrent
guesses gets no more than ``count`` tries checked (`Cadangan`, `PercobaanMasuk`).

Subjects (addresses, e-mails, phone numbers) are hashed into the keys: Redis never holds them in clear.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest
from rest_framework.request import Request

from antrian.exceptions import TidakDitemukan
from portal.validators import normalisasi_telepon

_SATUAN = {
    **dict.fromkeys(("s", "sec", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
}
_LAJU = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Laju:
    """At most `jumlah` hits per `detik` seconds."""

    jumlah: int
    detik: int


@functools.lru_cache(maxsize=128)
def urai_laju(teks: str) -> Laju | None:
    """``"5/15m"`` -> Laju(5, 900); DRF's ``"30/hour"`` works too; ``""`` -> None (no limit).
    Parsed once per distinct string; a malformed one is refused loudly, never passed silently."""
    if not teks.strip():
        return None
    cocok = _LAJU.match(teks.lower())
    if cocok is None or cocok.group(3) not in _SATUAN or int(cocok.group(1)) < 1:
        raise ImproperlyConfigured(
            f"Batas laju {teks!r} tidak sah: tulis '<jumlah>/<jendela>', mis. '5/15m'."
        )
    detik = int(cocok.group(2) or 1) * _SATUAN[cocok.group(3)]
    if detik < 1:
        raise ImproperlyConfigured(f"Batas laju {teks!r} tidak sah: jendela harus lebih dari 0.")
    return Laju(int(cocok.group(1)), detik)


def laju(nama: str) -> Laju | None:
    """The rule `nama` from ``settings.BATAS``; an unknown name is a programming error."""
    return urai_laju(settings.BATAS[nama])


# --- who is asking ---------------------------------------------------------------------------------------


def ip_klien(request: HttpRequest | Request) -> str:
    """The client's address. With ``PROXY_TERPERCAYA = 0`` REMOTE_ADDR, whatever X-Forwarded-For says (any
    client can write that header). With N trusted proxies, the N-th address from the right of
    X-Forwarded-For: each proxy appends the address it was connected from, so entries further left are
    the client's to invent. IPv6 clients count per /64, the block one subscriber gets."""
    meta = request.META
    alamat = meta.get("REMOTE_ADDR", "")
    proksi = settings.PROXY_TERPERCAYA
    if proksi > 0:
        rantai = [x.strip() for x in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if x.strip()]
        if rantai:
            alamat = rantai[-min(proksi, len(rantai))]
    try:
        ip = ipaddress.ip_address(alamat)
    except ValueError:
        return alamat[:64] or "tanpa-alamat"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def akun_dari(request: HttpRequest | Request) -> str | None:
    """The logged-in account as a rate-limit subject; None for a guest."""
    pengguna = getattr(request, "user", None)
    return f"pengguna:{pengguna.pk}" if pengguna is not None and pengguna.is_authenticated else None


def normalkan_identitas(nilai: str) -> str:
    """What a login form was given, as one spelling: phone numbers as +62…, the rest case-folded."""
    nilai = (nilai or "").strip()
    if nilai and "@" not in nilai:
        try:
            return normalisasi_telepon(nilai)
        except ValidationError:
            pass
    return nilai.casefold()


def identitas_daftar(email: str | None, telepon: str | None) -> str | None:
    """Who a registration is for, as a rate-limit subject: the e-mail, else the phone; None if neither."""
    return normalkan_identitas(email or telepon or "") or None


def samarkan(nilai: str) -> str:
    """A subject for a log line: its first character and a short hash, enough to match a complaint."""
    return f"{nilai[:1]}***#{hashlib.sha256(nilai.encode()).hexdigest()[:8]}"


# --- counting --------------------------------------------------------------------------------------------


class Ditolak(Exception):
    """Over a limit: try again after `coba_lagi` seconds."""

    def __init__(self, coba_lagi: int) -> None:
        super().__init__(coba_lagi)
        self.coba_lagi = max(1, coba_lagi)


def kunci_subjek(nama: str, subjek: str) -> str:
    return f"batas:{nama}:{hashlib.sha256(subjek.encode()).hexdigest()[:32]}"


@dataclass
class Hitungan:
    kunci: str  # the window's cache key
    jumlah: int  # hits so far in this window, this one included
    coba_lagi: int  # seconds until the window ends


def kunci_jendela(nama: str, subjek: str, batas: Laju) -> tuple[str, float]:
    """The cache key of the current window of (`nama`, `subjek`) and the seconds left in the window."""
    sekarang = time.time()
    jendela = int(sekarang // batas.detik)
    return f"{kunci_subjek(nama, subjek)}:{jendela}", (jendela + 1) * batas.detik - sekarang


def tambah(nama: str, subjek: str, batas: Laju) -> Hitungan:
    """Count one hit of `subjek` against rule `nama` in the current window (atomic across processes)."""
    kunci, sisa = kunci_jendela(nama, subjek, batas)
    hitung = getattr(cache, "hitung_jendela", None)
    if hitung is not None:
        # The Redis cache (config.cache_tahan): one round trip instead of add + incr.
        return Hitungan(kunci, hitung(kunci, math.ceil(sisa) + 1), math.ceil(sisa))
    # The key outlives its window by a second, so it never expires between add and incr.
    for _percobaan in range(3):
        cache.add(kunci, 0, timeout=math.ceil(sisa) + 1)
        try:
            return Hitungan(kunci, int(cache.incr(kunci)), math.ceil(sisa))
        except ValueError:  # evicted between add and incr (a full cache): add again
            continue
    return Hitungan(kunci, 1, math.ceil(sisa))  # the cache keeps nothing: never refuse because of it


def kembalikan(hitungan: Hitungan) -> None:
    """Give back a reserved hit (the attempt turned out fine)."""
    with contextlib.suppress(ValueError):  # the window is over: nothing to give back
        cache.decr(hitungan.kunci)


def periksa(nama: str, subjek: str) -> Hitungan | None:
    """Count one hit; `Ditolak` once the rule's count is exceeded. None when the rule is off."""
    batas = laju(nama)
    if batas is None:
        return None
    hitungan = tambah(nama, subjek, batas)
    if hitungan.jumlah > batas.jumlah:
        raise Ditolak(hitungan.coba_lagi)
    return hitungan


def periksa_permintaan(request: HttpRequest | Request, nama: str, *, akun: str | None = None) -> None:
    """The rule's per-IP limit (``<nama>_ip``) and, given an account, its per-account one (``<nama>``)."""
    if f"{nama}_ip" in settings.BATAS:
        periksa(f"{nama}_ip", ip_klien(request))
    if akun:
        periksa(nama, akun)


@dataclass
class Cadangan:
    """Failures reserved before an attempt (see the module docstring), by rule; `lepas` gives them back."""

    hitungan: dict[str, Hitungan] = field(default_factory=dict)

    def lepas(self) -> None:
        for h in self.hitungan.values():
            kembalikan(h)
        self.hitungan.clear()


def cadangkan(aturan: list[tuple[str, str]]) -> Cadangan:
    """Reserve one failure per (rule, subject); `Ditolak` when any of them is already used up."""
    cadangan = Cadangan()
    for nama, subjek in aturan:
        try:
            h = periksa(nama, subjek)
        except Ditolak:
            cadangan.lepas()  # the others were not tried: give them back, the refusal counts once
            raise
        if h is not None:
            cadangan.hitungan[nama] = h
    return cadangan


@contextmanager
def pencarian_tiket(request: HttpRequest) -> Iterator[None]:
    """A tracking lookup by number (+ token): every lookup counts loosely per IP (``lacak_ip``); a failed
    one (a `TidakDitemukan` leaving the block) strictly per IP and per account (``lacak_gagal``)."""
    periksa("lacak_ip", ip_klien(request))
    aturan = [("lacak_gagal_ip", ip_klien(request))]
    if akun := akun_dari(request):
        aturan.append(("lacak_gagal", akun))
    cadangan = cadangkan(aturan)
    try:
        yield
    except TidakDitemukan:
        raise  # the reserved failures stay counted
    except BaseException:
        cadangan.lepas()  # not a failed guess (e.g. a database error): nothing to count
        raise
    cadangan.lepas()


# A malformed limit in the environment fails when this module loads (with the URLs, so at start-up and in
# `manage.py check`), not on the first request that needs it.
for _teks in settings.BATAS.values():
    urai_laju(_teks)
