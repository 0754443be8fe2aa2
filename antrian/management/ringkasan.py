"""What the periodic-job commands share: the `--sekarang` option and their one-line summaries."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from antrian.services.eskalasi import RingkasanEskalasi


def tambah_opsi_sekarang(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--sekarang",
        help="Jalankan seolah-olah pada waktu ini (ISO 8601, mis. 2026-03-02T08:00+07:00); bawaan: sekarang.",
    )


def sekarang_dari(nilai: str | None) -> dt.datetime | None:
    if not nilai:
        return None
    waktu = parse_datetime(nilai)
    if waktu is None:
        raise CommandError(_("Invalid time: %(nilai)s (use ISO 8601).") % {"nilai": nilai})
    if timezone.is_naive(waktu):
        waktu = timezone.make_aware(waktu)
    return waktu


def teks_eskalasi(r: RingkasanEskalasi) -> str:
    return _(
        "Escalation: %(hampir)d nearly-due, %(terlambat)d overdue and %(penugasan)d not-assigned "
        "notifications, %(email)d e-mails sent, %(kosong)d tickets without an active supervisor."
    ) % {
        "hampir": r.hampir_jatuh_tempo,
        "terlambat": r.terlambat,
        "penugasan": r.penugasan_terlambat,
        "email": r.email,
        "kosong": r.tanpa_penerima,
    }


def teks_tutup_otomatis(jumlah: int) -> str:
    return _("Auto-close: %(n)d completed tickets closed.") % {"n": jumlah}
