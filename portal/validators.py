"""Validation of Indonesian identity numbers (NIK, NIP) and phone numbers."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Masking lives in portal.samaran; the name stays importable from here for older callers.
from portal.samaran import samarkan_nik

__all__ = ["normalisasi_telepon", "samarkan_nik", "validasi_nik", "validasi_nip"]

_NIK = re.compile(r"^\d{16}$")
_NIP = re.compile(r"^\d{18}$")
_TELEPON = re.compile(r"^(\+62|62|0)8\d{7,12}$")


def _tanggal_sah(tahun: int, bulan: int, hari: int) -> bool:
    try:
        dt.date(tahun, bulan, hari)
    except ValueError:
        return False
    return True


def validasi_nik(nilai: str) -> None:
    """NIK: 6-digit region code, DDMMYY birth date (DD + 40 for women), 4-digit sequence from 0001."""
    if not _NIK.match(nilai or ""):
        raise ValidationError(_("A NIK must consist of 16 digits."), code="nik_format")
    provinsi, kabupaten, kecamatan = int(nilai[0:2]), int(nilai[2:4]), int(nilai[4:6])
    if provinsi < 11 or kabupaten == 0 or kecamatan == 0:
        raise ValidationError(_("The region code in the NIK is not valid."), code="nik_wilayah")
    hari, bulan, tahun2 = int(nilai[6:8]), int(nilai[8:10]), int(nilai[10:12])
    if hari > 40:
        hari -= 40
    # Two-digit years: both centuries are possible; a date valid in either is accepted.
    if not (_tanggal_sah(2000 + tahun2, bulan, hari) or _tanggal_sah(1900 + tahun2, bulan, hari)):
        raise ValidationError(_("The date of birth in the NIK is not valid."), code="nik_tanggal")
    if int(nilai[12:16]) == 0:
        raise ValidationError(_("The sequence number in the NIK cannot be 0000."), code="nik_urut")


def validasi_nip(nilai: str) -> None:
    """NIP: birth date YYYYMMDD, appointment YYYYMM, sex 1 or 2, 3-digit sequence."""
    if not _NIP.match(nilai or ""):
        raise ValidationError(_("A NIP must consist of 18 digits."), code="nip_format")
    lahir_tahun, lahir_bulan, lahir_hari = int(nilai[0:4]), int(nilai[4:6]), int(nilai[6:8])
    if not (1900 <= lahir_tahun <= 2100) or not _tanggal_sah(lahir_tahun, lahir_bulan, lahir_hari):
        raise ValidationError(_("The date of birth in the NIP is not valid."), code="nip_lahir")
    angkat_tahun, angkat_bulan = int(nilai[8:12]), int(nilai[12:14])
    if not (1 <= angkat_bulan <= 12) or angkat_tahun < lahir_tahun + 15:
        raise ValidationError(
            _("The appointment year/month in the NIP is not valid."), code="nip_pengangkatan"
        )
    if nilai[14] not in "12":
        raise ValidationError(_("The sex code in the NIP must be 1 or 2."), code="nip_kelamin")
    if int(nilai[15:18]) == 0:
        raise ValidationError(_("The sequence number in the NIP cannot be 000."), code="nip_urut")


def normalisasi_telepon(nilai: str) -> str:
    """Phone numbers are stored as +62… so 0812…, 62812… and +62812… are one account."""
    bersih = re.sub(r"[\s\-().]", "", nilai or "")
    if not _TELEPON.match(bersih):
        raise ValidationError(_("Invalid phone number (example: 081234567890)."), code="telepon")
    if bersih.startswith("0"):
        return "+62" + bersih[1:]
    if bersih.startswith("62"):
        return "+" + bersih
    return bersih
