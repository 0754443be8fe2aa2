"""PDF documents: the structure a reader needs, and no active content.

A PDF is stored as it was sent (re-rendering one is neither cheap nor lossless), so what is checked is what
makes it dangerous or not a PDF at all: it must begin with the header, end with the end-of-file marker
(readers look for it in the last 1,024 bytes, so anything appended after it, e.g. a second file of a
polyglot, is refused), carry no HTML a browser could sniff, and name no JavaScript, launch action or
embedded file in its dictionaries. Names inside compressed object streams are not seen: the download is
always an attachment with `nosniff` and a sandbox CSP, so a PDF is only ever opened by a PDF reader.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from antrian.berkas.galat import IsiDitolak

_EKOR = 1024
# What browsers sniff for HTML in the first bytes of a response (the WHATWG sniffing window).
_TANDA_HTML = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe", b"<head", b"<?xml")
# Stream bodies are binary (compressed pages, images): names are only looked for outside them, or random
# bytes would spell "/JS" in one file of a few.
_ALIRAN = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_NAMA = re.compile(rb"/[A-Za-z0-9#]{2,40}")
_HEKS = re.compile(rb"#([0-9A-Fa-f]{2})")
_NAMA_AKTIF = {b"/javascript", b"/js", b"/launch", b"/embeddedfile", b"/embeddedfiles", b"/richmedia"}


def periksa(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise IsiDitolak(_("It is not a PDF document."))
    if b"%%EOF" not in data[-_EKOR:]:
        raise IsiDitolak(_("It is not a complete PDF document (the end is missing or something follows it)."))
    awal = data[:_EKOR].lower()
    if any(tanda in awal for tanda in _TANDA_HTML):
        raise IsiDitolak(_("The PDF document also contains web page code."))
    luar_aliran = _ALIRAN.sub(b"", data)
    for cocok in _NAMA.finditer(luar_aliran):
        # "#4A" in a name is "J": a hidden /JavaScript is spelled /J#61vaScript.
        nama = _HEKS.sub(lambda m: bytes([int(m.group(1), 16)]), cocok.group()).lower()
        if nama in _NAMA_AKTIF:
            raise IsiDitolak(
                _("PDF documents with scripts, launch actions or embedded files are not accepted.")
            )
