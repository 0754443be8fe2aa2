"""The submission wizard's draft: answers and contact in the session, uploaded documents on disk.

A plain HTML form cannot carry a file from one page to the next, so each document is checked when it is
uploaded (size and type by content, the API's checks; an image is kept as its re-encode without metadata)
and kept in the media storage under draf-pengajuan/ with a random name (no extension) that only this
session knows: MEDIA_ROOT on disk, or the S3 bucket (`MEDIA_STORAGE=s3`), so the next step of the wizard
finds it whichever web process or machine serves it. Nothing there is ever served. The files go to the
permohonan on submission and are deleted then, when the citizen removes or replaces them, or — for
abandoned drafts — by a sweep that runs when a new file is stored, at most once an hour per process (on a
bucket a listing is a paid request).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from antrian.berkas import BerkasTeruji, UnggahanTeruji
from antrian.idempoten import kunci_formulir_baru

log = logging.getLogger(__name__)

KUNCI_SESI = "draf_permohonan"
# An abandoned draft's files are removed after this long (the session itself may live longer).
UMUR_BERKAS_DETIK = 2 * 24 * 3600
_MAKS_DRAF = 5


FOLDER = "draf-pengajuan"
JEDA_SAPU_DETIK = 3600
_sapu_terakhir = 0.0


def _penyimpanan() -> Storage:
    # Looked up per call: tests and deployments change the storage settings at run time.
    return storages["default"]


def _nama(item_id: str) -> str:
    # Drafts written before the files moved into the media storage hold the bare random name.
    return item_id if "/" in item_id else f"{FOLDER}/{item_id}"


def ambil(session: SessionBase, kode: str, *, buat: bool = True) -> dict[str, Any] | None:
    """The draft of service `kode` in this session; a new, empty one when `buat` and there is none."""
    semua = session.get(KUNCI_SESI) or {}
    draf = semua.get(kode)
    if draf is None and buat:
        draf = {
            "kunci": kunci_formulir_baru(),
            "jawaban": {},
            "kontak": {},
            "dokumen": {},
            "dibuat": time.time(),
        }
    return draf


def simpan(session: SessionBase, kode: str, draf: dict[str, Any]) -> None:
    semua = dict(session.get(KUNCI_SESI) or {})
    semua[kode] = draf
    if len(semua) > _MAKS_DRAF:
        # Oldest drafts give way; their files go with them.
        for lama in sorted(semua, key=lambda k: semua[k].get("dibuat", 0))[: len(semua) - _MAKS_DRAF]:
            hapus_berkas(semua.pop(lama))
    session[KUNCI_SESI] = semua


def buang(session: SessionBase, kode: str) -> None:
    """Drop a draft and its files."""
    semua = dict(session.get(KUNCI_SESI) or {})
    draf = semua.pop(kode, None)
    if draf is not None:
        hapus_berkas(draf)
        session[KUNCI_SESI] = semua


def simpan_dokumen(draf: dict[str, Any], teruji: BerkasTeruji) -> None:
    """Keep one checked upload for its requirement, replacing the one uploaded before."""
    penyimpanan = _penyimpanan()
    _sapu(penyimpanan)
    nama = penyimpanan.save(f"{FOLDER}/{uuid.uuid4().hex}", teruji.berkas)
    lama = draf["dokumen"].get(teruji.kode_persyaratan)
    if lama:
        _hapus(penyimpanan, lama["id"])
    draf["dokumen"][teruji.kode_persyaratan] = {
        "id": nama,
        "nama": teruji.nama_asli,
        "ukuran": teruji.ukuran,
        "tipe": teruji.tipe_mime,
        # What is on disk is the checked content (an image already without metadata): not checked again.
        "bersih": True,
    }


def hapus_dokumen(draf: dict[str, Any], kode: str) -> None:
    lama = draf["dokumen"].pop(kode, None)
    if lama:
        _hapus(_penyimpanan(), lama["id"])


def hapus_berkas(draf: dict[str, Any]) -> None:
    penyimpanan = _penyimpanan()
    for item in (draf.get("dokumen") or {}).values():
        _hapus(penyimpanan, item["id"])


@contextmanager
def buka_dokumen(draf: dict[str, Any]) -> Iterator[dict[str, list[UploadedFile]] | None]:
    """The draft's documents as open files named as the citizen named them, or None when one of them is
    gone (an expired draft)."""
    penyimpanan = _penyimpanan()
    with ExitStack() as tumpukan:
        hasil: dict[str, list[UploadedFile]] = {}
        for kode, item in (draf.get("dokumen") or {}).items():
            try:
                fh = tumpukan.enter_context(penyimpanan.open(_nama(item["id"]), "rb"))
            except (OSError, ValueError):  # FileNotFoundError on disk; S3's missing key is an OSError too
                yield None
                return
            hasil[kode] = [
                UnggahanTeruji(fh, name=item["nama"], tipe_mime=item["tipe"], size=item["ukuran"])
                if item.get("bersih")
                else UploadedFile(fh, name=item["nama"], content_type=item["tipe"], size=item["ukuran"])
            ]
        yield hasil


def _hapus(penyimpanan: Storage, nama: str) -> None:
    try:
        penyimpanan.delete(_nama(nama))
    except (OSError, ValueError):
        log.warning("Berkas draf tidak dapat dihapus", exc_info=True)


def _sapu(penyimpanan: Storage) -> None:
    """Remove files of drafts abandoned long ago, at most once per JEDA_SAPU_DETIK in this process."""
    global _sapu_terakhir
    sekarang = time.monotonic()
    if _sapu_terakhir and sekarang - _sapu_terakhir < JEDA_SAPU_DETIK:
        return
    _sapu_terakhir = sekarang
    batas = datetime.now(tz=UTC) - timedelta(seconds=UMUR_BERKAS_DETIK)
    try:
        if not penyimpanan.exists(FOLDER) and isinstance(penyimpanan, FileSystemStorage):
            return
        for nama in penyimpanan.listdir(FOLDER)[1]:
            jalur = f"{FOLDER}/{nama}"
            waktu = penyimpanan.get_modified_time(jalur)
            if timezone.is_naive(waktu):
                waktu = timezone.make_aware(waktu, UTC)
            if waktu < batas:
                penyimpanan.delete(jalur)
    except (OSError, NotImplementedError):
        log.warning("Penyapuan berkas draf gagal", exc_info=True)
