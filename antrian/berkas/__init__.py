"""Uploaded files (issue 7 item 4): what is accepted, what is stored, and how it is handed out.

- `periksa`: size, count and type by content; a real parse of every file (antrian.berkas.periksa).
- `gambar`: images re-encoded without metadata (GPS only when the reporter shares it).
- `pdf`: PDF structure and no active content.
- `sajian`: the download response of an attachment, with the headers that keep it inert.
- `batas`: the middleware that refuses an oversized request before its body is read.
- `sapu`: removes files that no attachment row names (a transaction rolled back after writing them).
"""

from __future__ import annotations

from antrian.berkas.galat import IsiDitolak, LampiranPenuh
from antrian.berkas.periksa import (
    EKSTENSI,
    TIPE_DIIZINKAN,
    BerkasTeruji,
    UnggahanTeruji,
    nama_aman,
    periksa_berkas,
    periksa_jumlah,
    periksa_kuota,
    periksa_semua,
)
from antrian.berkas.sajian import respons_lampiran

__all__ = [
    "EKSTENSI",
    "TIPE_DIIZINKAN",
    "BerkasTeruji",
    "IsiDitolak",
    "LampiranPenuh",
    "UnggahanTeruji",
    "nama_aman",
    "periksa_berkas",
    "periksa_jumlah",
    "periksa_kuota",
    "periksa_semua",
    "respons_lampiran",
]
