"""What a citizen's message says: subject and body in the portal's language, with the tracking link.

Never a NIK: the text a citizen or officer wrote (title, request, note) passes `tanpa_nik` first, and the
message names nothing else about the citizen but the name they gave. Recipients appear in logs only
through `samarkan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from antrian.models import AlasanTolak, JenisPesan, Peristiwa, SaluranPesan, Tiket
from portal.samaran import samarkan_kontak, samarkan_nik

_BATAS_KUTIPAN = 500
# Sixteen digits standing alone: what a NIK looks like inside free text.
_NIK_DALAM_TEKS = re.compile(r"(?<!\d)\d{16}(?!\d)")


def tanpa_nik(teks: str) -> str:
    # Only the NIK: a phone number the officer wrote into a message is meant for the citizen to call.
    return _NIK_DALAM_TEKS.sub(lambda m: samarkan_nik(m.group(0)), teks)


def samarkan(penerima: str) -> str:
    """`w***@contoh.id`, `+628****89`: enough to tell two recipients apart in a log line, no more."""
    return samarkan_kontak(penerima)


@dataclass(frozen=True)
class Isi:
    subjek: str
    isi: str


def tautan_lacak(tiket: Tiket) -> str:
    assert tiket.nomor is not None
    return settings.SITE_URL.rstrip("/") + reverse("portal:lacak", args=[tiket.nomor])


def tautan_survei(tiket: Tiket) -> str:
    assert tiket.nomor is not None
    return settings.SITE_URL.rstrip("/") + reverse("portal:lacak-survei", args=[tiket.nomor])


def _kutip(teks: str) -> str:
    teks = tanpa_nik((teks or "").strip())
    return teks if len(teks) <= _BATAS_KUTIPAN else teks[: _BATAS_KUTIPAN - 1] + "…"


def _nama(tiket: Tiket) -> str:
    if tiket.pemohon is not None:
        return tiket.pemohon.nama_tampil
    return tiket.kontak_nama.strip()


def _inti(jenis: str, tiket: Tiket, peristiwa: Peristiwa) -> tuple[str, list[str]]:
    """Subject and the lines that say what happened, for one kind of message."""
    data = {"nomor": tiket.nomor, "judul": _kutip(tiket.judul)}
    if jenis == JenisPesan.PENGAJUAN:
        return _("SIGAP Tubei: ticket %(nomor)s received") % data, [
            _("We have received your ticket %(nomor)s (%(judul)s). An officer will handle it.") % data
        ]
    if jenis == JenisPesan.MINTA_KELENGKAPAN:
        return _("SIGAP Tubei: ticket %(nomor)s needs more from you") % data, [
            _("The officer handling ticket %(nomor)s asks you to supply:") % data,
            _kutip(peristiwa.catatan),
            _("The ticket waits until you reply on its tracking page."),
        ]
    if jenis == JenisPesan.SELESAI:
        return _("SIGAP Tubei: ticket %(nomor)s completed") % data, [
            _("Your ticket %(nomor)s (%(judul)s) has been completed.") % data,
            _kutip(peristiwa.catatan),
            _("Please tell us how we did in a short satisfaction survey: %(url)s")
            % {"url": tautan_survei(tiket)},
        ]
    if jenis == JenisPesan.DITOLAK:
        alasan = peristiwa.data.get("alasan")
        label = AlasanTolak(alasan).label if alasan in AlasanTolak.values else ""
        return _("SIGAP Tubei: ticket %(nomor)s rejected") % data, [
            _("Your ticket %(nomor)s (%(judul)s) has been rejected.") % data,
            _("Reason: %(alasan)s") % {"alasan": label} if label else "",
            _kutip(peristiwa.catatan),
            _("You may file a new ticket if the situation changes."),
        ]
    if jenis == JenisPesan.SURVEI:
        return _("SIGAP Tubei: how did we do on ticket %(nomor)s?") % data, [
            _("Please tell us how we did in a short satisfaction survey: %(url)s")
            % {"url": tautan_survei(tiket)}
        ]
    return _("SIGAP Tubei: ticket %(nomor)s closed") % data, [
        _("Your ticket %(nomor)s (%(judul)s) has been closed.") % data
    ]


def susun(*, jenis: str, saluran: str, tiket: Tiket, peristiwa: Peristiwa) -> Isi:
    """The message in the portal's language (not whatever language the request that caused it had)."""
    with translation.override(settings.LANGUAGE_CODE):
        subjek, baris = _inti(jenis, tiket, peristiwa)
        lacak = [_("Track your ticket: %(url)s") % {"url": tautan_lacak(tiket)}]
        if tiket.pemohon_id is None:
            # A guest's page needs the secret tracking code, which is never stored and so cannot be in
            # the link: the citizen has it from the submission.
            lacak.append(_("Use the tracking link you received when you submitted."))
        baris = [b for b in baris if b]
        if saluran != SaluranPesan.EMAIL:
            # SMS and WhatsApp: short, no greeting or signature.
            return Isi(subjek=subjek, isi="\n".join([*baris, *lacak]))
        nama = _nama(tiket)
        salam = _("Hello %(nama)s,") % {"nama": nama} if nama else _("Hello,")
        penutup = ["", _("This message was sent automatically by SIGAP Tubei; do not reply to it.")]
        return Isi(subjek=subjek, isi="\n".join([salam, "", *baris, "", *lacak, *penutup]))
