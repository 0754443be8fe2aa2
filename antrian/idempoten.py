"""`Idempotency-Key` on submissions: a retried submit returns the first tiket instead of a duplicate.

The first response is remembered (including a guest's tracking token, which the client may never have
received if the connection dropped) for `IDEMPOTEN_JAM` hours. A key reused with a different request
body is a conflict, not a silent replay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request

from antrian.exceptions import DataTidakValid, Konflik
from antrian.models import KunciIdempoten, Tiket

HEADER = "Idempotency-Key"


def _kunci_sah(nilai: str | None, *, medan: str) -> str | None:
    kunci = (nilai or "").strip()
    if not kunci:
        return None
    if len(kunci) > 100 or not kunci.isprintable():
        raise DataTidakValid(
            rincian={medan: [_("Idempotency-Key must be at most 100 printable characters.")]}
        )
    return kunci


def kunci_dari(request: Request) -> str | None:
    return _kunci_sah(request.headers.get(HEADER), medan=HEADER)


def _cakupan_pengguna(pengguna: Any) -> str:
    return f"pengguna:{pengguna.pk}" if getattr(pengguna, "is_authenticated", False) else "tamu"


def cakupan_dari(request: Request) -> str:
    return _cakupan_pengguna(request.user)


def sidik_permintaan(request: Request) -> str:
    """A fingerprint of the request: its fields and the names and sizes of its files."""
    data = {
        k: request.data.getlist(k) if hasattr(request.data, "getlist") else request.data[k]
        for k in sorted(request.data.keys())
        if k not in request.FILES
    }
    berkas = {k: [(f.name, f.size) for f in request.FILES.getlist(k)] for k in sorted(request.FILES.keys())}
    mentah = json.dumps({"data": data, "berkas": berkas}, sort_keys=True, default=str)
    return hashlib.sha256(mentah.encode()).hexdigest()


def _cari(cakupan: str, kunci: str, sidik: str) -> dict[str, Any] | None:
    # One read whatever the key's age ((cakupan, kunci) is unique): an expired key is deleted here, so a
    # new submission costs no separate DELETE transaction (benchmarks/load_tunggal.py counts queries).
    ada = KunciIdempoten.objects.filter(cakupan=cakupan, kunci=kunci).first()
    if ada is None:
        return None
    if ada.dibuat_pada < timezone.now() - dt.timedelta(hours=settings.IDEMPOTEN_JAM):
        # Expired: it makes room for the new request under the same key.
        KunciIdempoten.objects.filter(pk=ada.pk).delete()
        return None
    if ada.sidik != sidik:
        raise Konflik(_("This Idempotency-Key was already used for a different request."))
    return ada.respons


def _sekali(
    *, cakupan: str, kunci: str, sidik: str, buat: Callable[[], tuple[Tiket, dict[str, Any]]]
) -> tuple[dict[str, Any], bool]:
    lama = _cari(cakupan, kunci, sidik)
    if lama is not None:
        return lama, False
    try:
        with transaction.atomic():
            tiket, respons = buat()
            KunciIdempoten.objects.create(
                cakupan=cakupan, kunci=kunci, sidik=sidik, tiket=tiket, respons=respons
            )
    except IntegrityError:
        # A double click raced us: the other request committed first, its tiket stands, ours rolled back.
        lama = _cari(cakupan, kunci, sidik)
        if lama is None:
            raise
        return lama, False
    return respons, True


def jalankan_sekali(
    request: Request, buat: Callable[[], tuple[Tiket, dict[str, Any]]], *, cakupan: str | None = None
) -> tuple[dict[str, Any], bool]:
    """Run `buat` (which creates the tiket and returns it with the response body) at most once per key.
    Returns (body, created). `cakupan` overrides the key's scope: an anonymous complaint passes "tamu" so
    the remembered key does not tie the tiket to the logged-in user who filed it."""
    kunci = kunci_dari(request)
    if kunci is None:
        with transaction.atomic():
            return buat()[1], True
    return _sekali(
        cakupan=cakupan or cakupan_dari(request),
        kunci=kunci,
        sidik=sidik_permintaan(request),
        buat=buat,
    )


# --- HTML forms ---------------------------------------------------------------------------------------
# A form carries its key in a hidden field (MEDAN_FORMULIR) generated when the page was rendered, so a
# double click or a resent POST files one tiket. The fingerprint is the caller's: a one-page form hashes
# its fields and files (`sidik_formulir`); a wizard whose key belongs to one server-side draft may use a
# constant per draft, so a resubmission after the draft was consumed still finds the first tiket.

MEDAN_FORMULIR = "kunci_idempoten"


def kunci_formulir_baru() -> str:
    return secrets.token_urlsafe(24)


def sidik_formulir(data: Mapping[str, Any], berkas: Mapping[str, Any] | None = None) -> str:
    """Fingerprint of a POSTed form: its fields (without the CSRF token) and its files' names and sizes."""
    abaikan = {"csrfmiddlewaretoken", MEDAN_FORMULIR}
    isi = {
        k: data.getlist(k) if hasattr(data, "getlist") else data[k]  # type: ignore[attr-defined]
        for k in sorted(data.keys())
        if k not in abaikan
    }
    daftar_berkas: dict[str, Any] = {}
    berkas = berkas or {}
    for k in sorted(berkas.keys()):
        semua = berkas.getlist(k) if hasattr(berkas, "getlist") else [berkas[k]]
        daftar_berkas[k] = [(f.name, f.size) for f in semua]
    mentah = json.dumps({"data": isi, "berkas": daftar_berkas}, sort_keys=True, default=str)
    return hashlib.sha256(mentah.encode()).hexdigest()


def jalankan_sekali_formulir(
    *,
    pengguna: Any,
    kunci: str | None,
    sidik: str,
    buat: Callable[[], tuple[Tiket, dict[str, Any]]],
    cakupan: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """`jalankan_sekali` for an HTML form: the key comes from the form's hidden field, the fingerprint
    from the caller. Same storage, scopes and conflict rule as the API."""
    kunci = _kunci_sah(kunci, medan=MEDAN_FORMULIR)
    if kunci is None:
        with transaction.atomic():
            return buat()[1], True
    return _sekali(cakupan=cakupan or _cakupan_pengguna(pengguna), kunci=kunci, sidik=sidik, buat=buat)


def respons_pengajuan(tiket: Tiket, token_lacak: str) -> dict[str, Any]:
    """The body every submission returns (permohonan and keluhan alike)."""
    return {
        "nomor": tiket.nomor,
        "jenis": tiket.jenis,
        "status": tiket.status,
        "unit": tiket.unit.nama,
        "diajukan_pada": timezone.localtime(tiket.diajukan_pada).isoformat(),
        "tenggat": timezone.localtime(tiket.tenggat).isoformat() if tiket.tenggat else None,
        "token_lacak": token_lacak,
        "tautan_lacak": f"{settings.SITE_URL}/lacak/{tiket.nomor}/?token={token_lacak}",
        "versi": tiket.versi,
    }
