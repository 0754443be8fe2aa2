"""Answering with a stored attachment: the headers that keep a file a file.

Every view that hands out a Lampiran (the tracking page, the API download the officer's page links to)
answers through `respons_lampiran`, after its own check that the viewer may see that tiket. The file is
always a download (`attachment`), its type is the one found in its content at upload, the browser may not
sniff another (`nosniff`), and should it be rendered anyway it runs sandboxed with no right to load or run
anything (`default-src 'none'; sandbox`). It is never kept by a shared or private cache.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.http import FileResponse

from antrian.berkas.periksa import EKSTENSI, TIPE_DIIZINKAN, nama_aman

if TYPE_CHECKING:
    from antrian.models import Lampiran

HEADER_BERKAS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Other spellings of a type's extension that already say the truth.
_EKSTENSI_SAH = {"jpg": {"jpg", "jpeg", "jpe", "jfif"}, "pdf": {"pdf"}, "png": {"png"}, "webp": {"webp"}}


def nama_unduhan(nama_asli: str, tipe_mime: str) -> str:
    """The citizen's file name with an extension that matches the content: "foto.jpg" holding a PDF is
    downloaded as "foto.pdf", so the viewer's computer opens it with the program the content needs."""
    nama = nama_aman(nama_asli)
    for c in '"\\/:*?<>|;':
        nama = nama.replace(c, "_")
    ekstensi = EKSTENSI.get(tipe_mime)
    if ekstensi is None:
        return nama[:150]
    jalur = PurePosixPath(nama)
    akhiran = jalur.suffix.lstrip(".").lower()
    if akhiran in _EKSTENSI_SAH[ekstensi]:
        return nama[-150:] if len(nama) > 150 else nama
    dasar = (jalur.stem if akhiran else nama)[:140] or "lampiran"
    return f"{dasar}.{ekstensi}"


def disposisi(nama: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name in RFC 5987 encoding (RFC 6266)."""
    ascii_ = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode()
    ascii_ = "".join(c if c.isalnum() or c in "._- ()" else "_" for c in ascii_).strip() or "lampiran"
    return f"attachment; filename=\"{ascii_}\"; filename*=UTF-8''{quote(nama, safe='')}"


def respons_lampiran(lampiran: Lampiran) -> FileResponse:
    """The stored file as a download. Raises FileNotFoundError when it is gone (the caller answers 404).
    The caller has already checked that the viewer may see the attachment."""
    isi = lampiran.berkas.open("rb")
    tipe = lampiran.tipe_mime if lampiran.tipe_mime in TIPE_DIIZINKAN else "application/octet-stream"
    respons = FileResponse(isi, content_type=tipe)
    respons["Content-Disposition"] = disposisi(nama_unduhan(lampiran.nama_asli, tipe))
    for nama, nilai in HEADER_BERKAS.items():
        respons[nama] = nilai
    return respons
