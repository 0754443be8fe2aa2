"""Why a file was refused. Kept apart so every module of the package can raise them without cycles."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from antrian.exceptions import Konflik


class IsiDitolak(Exception):
    """The content is not what an allowed file may be; `pesan` says why, for the citizen."""

    def __init__(self, pesan: Any) -> None:
        self.pesan = pesan
        super().__init__(str(pesan))


class LampiranPenuh(Konflik):
    """The tiket already holds as many files as it may (UNGGAHAN_MAKS_PER_TIKET): 409, nothing stored."""

    kode = "lampiran_penuh"
    pesan_bawaan = _("This ticket already has the maximum number of attachments.")
