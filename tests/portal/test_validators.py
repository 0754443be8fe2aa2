"""NIK, NIP and phone numbers: structure checks, masking and normalisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.models import Pengguna
from portal.validators import normalisasi_telepon, samarkan_nik, validasi_nik, validasi_nip

# 32 Jawa Barat, 01 Kab. Bogor, 01 kecamatan; born 15 August 1990; sequence 0001.
NIK_LAKI = "3201011508900001"
NIK_PEREMPUAN = "3201015508900001"  # day 15 + 40 for women


@pytest.mark.parametrize(
    "nik",
    [
        NIK_LAKI,
        NIK_PEREMPUAN,
        "3201014102000001",  # woman born 1 February 2000
        "3201017112990001",  # woman born 31 December 1999 (day 71, the highest)
        "3201012902000001",  # 29 February 2000, a leap year
        "1101010101019999",  # the lowest province code (11 Aceh), the highest sequence
    ],
)
def test_nik_yang_sah_diterima(nik):
    validasi_nik(nik)


@pytest.mark.parametrize(
    ("nik", "kode"),
    [
        ("320101150890001", "nik_format"),  # 15 digits
        ("32010115089000011", "nik_format"),  # 17 digits
        ("32010115089O0001", "nik_format"),  # a letter O, not a zero
        ("3201 0115089000", "nik_format"),
        ("", "nik_format"),
        ("3201013102990001", "nik_tanggal"),  # 31 February
        ("3201017202990001", "nik_tanggal"),  # woman, day 72 - 40 = 32
        ("3201014002990001", "nik_tanggal"),  # day 40: neither a man's nor a woman's day
        ("3201010001900001", "nik_tanggal"),  # day 00
        ("3201011513900001", "nik_tanggal"),  # month 13
        ("0001011508900001", "nik_wilayah"),  # province 00
        ("3200011508900001", "nik_wilayah"),  # regency 00
        ("3201001508900001", "nik_wilayah"),  # district 00
        ("3201011508900000", "nik_urut"),  # sequence 0000
    ],
)
def test_nik_yang_tidak_sah_ditolak_dengan_kode_yang_tepat(nik, kode):
    with pytest.raises(ValidationError) as info:
        validasi_nik(nik)

    assert info.value.code == kode


def test_nik_29_februari_di_tahun_bukan_kabisat_ditolak():
    # 2001 and 1901 are both common years.
    with pytest.raises(ValidationError):
        validasi_nik("3201012902010001")


@pytest.mark.parametrize("nik", [NIK_LAKI, NIK_PEREMPUAN])
def test_nik_disamarkan_hanya_menyisakan_empat_digit_awal_dan_dua_akhir(nik):
    tersamar = samarkan_nik(nik)

    assert tersamar == "3201**********01"
    assert len(tersamar) == 16
    assert nik[4:14] not in tersamar


@pytest.mark.parametrize("kosong", [None, ""])
def test_nik_kosong_disamarkan_menjadi_kosong(kosong):
    assert samarkan_nik(kosong) == ""


# --- NIP: birth date YYYYMMDD, appointment YYYYMM, sex 1/2, sequence 001-999 ----------------------------


@pytest.mark.parametrize(
    "nip",
    [
        "198501152010011001",  # born 15 Jan 1985, appointed Jan 2010, male, 001
        "199212312018122999",  # female, sequence 999
        "198501152000011001",  # appointed at exactly 15 (year of birth + 15)
        "200002292022121001",  # born 29 February 2000
    ],
)
def test_nip_yang_sah_diterima(nip):
    validasi_nip(nip)


@pytest.mark.parametrize(
    ("nip", "kode"),
    [
        ("19850115201001100", "nip_format"),  # 17 digits
        ("1985011520100110011", "nip_format"),  # 19 digits
        ("19850115201001100A", "nip_format"),
        ("198502302010011001", "nip_lahir"),  # 30 February
        ("198513012010011001", "nip_lahir"),  # month 13 of birth
        ("189901012010011001", "nip_lahir"),  # born before 1900
        ("198501151999121001", "nip_pengangkatan"),  # appointed at 14
        ("198501152010131001", "nip_pengangkatan"),  # appointment month 13
        ("198501152010001001", "nip_pengangkatan"),  # appointment month 00
        ("198501152010013001", "nip_kelamin"),  # sex digit 3
        ("198501152010010001", "nip_kelamin"),  # sex digit 0
        ("198501152010011000", "nip_urut"),  # sequence 000
    ],
)
def test_nip_yang_tidak_sah_ditolak_dengan_kode_yang_tepat(nip, kode):
    with pytest.raises(ValidationError) as info:
        validasi_nip(nip)

    assert info.value.code == kode


# --- phone numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nomor",
    [
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "(0812) 34567890",
    ],
)
def test_bentuk_nomor_telepon_yang_berbeda_menjadi_satu_nomor(nomor):
    assert normalisasi_telepon(nomor) == "+6281234567890"


@pytest.mark.parametrize(
    "nomor",
    [
        "0211234567",  # a Jakarta landline: accounts need a mobile number
        "812345678",  # no country or trunk prefix
        "+6581234567",  # Singapore
        "08123",  # too short
        "0812345678901234",  # too long
        "0812abc45678",
        "",
    ],
)
def test_nomor_telepon_yang_tidak_sah_ditolak(nomor):
    with pytest.raises(ValidationError):
        normalisasi_telepon(nomor)


# --- the model uses the validator ---------------------------------------------------------------------------


def _pengguna(**kwargs: object) -> Pengguna:
    pengguna = Pengguna(username="budi", **kwargs)
    pengguna.set_unusable_password()
    return pengguna


@pytest.mark.django_db
def test_pengguna_dengan_nik_tidak_sah_gagal_full_clean():
    with pytest.raises(ValidationError) as info:
        _pengguna(nik="3201013102990001").full_clean()

    assert list(info.value.message_dict) == ["nik"]


@pytest.mark.django_db
def test_pengguna_dengan_nik_sah_lolos_full_clean_dan_disamarkan():
    pengguna = _pengguna(nik=NIK_PEREMPUAN)

    pengguna.full_clean()

    assert pengguna.nik_tersamar == "3201**********01"
