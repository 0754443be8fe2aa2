"""Accounts: one user model for citizens, officers, managers and admins."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.validators import samarkan_nik, validasi_nik


class PenggunaManager(UserManager["Pengguna"]):
    def get_by_natural_key(self, username: str | None) -> Pengguna:
        # Log in by username, e-mail or phone number (the citizen types whichever they registered).
        nilai = (username or "").strip()
        return self.get(Q(username=nilai) | Q(email__iexact=nilai) | Q(telepon=nilai))


class Pengguna(AbstractUser):
    """A person who logs in. Citizens register with e-mail or phone; NIK is optional and never shown whole."""

    email = models.EmailField(_("email"), blank=True, null=True, unique=True)  # type: ignore[assignment]
    telepon = models.CharField(_("phone"), max_length=20, blank=True, null=True, unique=True)
    nama_lengkap = models.CharField(_("full name"), max_length=150, blank=True)
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True, null=True, unique=True, validators=[validasi_nik]
    )

    objects: ClassVar[PenggunaManager] = PenggunaManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.nama_lengkap or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Unique but optional: an empty value is stored as NULL so many accounts may lack it.
        self.email = (self.email or "").strip().lower() or None
        self.telepon = self.telepon or None
        self.nik = self.nik or None
        super().save(*args, **kwargs)

    @property
    def nik_tersamar(self) -> str:
        return samarkan_nik(self.nik)

    @property
    def nama_tampil(self) -> str:
        return self.nama_lengkap or self.get_full_name() or self.username
