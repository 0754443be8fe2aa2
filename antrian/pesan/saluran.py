"""Channels a message leaves by: e-mail through Django's backends, SMS/WhatsApp through HTTP gateways.

A channel is any class with `kirim(...)` that raises `GagalKirim` when the message did not go out (the job
retries it later). `settings.PESAN_SALURAN` maps each channel name to its class and options, so another
gateway is a class and a setting, not a change here:

    PESAN_SALURAN = {"sms": {"KELAS": "myapp.SmsProvider", "URL": ..., "TOKEN": ...}}
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class GagalKirim(Exception):
    """The message did not go out; trying again later may succeed."""


class Saluran(Protocol):
    def kirim(self, *, penerima: str, subjek: str, isi: str, kunci: str) -> None:
        """Send one message. `kunci` is its idempotency key: a gateway that honours it drops a repeat
        (a retry after a timeout whose request did arrive)."""
        ...


class SaluranEmail:
    """E-mail through whatever EMAIL_BACKEND is configured (console, SMTP, anymail, locmem in tests)."""

    def __init__(self, nama: str, opsi: Mapping[str, Any]) -> None:
        self.nama = nama

    def kirim(self, *, penerima: str, subjek: str, isi: str, kunci: str) -> None:
        pesan = EmailMessage(subject=subjek, body=isi, to=[penerima], headers={"X-SIGAP-Pesan": kunci})
        try:
            terkirim = pesan.send(fail_silently=False)
        except Exception as exc:  # every backend raises its own kinds (SMTP, HTTP API errors)
            raise GagalKirim(f"{type(exc).__name__}: {exc}") from exc
        if not terkirim:
            raise GagalKirim("E-mail backend accepted no message")


class GerbangHttp:
    """An SMS or WhatsApp gateway behind one URL: JSON POST, `Authorization: Bearer <token>`.

    Body: {"saluran", "tujuan", "pesan", "id"}. Any 2xx answer is success; anything else, a connection
    error or no answer within PESAN_GERBANG_BATAS_DETIK is a failure to retry."""

    def __init__(self, nama: str, opsi: Mapping[str, Any]) -> None:
        self.nama = nama
        self.url = str(opsi["URL"])
        if not self.url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"Gateway {nama}: URL must be http:// or https://")
        self.token = str(opsi.get("TOKEN", ""))
        self.batas_detik = float(opsi.get("BATAS_DETIK", settings.PESAN_GERBANG_BATAS_DETIK))

    def kirim(self, *, penerima: str, subjek: str, isi: str, kunci: str) -> None:
        badan = json.dumps({"saluran": self.nama, "tujuan": penerima, "pesan": isi, "id": kunci}).encode()
        permintaan = urllib.request.Request(  # noqa: S310  (http/https only: checked in __init__)
            self.url,
            data=badan,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": kunci,
            },
        )
        try:
            with urllib.request.urlopen(permintaan, timeout=self.batas_detik) as jawaban:  # noqa: S310  (as above)
                status = jawaban.status
        except urllib.error.HTTPError as exc:
            # The gateway's own words may repeat the recipient: only the status is kept.
            raise GagalKirim(f"Gateway {self.nama} answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            alasan = getattr(exc, "reason", exc)
            raise GagalKirim(f"Gateway {self.nama} unreachable: {type(alasan).__name__}: {alasan}") from exc
        if not 200 <= status < 300:
            raise GagalKirim(f"Gateway {self.nama} answered HTTP {status}")


def saluran_terpasang() -> dict[str, Mapping[str, Any]]:
    return dict(settings.PESAN_SALURAN)


def ambil_saluran(nama: str) -> Saluran:
    """The configured channel called `nama`. A channel removed from the settings is a failure to send."""
    opsi = settings.PESAN_SALURAN.get(nama)
    if opsi is None:
        raise GagalKirim(f"Channel {nama} is not configured")
    kelas = import_string(str(opsi["KELAS"]))
    saluran: Saluran = kelas(nama, opsi)
    return saluran
