"""Authentication by username, e-mail or phone number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from portal.models import Pengguna
from portal.validators import normalisasi_telepon


class EmailAtauTeleponBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Pengguna | None:
        if username is None or password is None:
            return None
        nilai = username.strip()
        if "@" not in nilai:
            try:
                nilai = normalisasi_telepon(nilai)
            except ValidationError:
                nilai = username.strip()
        try:
            pengguna = Pengguna.objects.get_by_natural_key(nilai)
        except (Pengguna.DoesNotExist, Pengguna.MultipleObjectsReturned):
            # Run the hasher anyway so response time does not reveal which accounts exist.
            Pengguna().set_password(password)
            return None
        if pengguna.check_password(password) and self.user_can_authenticate(pengguna):
            return pengguna
        return None
