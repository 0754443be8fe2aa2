"""Domain errors. The API's one exception handler and the HTML views map these to answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class KesalahanDomain(Exception):
    kode = "kesalahan"
    status_http = 400
    pesan_bawaan: Any = _("Permintaan tidak dapat diproses.")

    def __init__(self, pesan: Any = None, *, rincian: dict[str, Any] | None = None) -> None:
        self.pesan = pesan if pesan is not None else self.pesan_bawaan
        self.rincian = rincian or {}
        super().__init__(str(self.pesan))


class DataTidakValid(KesalahanDomain):
    kode = "data_tidak_valid"
    status_http = 400
    pesan_bawaan = _("Data yang dikirim tidak valid.")


class TidakDiizinkan(KesalahanDomain):
    kode = "tidak_diizinkan"
    status_http = 403
    pesan_bawaan = _("Anda tidak berwenang melakukan tindakan ini.")


class TidakDitemukan(KesalahanDomain):
    kode = "tidak_ditemukan"
    status_http = 404
    pesan_bawaan = _("Data tidak ditemukan.")


class TransisiTidakSah(KesalahanDomain):
    kode = "transisi_tidak_sah"
    status_http = 409
    pesan_bawaan = _("Tindakan ini tidak dapat dilakukan pada status tiket saat ini.")


class PerubahanBersamaan(KesalahanDomain):
    kode = "perubahan_bersamaan"
    status_http = 409
    pesan_bawaan = _("Tiket telah diubah oleh orang lain. Muat ulang lalu coba lagi.")


class Konflik(KesalahanDomain):
    kode = "konflik"
    status_http = 409
    pesan_bawaan = _("Permintaan bertentangan dengan data yang ada.")
