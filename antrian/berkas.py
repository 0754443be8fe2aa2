"""Checks on uploaded files: size and type by content (magic bytes), never by name or the client's header."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from antrian.exceptions import DataTidakValid

TIPE_DIIZINKAN = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


@dataclass(frozen=True)
class BerkasTeruji:
    berkas: UploadedFile
    tipe_mime: str
    ukuran: int
    nama_asli: str
    kode_persyaratan: str = ""


def periksa_berkas(
    berkas: UploadedFile, *, kode_persyaratan: str = "", medan: str = "lampiran"
) -> BerkasTeruji:
    batas = settings.UNGGAHAN_MAKS_MB * 1024 * 1024
    nama = (berkas.name or "berkas").rsplit("/", 1)[-1][:255]
    ukuran = berkas.size or 0
    if ukuran == 0:
        raise DataTidakValid(rincian={medan: [_("File %(nama)s is empty.") % {"nama": nama}]})
    if ukuran > batas:
        raise DataTidakValid(
            rincian={
                medan: [
                    _("File %(nama)s is too large (maximum %(mb)s MB).")
                    % {"nama": nama, "mb": settings.UNGGAHAN_MAKS_MB}
                ]
            }
        )
    berkas.seek(0)
    kepala = berkas.read(8192)
    berkas.seek(0)
    jenis = filetype.guess(kepala)
    if jenis is None or jenis.mime not in TIPE_DIIZINKAN:
        raise DataTidakValid(
            rincian={
                medan: [
                    _("The content of file %(nama)s is not PDF, JPEG, PNG or WebP.") % {"nama": nama},
                ]
            }
        )
    return BerkasTeruji(
        berkas=berkas, tipe_mime=jenis.mime, ukuran=ukuran, nama_asli=nama, kode_persyaratan=kode_persyaratan
    )


def periksa_semua(daftar: list[UploadedFile], *, medan: str = "lampiran") -> list[BerkasTeruji]:
    if len(daftar) > settings.UNGGAHAN_MAKS_BERKAS:
        raise DataTidakValid(
            rincian={medan: [_("Too many files (maximum %(n)s).") % {"n": settings.UNGGAHAN_MAKS_BERKAS}]}
        )
    return [periksa_berkas(b, medan=medan) for b in daftar]
