"""Accounts: one user model for citizens, officers, managers and admins."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator
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


def _batas_per_menit_bawaan() -> int:
    from django.conf import settings

    return int(settings.OPEN311_BATAS_PER_MENIT)


class AplikasiOpen311(models.Model):
    """A client application of the Open311 GeoReport v2 API, with its own revocable key.

    Only the SHA-256 of the key is stored: the admin shows the key once, when the app is created. The
    prefix identifies a key in lists and logs without revealing it."""

    nama = models.CharField(_("name"), max_length=150)
    kontak = models.CharField(_("contact"), max_length=254, help_text=_("Who to call about this client."))
    kunci_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    awalan = models.CharField(_("key prefix"), max_length=8, editable=False)
    aktif = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the key."))
    dibuat_pada = models.DateTimeField(_("created at"), auto_now_add=True)
    terakhir_dipakai = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    batas_per_menit = models.PositiveIntegerField(
        _("requests per minute"), default=_batas_per_menit_bawaan, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["nama"]
        verbose_name = _("Open311 client application")
        verbose_name_plural = _("Open311 client applications")

    def __str__(self) -> str:
        return f"{self.nama} ({self.awalan}…)"

    @staticmethod
    def hash_kunci(kunci: str) -> str:
        return hashlib.sha256(kunci.encode()).hexdigest()

    def pasang_kunci(self, kunci: str) -> None:
        self.kunci_hash = self.hash_kunci(kunci)
        self.awalan = kunci[:8]

    def kunci_baru(self) -> str:
        """Give the app a fresh random key and return it (the only time it is readable)."""
        kunci = "o311_" + secrets.token_urlsafe(30)
        self.pasang_kunci(kunci)
        return kunci


class PermintaanOpen311(models.Model):
    """What an Open311 client sent with a request that the tiket does not hold: the app, the public
    token, the location of a permohonan, the client's own identifiers and the description."""

    tiket = models.OneToOneField(
        "antrian.Tiket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="open311"
    )
    aplikasi = models.ForeignKey(
        AplikasiOpen311, verbose_name=_("application"), on_delete=models.PROTECT, related_name="permintaan"
    )
    # Public: it only leads to the request number (Open311 `tokens/`), never to the tracking page.
    token = models.CharField(_("token"), max_length=64, unique=True)
    lintang = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    bujur = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    alamat = models.TextField(_("address"), blank=True)
    alamat_id = models.CharField(_("address id"), max_length=100, blank=True)
    deskripsi = models.TextField(_("description"), blank=True)
    media_url = models.URLField(_("media URL"), max_length=1000, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return str(self.tiket)
