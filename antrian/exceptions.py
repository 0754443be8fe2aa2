"""Domain errors. The API's one exception handler and the HTML views map these to answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class KesalahanDomain(Exception):
    kode = "kesalahan"
    status_http = 400
    pesan_bawaan: Any = _("The request cannot be processed.")

    def __init__(self, pesan: Any = None, *, rincian: dict[str, Any] | None = None) -> None:
        self.pesan = pesan if pesan is not None else self.pesan_bawaan
        self.rincian = rincian or {}
        super().__init__(str(self.pesan))


class DataTidakValid(KesalahanDomain):
    kode = "data_tidak_valid"
    status_http = 400
    pesan_bawaan = _("The submitted data is not valid.")


class TidakDiizinkan(KesalahanDomain):
    kode = "tidak_diizinkan"
    status_http = 403
    pesan_bawaan = _("You are not authorised to perform this action.")


class TidakDitemukan(KesalahanDomain):
    kode = "tidak_ditemukan"
    status_http = 404
    pesan_bawaan = _("Data not found.")


class TransisiTidakSah(KesalahanDomain):
    kode = "transisi_tidak_sah"
    status_http = 409
    pesan_bawaan = _("This action is not possible in the ticket's current status.")


class PerubahanBersamaan(KesalahanDomain):
    kode = "perubahan_bersamaan"
    status_http = 409
    pesan_bawaan = _("The ticket was changed by someone else. Reload and try again.")


class Konflik(KesalahanDomain):
    kode = "konflik"
    status_http = 409
    pesan_bawaan = _("The request conflicts with existing data.")
