"""Checks on uploaded files: size, count, and type by content (magic bytes, then a real parse), never by
the file's name or the client's Content-Type. What passes is what gets stored."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from antrian.berkas import gambar, pdf
from antrian.berkas.galat import IsiDitolak, LampiranPenuh
from antrian.exceptions import DataTidakValid

TIPE_DIIZINKAN = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
EKSTENSI = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_MB = 1024 * 1024


@dataclass(frozen=True)
class BerkasTeruji:
    """A file that passed every check. `berkas` holds the bytes to store (for an image its clean re-encode);
    `tipe_mime` and `ukuran` describe those bytes, not what the client claimed."""

    berkas: File[Any]
    tipe_mime: str
    ukuran: int
    nama_asli: str
    kode_persyaratan: str = ""


class UnggahanTeruji(UploadedFile):
    """A file this portal stored itself after checking it (a wizard draft's document, portal/draf.py).
    `periksa_berkas` checks its size again but does not decode or re-encode it a second time. Request
    data never arrives as this class, so a client cannot skip the checks by sending one."""

    def __init__(self, file: IO[bytes], *, name: str, tipe_mime: str, size: int) -> None:
        super().__init__(file, name=name, content_type=tipe_mime, size=size)
        self.tipe_mime_teruji = tipe_mime


def nama_aman(nama: str | None) -> str:
    """The client's file name for display: no directories, no control characters, at most 255 chars."""
    nama = (nama or "").replace("\\", "/").rsplit("/", 1)[-1]
    nama = "".join(c for c in nama if unicodedata.category(c)[0] != "C").strip().strip(".")
    return nama[:255] or "berkas"


def _ditolak(medan: str, pesan: str) -> DataTidakValid:
    return DataTidakValid(rincian={medan: [pesan]})


def periksa_berkas(
    berkas: UploadedFile,
    *,
    kode_persyaratan: str = "",
    medan: str = "lampiran",
    bagikan_lokasi: bool = False,
) -> BerkasTeruji:
    """Check one upload and return what to store. `bagikan_lokasi`: the reporter chose to share where
    their photos were taken, so the GPS block stays (every other piece of metadata is still removed)."""
    batas = settings.UNGGAHAN_MAKS_MB * _MB
    nama = nama_aman(berkas.name)
    terlalu_besar = _("File %(nama)s is too large (maximum %(mb)s MB).") % {
        "nama": nama,
        "mb": settings.UNGGAHAN_MAKS_MB,
    }
    if (berkas.size or 0) > batas:
        raise _ditolak(medan, terlalu_besar)
    if isinstance(berkas, UnggahanTeruji) and berkas.size:
        return BerkasTeruji(berkas, berkas.tipe_mime_teruji, berkas.size, nama, kode_persyaratan)
    berkas.seek(0)
    # The declared size is the client's word: read one byte past the limit to know.
    data = berkas.read(batas + 1)
    berkas.seek(0)
    if not data:
        raise _ditolak(medan, _("File %(nama)s is empty.") % {"nama": nama})
    if len(data) > batas:
        raise _ditolak(medan, terlalu_besar)
    jenis = filetype.guess(data[:8192])
    if jenis is None or jenis.mime not in TIPE_DIIZINKAN:
        # SVG, HTML, scripts, archives, office files...: none of them is PDF, JPEG, PNG or WebP.
        raise _ditolak(
            medan, _("The content of file %(nama)s is not PDF, JPEG, PNG or WebP.") % {"nama": nama}
        )
    try:
        if jenis.mime == "application/pdf":
            pdf.periksa(data)
            isi = data
        else:
            isi = gambar.bersihkan(data, jenis.mime, bagikan_lokasi=bagikan_lokasi)
    except IsiDitolak as exc:
        raise _ditolak(medan, _("File %(nama)s: %(alasan)s") % {"nama": nama, "alasan": exc.pesan}) from exc
    return BerkasTeruji(
        berkas=ContentFile(isi, name=f"berkas.{EKSTENSI[jenis.mime]}"),
        tipe_mime=jenis.mime,
        ukuran=len(isi),
        nama_asli=nama,
        kode_persyaratan=kode_persyaratan,
    )


def periksa_jumlah(daftar: Sequence[UploadedFile], *, medan: str = "lampiran") -> None:
    """The limits of one request: how many files, and how many bytes together."""
    if len(daftar) > settings.UNGGAHAN_MAKS_BERKAS:
        raise _ditolak(medan, _("Too many files (maximum %(n)s).") % {"n": settings.UNGGAHAN_MAKS_BERKAS})
    if sum(b.size or 0 for b in daftar) > settings.UNGGAHAN_MAKS_TOTAL_MB * _MB:
        raise _ditolak(
            medan,
            _("The files together are too large (maximum %(mb)s MB per submission).")
            % {"mb": settings.UNGGAHAN_MAKS_TOTAL_MB},
        )


def periksa_semua(
    daftar: Sequence[UploadedFile], *, medan: str = "lampiran", bagikan_lokasi: bool = False
) -> list[BerkasTeruji]:
    periksa_jumlah(daftar, medan=medan)
    return [periksa_berkas(b, medan=medan, bagikan_lokasi=bagikan_lokasi) for b in daftar]


def periksa_kuota(*, sudah_ada: int, tambahan: int) -> None:
    """The count per tiket (UNGGAHAN_MAKS_PER_TIKET). Called by the service that stores the files, under
    the tiket's row lock and before any file is written."""
    batas = settings.UNGGAHAN_MAKS_PER_TIKET
    if tambahan and sudah_ada + tambahan > batas:
        sisa = max(batas - sudah_ada, 0)
        raise LampiranPenuh(
            _(
                "A ticket can hold at most %(batas)s attachments; this one has %(ada)s, so at most "
                "%(sisa)s more can be added."
            )
            % {"batas": batas, "ada": sudah_ada, "sisa": sisa},
            rincian={"lampiran": [_("Too many attachments for this ticket.")]},
        )
