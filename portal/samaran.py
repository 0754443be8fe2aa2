"""Masking of citizens' personal data (UU 27/2022 Pelindungan Data Pribadi): one place for every view.

Officer lists, exports, admin changelists and log lines show a NIK, a phone number or an e-mail address
only masked: enough to tell two people apart, not enough to reuse. The whole value stays where the
owner (and, on one tiket's page, the officer serving it) needs it.

Deliberately free of Django imports: the logging configuration loads `SaringLogSamaran` before the apps
are ready.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Sixteen digits standing alone: what a NIK looks like inside free text.
_NIK_DALAM_TEKS = re.compile(r"(?<![\d*])\d{16}(?![\d*])")
# Indonesian mobile numbers as people write them: +62 / 62 / 0, then 8 and 8–12 more digits (9–13 digits
# after the country prefix), optionally split by single spaces, dots or dashes (0812-3456-7890).
_TELEPON_DALAM_TEKS = re.compile(r"(?<![\w*+])(?:\+62|62|0)[ .-]?8(?:[ .-]?\d){7,11}(?![\d*])")
# An e-mail address: the local part is what identifies a person; the domain is kept.
_EMAIL_DALAM_TEKS = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def samarkan_nik(nik: str | None) -> str:
    """Mask a NIK as 3201**********01: region of the province/regency and the last two digits only."""
    if not nik:
        return ""
    if len(nik) <= 6:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


def samarkan_telepon(telepon: str | None) -> str:
    """`+628********90`: the country/operator prefix and the last two digits."""
    if not telepon:
        return ""
    digit = re.sub(r"[ .-]", "", telepon)
    if len(digit) <= 6:
        return "*" * len(digit)
    return f"{digit[:4]}{'*' * (len(digit) - 6)}{digit[-2:]}"


def samarkan_email(email: str | None) -> str:
    """`w***@contoh.id`: the first letter of the local part and the domain."""
    if not email:
        return ""
    lokal, _at, domain = email.partition("@")
    if not domain:
        return "*" * len(lokal)
    return f"{lokal[:1]}***@{domain}"


def samarkan_kontak(nilai: str | None) -> str:
    """A recipient that is an e-mail address or a phone number, whichever it is."""
    if not nilai:
        return ""
    return samarkan_email(nilai) if "@" in nilai else samarkan_telepon(nilai)


def samarkan_teks(teks: Any) -> str:
    """Free text (a title, a note, a log line) with every NIK, phone number and e-mail address masked.

    The NIK goes first, so sixteen digits that begin like a phone number (region 62, digit 8) are
    masked as a NIK."""
    hasil = str(teks)
    if not any(c.isdigit() for c in hasil) and "@" not in hasil:
        return hasil  # the common case in logs: nothing to look for
    hasil = _NIK_DALAM_TEKS.sub(lambda m: samarkan_nik(m.group(0)), hasil)
    hasil = _TELEPON_DALAM_TEKS.sub(lambda m: samarkan_telepon(m.group(0)), hasil)
    return _EMAIL_DALAM_TEKS.sub(lambda m: samarkan_email(m.group(0)), hasil)


class SaringLogSamaran(logging.Filter):
    """Mask personal data in every record a handler emits: the message with its arguments, the
    exception's traceback text and the stack. Installed on the handlers in settings.LOGGING, so every
    logger of the portal, Django's and third parties' pass through it.

    The record is rewritten in place (message formatted once, `args` dropped), so every handler after
    this one sees the masked text too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            pesan = record.getMessage()
        except Exception:  # a broken format string: mask what there is rather than lose the line
            pesan = f"{record.msg} {record.args}"
        record.msg = samarkan_teks(pesan)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = samarkan_teks(record.exc_text)
        if record.stack_info:
            record.stack_info = samarkan_teks(record.stack_info)
        return True
