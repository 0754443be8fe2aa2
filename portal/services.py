"""Account writes: citizen registration and API token login."""

from __future__ import annotations

import secrets

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from antrian.exceptions import DataTidakValid
from antrian.izin import GRUP_WARGA
from portal.models import Pengguna
from portal.validators import normalisasi_telepon, validasi_nik


def _bersihkan(*, email: str, telepon: str, nik: str, rincian: dict[str, list[str]]) -> tuple[str, str, str]:
    email = (email or "").strip().lower()
    telepon = (telepon or "").strip()
    nik = (nik or "").strip()
    if telepon:
        try:
            telepon = normalisasi_telepon(telepon)
        except ValidationError as exc:
            rincian.setdefault("telepon", []).extend(exc.messages)
    if nik:
        try:
            validasi_nik(nik)
        except ValidationError as exc:
            rincian.setdefault("nik", []).extend(exc.messages)
    if not email and not telepon and "telepon" not in rincian:
        rincian.setdefault("non_field_errors", []).append(
            _("Fill in an email address or phone number (one of them is required).")
        )
    return email, telepon, nik


def _periksa_ganda(*, email: str, telepon: str, nik: str, rincian: dict[str, list[str]]) -> None:
    if email and Pengguna.objects.filter(email__iexact=email).exists():
        rincian.setdefault("email", []).append(_("This email address is already registered. Please log in."))
    if telepon and "telepon" not in rincian and Pengguna.objects.filter(telepon=telepon).exists():
        rincian.setdefault("telepon", []).append(_("This phone number is already registered. Please log in."))
    if nik and "nik" not in rincian and Pengguna.objects.filter(nik=nik).exists():
        rincian.setdefault("nik", []).append(_("This NIK is already registered to another account."))


def pengguna_daftar(
    *, nama_lengkap: str, password: str, email: str = "", telepon: str = "", nik: str = ""
) -> Pengguna:
    """Register a citizen account (group `warga`). E-mail or phone is required; NIK is optional."""
    rincian: dict[str, list[str]] = {}
    email, telepon, nik = _bersihkan(email=email, telepon=telepon, nik=nik, rincian=rincian)
    _periksa_ganda(email=email, telepon=telepon, nik=nik, rincian=rincian)
    # The username is internal: citizens log in with their e-mail or phone number.
    pengguna = Pengguna(
        username=f"w{secrets.token_hex(8)}",
        nama_lengkap=(nama_lengkap or "").strip(),
        email=email or None,
        telepon=telepon or None,
        nik=nik or None,
    )
    try:
        validate_password(password, user=pengguna)
    except ValidationError as exc:
        rincian.setdefault("password", []).extend(exc.messages)
    if rincian:
        raise DataTidakValid(rincian=rincian)
    pengguna.set_password(password)
    try:
        with transaction.atomic():
            pengguna.save()
            pengguna.groups.add(Group.objects.get_or_create(name=GRUP_WARGA)[0])
    except IntegrityError as exc:
        # Two registrations with the same e-mail raced past the check above; the unique index decided.
        raise DataTidakValid(
            rincian={
                "non_field_errors": [_("This email address, phone number or NIK is already registered.")]
            }
        ) from exc
    return pengguna


def token_masuk(*, request: HttpRequest | None, identitas: str, password: str) -> Token:
    """Log in by username, e-mail or phone and return the account's API token."""
    pengguna = authenticate(request, username=identitas, password=password)
    if pengguna is None:
        pesan = _("Wrong email/phone or password.")
        raise DataTidakValid(pesan, rincian={"non_field_errors": [pesan]})
    with transaction.atomic():
        token, _dibuat = Token.objects.get_or_create(user=pengguna)
    return token
