"""PDF documents: the structure a reader needs, and no active content.

A PDF is stored as it was sent (re-rendering one is neither cheap nor lossless), so what is checked is what
makes it dangerous or not a PDF at all: it must begin with the header, end with the end-of-file marker
(readers look for it in the last 1,024 bytes, so anything appended after it, e.g. a second file of a
polyglot, is refused), carry no HTML a browser could sniff, and name no JavaScript, launch action or
embedded file in its dictionaries — including the dictionaries PDF 1.5+ keeps compressed inside object
streams (`/Type /ObjStm`), which are inflated (at most `_OBJSTM_MAKS` bytes each, so a deflate bomb is
refused, not expanded) and searched the same way. An object stream whose filter is not plain FlateDecode
cannot be checked and is refused. Page content streams are not searched: they hold drawing operators,
not dictionaries. The download is always an attachment with `nosniff` and a sandbox CSP, so a PDF is
only ever opened by a PDF reader.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

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
# An indirect object's dictionary followed by its stream: the dictionary says what the stream is.
# (The dictionary may not run past its object's "endobj": a match never joins two objects.)
_OBJEK_ALIRAN = re.compile(rb"obj\s*(<<(?:(?!endobj).)*?>>)\s*stream\r?\n(.*?)endstream", re.DOTALL)
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_SARINGAN = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_OBJSTM_MAKS = 16 * 1024 * 1024


def _ada_nama_aktif(teks: bytes) -> bool:
    for cocok in _NAMA.finditer(teks):
        # "#4A" in a name is "J": a hidden /JavaScript is spelled /J#61vaScript.
        nama = _HEKS.sub(lambda m: bytes([int(m.group(1), 16)]), cocok.group()).lower()
        if nama in _NAMA_AKTIF:
            return True
    return False


def _isi_aliran_objek(data: bytes) -> Iterator[bytes]:
    """The inflated body of every object stream, `_OBJSTM_MAKS` bytes at most in all; `IsiDitolak` for one
    that cannot be checked."""
    sisa = _OBJSTM_MAKS
    for cocok in _OBJEK_ALIRAN.finditer(data):
        kamus, badan = cocok.group(1), cocok.group(2)
        if not _OBJSTM.search(kamus):
            continue
        saringan = _SARINGAN.search(kamus)
        nama_saringan = re.findall(rb"/[A-Za-z0-9]+", saringan.group(1)) if saringan else []
        if nama_saringan not in ([], [b"/FlateDecode"]):
            raise IsiDitolak(_("The PDF document uses a compression this portal cannot check."))
        if not nama_saringan:
            yield badan
            continue
        try:
            pengurai = zlib.decompressobj()
            isi = pengurai.decompress(badan, sisa)
        except zlib.error as exc:
            raise IsiDitolak(_("The PDF document is damaged.")) from exc
        if pengurai.unconsumed_tail:
            raise IsiDitolak(_("The PDF document expands to more than the portal accepts."))
        sisa -= len(isi)
        yield isi


def periksa(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise IsiDitolak(_("It is not a PDF document."))
    if b"%%EOF" not in data[-_EKOR:]:
        raise IsiDitolak(_("It is not a complete PDF document (the end is missing or something follows it)."))
    awal = data[:_EKOR].lower()
    if any(tanda in awal for tanda in _TANDA_HTML):
        raise IsiDitolak(_("The PDF document also contains web page code."))
    if _ada_nama_aktif(_ALIRAN.sub(b"", data)) or any(_ada_nama_aktif(t) for t in _isi_aliran_objek(data)):
        raise IsiDitolak(_("PDF documents with scripts, launch actions or embedded files are not accepted."))
