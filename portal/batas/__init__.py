"""Abuse limits for every front door: rate limits per IP and per account, the login lock-out, and the
429 answers (HTML, API, Open311). See `portal.batas.inti` for how counting works.

Guest tokens, and why guessing them is hopeless (each is compared in constant time or looked up by hash):

- tracking token (``token_lacak``, `antrian.services.pengajuan`): ``secrets.token_urlsafe(24)``, 24 random
  bytes = **192 bits**, 32 URL-safe characters; only its SHA-256 is stored, and the guess's hash is compared
  with ``hmac.compare_digest`` (`antrian.selectors.tiket.token_cocok`), after the ticket number matched;
- Open311 token (`portal.open311.permintaan`): ``secrets.token_urlsafe(18)`` = **144 bits**; it only maps to
  the public request number, and is looked up by equality in the database;
- Open311 api_key: ``"o311_" + secrets.token_urlsafe(30)`` = **240 bits**, stored and looked up as SHA-256;
- form idempotency keys (`antrian.idempoten.kunci_formulir_baru`): 192 bits, scoped to the session's user.

At the tracking limit (``BATAS_LACAK_GAGAL_IP``, 20 failed lookups per 15 minutes by default) one address
makes about 700,000 guesses a year: against 2**192 tokens for one known number that is nothing.
"""

from __future__ import annotations

from portal.batas.inti import (
    Ditolak,
    Laju,
    akun_dari,
    identitas_daftar,
    ip_klien,
    laju,
    normalkan_identitas,
    pencarian_tiket,
    periksa,
    periksa_permintaan,
    urai_laju,
)
from portal.batas.respons import (
    BatasDrf,
    BatasPengajuan,
    TerlaluSering,
    halaman,
    html,
    lama_tunggu,
    pesan,
    tolak_dengan_halaman,
)

__all__ = [
    "BatasDrf",
    "BatasPengajuan",
    "Ditolak",
    "Laju",
    "TerlaluSering",
    "akun_dari",
    "halaman",
    "html",
    "identitas_daftar",
    "ip_klien",
    "laju",
    "lama_tunggu",
    "normalkan_identitas",
    "pencarian_tiket",
    "periksa",
    "periksa_permintaan",
    "pesan",
    "tolak_dengan_halaman",
    "urai_laju",
]
