"""API keys of Open311 client apps: checking a key and its per-minute rate limit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.batas import inti as batas
from portal.models import AplikasiOpen311
from portal.open311.permintaan import Galat


class BatasTerlampaui(Exception):
    def __init__(self, coba_lagi: int) -> None:
        super().__init__(coba_lagi)
        self.coba_lagi = coba_lagi


def periksa_kunci(kunci: str) -> AplikasiOpen311:
    """The active app owning this key; `Galat` 403 for a missing, unknown or revoked key."""
    if not kunci:
        raise Galat([_("api_key is required.")], status=403)
    aplikasi = AplikasiOpen311.objects.filter(kunci_hash=AplikasiOpen311.hash_kunci(kunci)).first()
    if aplikasi is None:
        raise Galat([_("Invalid api_key.")], status=403)
    if not aplikasi.aktif:
        raise Galat([_("This api_key has been revoked.")], status=403)
    return aplikasi


def hitung(aplikasi: AplikasiOpen311) -> None:
    """Count one request against the app's own limit for the current minute (portal.batas: a fixed window
    in the shared cache, so every web process counts together). Raises `BatasTerlampaui` with the seconds
    to wait."""
    hitungan = batas.tambah("open311_kunci", str(aplikasi.pk), batas.Laju(aplikasi.batas_per_menit, 60))
    if hitungan.jumlah > aplikasi.batas_per_menit:
        raise BatasTerlampaui(max(1, hitungan.coba_lagi))
    # "Last used" to the minute is enough for the admin, and saves a write on every request.
    baru = timezone.now()
    if aplikasi.terakhir_dipakai is None or baru - aplikasi.terakhir_dipakai > dt.timedelta(minutes=1):
        AplikasiOpen311.objects.filter(pk=aplikasi.pk).update(terakhir_dipakai=baru)


KUNCI_DEMO = "demo-open311-key"


def pasang_aplikasi_demo() -> AplikasiOpen311:
    """The demo data's one client app, with a well-known key. Demo only: `muat_demo` is its one caller,
    so no deployment without the demo data has this key."""
    aplikasi, _dibuat = AplikasiOpen311.objects.get_or_create(
        kunci_hash=AplikasiOpen311.hash_kunci(KUNCI_DEMO),
        defaults={"nama": "Demo Open311", "kontak": "demo@tubei.go.id", "awalan": KUNCI_DEMO[:8]},
    )
    return aplikasi
