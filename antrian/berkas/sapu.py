"""Files no attachment row names: removed once they are old enough that no transaction can still own them.

`simpan_lampiran` writes a file before its row and removes the files itself when storing fails. A
transaction can still roll back after it returned (a later step of the same request fails, a retried form
loses an idempotency race); Django has no rollback hook, so the file stays behind. It is never served
(nothing routes to it and no row names it) but it holds a citizen's document: this sweep removes it.
Run it daily (`sapu_lampiran_yatim()`, e.g. from the periodic jobs).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.storage import Storage
from django.utils import timezone

log = logging.getLogger(__name__)

AKAR = "lampiran"


def _berkas_di(penyimpanan: Storage, folder: str) -> list[str]:
    folder_anak, berkas = penyimpanan.listdir(folder)
    hasil = [f"{folder}/{nama}" for nama in berkas]
    for anak in folder_anak:
        hasil += _berkas_di(penyimpanan, f"{folder}/{anak}")
    return hasil


def sapu_lampiran_yatim(*, umur: dt.timedelta = dt.timedelta(days=1)) -> list[str]:
    """Delete files under lampiran/ older than `umur` that no Lampiran names; return their names."""
    from antrian.models import Lampiran

    penyimpanan = Lampiran._meta.get_field("berkas").storage  # type: ignore[attr-defined]
    try:
        semua = _berkas_di(penyimpanan, AKAR)
    except FileNotFoundError:
        return []
    batas = timezone.now() - umur
    per_folder: dict[str, list[str]] = {}
    for nama in semua:
        per_folder.setdefault(nama.rsplit("/", 1)[0], []).append(nama)
    dihapus: list[str] = []
    # One query per folder (a month): the set of names stays small however many years are stored.
    for folder, isi in sorted(per_folder.items()):
        dikenal = set(
            Lampiran.objects.filter(berkas__startswith=folder + "/").values_list("berkas", flat=True)
        )
        for nama in (n for n in isi if n not in dikenal):
            try:
                if penyimpanan.get_modified_time(nama) < batas:
                    penyimpanan.delete(nama)
                    dihapus.append(nama)
            except OSError:
                log.warning("Berkas lampiran yatim tidak dapat dihapus: %s", nama, exc_info=True)
    return dihapus
