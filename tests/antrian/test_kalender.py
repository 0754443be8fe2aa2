"""The SLA calendar (Perpres 21/2023): working days and hours, national holidays and cuti bersama, the
admin's table, units with their own week, and the WIB/WITA/WIT time zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from antrian import kalender, services
from antrian.izin import Aktor
from antrian.models import HariLibur, JadwalKerja, JenisTiket
from tests.antrian.factories import UnitFactory

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mulai", "hari", "tenggat"),
    [
        # Monday 6 July 2026 + 1 -> Tuesday, closing at 16:00.
        (wib(2026, 7, 6, 9), 1, wib(2026, 7, 7, 16)),
        # Thursday + 1 -> Friday, which closes at 16:30.
        (wib(2026, 7, 2, 9), 1, wib(2026, 7, 3, 16, 30)),
        # Friday + 1 -> Monday: the weekend does not count.
        (wib(2026, 7, 3, 9), 1, wib(2026, 7, 6, 16)),
        # Friday + 5 -> the next Friday.
        (wib(2026, 7, 3, 9), 5, wib(2026, 7, 10, 16, 30)),
        # Friday 14 August + 1 -> Tuesday 18 August: Monday the 17th is Independence Day.
        (wib(2026, 8, 14, 9), 1, wib(2026, 8, 18, 16)),
        # 17 August and 25 August (Maulid Nabi) both fall in this span of 10 working days.
        (wib(2026, 8, 10, 9), 10, wib(2026, 8, 26, 16)),
        # Filed on Sunday: the first working day after it is Monday.
        (wib(2026, 7, 5, 10), 1, wib(2026, 7, 6, 16)),
        # Zero days on a Sunday: by the close of the next working day.
        (wib(2026, 7, 5, 10), 0, wib(2026, 7, 6, 16)),
        # Zero days on a working day: by its own close.
        (wib(2026, 7, 7, 10), 0, wib(2026, 7, 7, 16)),
    ],
)
def test_tambah_hari_kerja_melewati_akhir_pekan_dan_libur_nasional(mulai, hari, tenggat):
    assert kalender.tambah_hari_kerja(mulai, hari) == tenggat


def test_waktu_utc_dihitung_menurut_tanggal_lokal_wib():
    # 20:00 UTC on Friday is already 03:00 Saturday in Tubei: the next working day is Monday, then Tuesday.
    jumat_malam_utc = dt.datetime(2026, 7, 3, 20, tzinfo=dt.UTC)

    assert kalender.tambah_hari_kerja(jumat_malam_utc, 1) == wib(2026, 7, 6, 16)


def test_hari_libur_dari_admin_tidak_dihitung():
    # Tuesday 7 July 2026 declared a regional holiday.
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")

    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 8, 16)
    assert not kalender.hari_kerja(dt.date(2026, 7, 7))


def test_koreksi_admin_menjadikan_libur_nasional_hari_kerja():
    HariLibur.objects.create(tanggal=dt.date(2026, 8, 17), nama="Koreksi (contoh)", libur=False)

    assert kalender.tambah_hari_kerja(wib(2026, 8, 14, 9), 1) == wib(2026, 8, 17, 16)


def test_sabtu_yang_dijadikan_hari_kerja_oleh_admin_dihitung():
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 4), nama="Pelayanan Sabtu", libur=False)

    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1) == wib(2026, 7, 4, 16)


def test_tabel_libur_disimpan_di_cache_sampai_cache_dihapus():
    kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1)  # fills the cache
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Libur mendadak")

    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 7, 16)
    kalender.hapus_cache()
    assert kalender.tambah_hari_kerja(wib(2026, 7, 6, 9), 1) == wib(2026, 7, 8, 16)


@pytest.mark.parametrize(
    ("awal", "akhir", "jumlah"),
    [
        (wib(2026, 7, 6, 9), wib(2026, 7, 6, 15), 0),  # same day
        (wib(2026, 7, 3, 9), wib(2026, 7, 6, 9), 1),  # Friday -> Monday
        (wib(2026, 7, 6, 9), wib(2026, 7, 20, 9), 10),
        (wib(2026, 8, 14, 9), wib(2026, 8, 18, 9), 1),  # over Independence Day
        (wib(2026, 7, 6, 9), wib(2026, 7, 3, 9), 0),  # backwards: nothing
    ],
)
def test_hari_kerja_antara_dua_waktu(awal, akhir, jumlah):
    assert kalender.hari_kerja_antara(awal, akhir) == jumlah


def test_tiket_yang_diajukan_hari_minggu_bertenggat_dari_hari_senin(unit, warga):
    baru = services.tiket_buat(
        jenis=JenisTiket.KELUHAN,
        unit=unit,
        judul="Lampu jalan mati",
        aktor=Aktor.dari_pengguna(warga),
        tenggat_hari=5,
        tenggat_respons_hari=1,
        waktu=wib(2026, 7, 5, 21),  # Sunday evening
    )

    assert baru.tiket.tenggat_respons == wib(2026, 7, 6, 16)  # Monday's close
    assert baru.tiket.tenggat == wib(2026, 7, 10, 16, 30)  # the fifth working day is Friday
    assert baru.tiket.nomor.startswith("ADU-2607-")


# --- national holidays and cuti bersama from the `holidays` package ------------------------------------


@pytest.mark.parametrize(
    ("tanggal", "kerja"),
    [
        (dt.date(2026, 8, 17), False),  # Independence Day
        (dt.date(2026, 3, 18), False),  # cuti bersama before Nyepi
        (dt.date(2026, 3, 20), False),  # cuti bersama of Idul Fitri
        (dt.date(2026, 5, 15), False),  # cuti bersama after Ascension Day
        (dt.date(2026, 12, 24), False),  # cuti bersama before Christmas
        (dt.date(2026, 3, 25), True),  # an ordinary Wednesday
        (dt.date(2026, 7, 4), False),  # an ordinary Saturday
    ],
)
def test_libur_nasional_dan_cuti_bersama_bukan_hari_kerja(tanggal, kerja):
    assert kalender.hari_kerja(tanggal) is kerja


def test_tenggat_melompati_pekan_cuti_bersama_lebaran_dan_nyepi():
    # Tue 17 March 2026; 18 (cuti bersama), 19 (Nyepi), 20 (cuti bersama), the weekend (Idul Fitri),
    # 23 and 24 (cuti bersama): the first working day after it is Wednesday 25 March.
    assert kalender.tambah_hari_kerja(wib(2026, 3, 17, 9), 1) == wib(2026, 3, 25, 16)


def test_tenggat_melompati_cuti_bersama_natal():
    # Wed 23 Dec 2026 + 1: 24 (cuti bersama), 25 (Christmas), the weekend -> Monday 28 December.
    assert kalender.tambah_hari_kerja(wib(2026, 12, 23, 9), 1) == wib(2026, 12, 28, 16)


# --- filed at night, before opening, or on a day off ---------------------------------------------------


@pytest.mark.parametrize(
    ("mulai", "hari", "tenggat"),
    [
        (wib(2026, 7, 6, 21), 1, wib(2026, 7, 7, 16)),  # Monday night + 1 -> Tuesday's close
        (wib(2026, 7, 6, 21), 0, wib(2026, 7, 7, 16)),  # Monday night, same day: Monday has closed
        (wib(2026, 7, 6, 16), 0, wib(2026, 7, 6, 16)),  # at the very closing time: still that day
        (wib(2026, 7, 6, 5), 0, wib(2026, 7, 6, 16)),  # before opening, same day: today's close
        (wib(2026, 7, 3, 17), 0, wib(2026, 7, 6, 16)),  # Friday after 16:30 -> Monday
        (wib(2026, 7, 5, 23, 59), 1, wib(2026, 7, 6, 16)),  # Sunday night + 1 -> Monday
    ],
)
def test_tiket_malam_hari_dihitung_dari_hari_kerja_berikutnya(mulai, hari, tenggat):
    assert kalender.tambah_hari_kerja(mulai, hari) == tenggat


# --- working hours: breaks, Friday, nights, weekends ---------------------------------------------------


def test_sepekan_bawaan_37_setengah_jam_kerja_di_luar_istirahat():
    assert kalender.waktu_kerja_antara(wib(2026, 7, 6), wib(2026, 7, 13)) == dt.timedelta(
        hours=37, minutes=30
    )
    # Friday is longer but its break is too: 7.5 hours like every other day.
    assert kalender.waktu_kerja_antara(wib(2026, 7, 3), wib(2026, 7, 4)) == dt.timedelta(hours=7, minutes=30)
    assert kalender.waktu_kerja_antara(wib(2026, 7, 6), wib(2026, 7, 7)) == dt.timedelta(hours=7, minutes=30)


JAM = dt.timedelta(hours=1)
MENIT = dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("mulai", "durasi", "hasil"),
    [
        (wib(2026, 7, 6, 9), JAM, wib(2026, 7, 6, 10)),
        (wib(2026, 7, 6, 11, 30), JAM, wib(2026, 7, 6, 13, 30)),  # over the 12:00-13:00 break
        (wib(2026, 7, 6, 12, 30), 30 * MENIT, wib(2026, 7, 6, 13, 30)),  # starting inside the break
        (wib(2026, 7, 6, 15), JAM, wib(2026, 7, 6, 16)),  # ends exactly at closing time: that time
        (wib(2026, 7, 6, 15), 90 * MENIT, wib(2026, 7, 7, 8)),  # over the night
        (wib(2026, 7, 6, 7, 30), 7.5 * JAM, wib(2026, 7, 6, 16)),  # one whole day
        (wib(2026, 7, 3, 11), JAM, wib(2026, 7, 3, 13, 30)),  # Friday's break is 11:30-13:00
        (wib(2026, 7, 3, 16), JAM, wib(2026, 7, 6, 8)),  # Friday closes 16:30, then the weekend
        (wib(2026, 7, 6, 21), JAM, wib(2026, 7, 7, 8, 30)),  # filed at night
        (wib(2026, 7, 6, 5), 30 * MENIT, wib(2026, 7, 6, 8)),  # before opening
        (wib(2026, 7, 5, 10), 30 * MENIT, wib(2026, 7, 6, 8)),  # on Sunday
        (wib(2026, 8, 14, 16), JAM, wib(2026, 8, 18, 8)),  # over Independence Day (Monday 17 August)
        (wib(2026, 3, 17, 15), 2 * JAM, wib(2026, 3, 25, 8, 30)),  # over a week of cuti bersama
        (wib(2026, 7, 4, 10), dt.timedelta(0), wib(2026, 7, 4, 10)),  # nothing added: the same moment
    ],
)
def test_tambah_waktu_kerja_melewati_istirahat_malam_akhir_pekan_dan_libur(mulai, durasi, hasil):
    assert kalender.tambah_waktu_kerja(mulai, durasi) == hasil


def test_tambah_waktu_kerja_negatif_ditolak():
    with pytest.raises(ValueError):
        kalender.tambah_waktu_kerja(wib(2026, 7, 6, 9), -JAM)


@pytest.mark.parametrize(
    ("awal", "akhir", "durasi"),
    [
        (wib(2026, 7, 6, 9), wib(2026, 7, 6, 9), dt.timedelta(0)),  # the same moment
        (wib(2026, 7, 6, 12, 10), wib(2026, 7, 6, 12, 50), dt.timedelta(0)),  # inside one break
        (wib(2026, 7, 3, 11, 40), wib(2026, 7, 3, 12, 50), dt.timedelta(0)),  # inside Friday's break
        (wib(2026, 7, 6, 11, 40), wib(2026, 7, 6, 12, 50), 20 * MENIT),  # Monday's break starts later
        (wib(2026, 7, 6, 20), wib(2026, 7, 7, 7, 30), dt.timedelta(0)),  # one night
        (wib(2026, 7, 3, 16), wib(2026, 7, 6, 8, 30), 90 * MENIT),  # across a weekend
        (wib(2026, 7, 4, 8), wib(2026, 7, 5, 20), dt.timedelta(0)),  # inside a weekend
        (wib(2026, 8, 14, 15), wib(2026, 8, 18, 9), 3 * JAM),  # across Independence Day and a weekend
        (wib(2026, 3, 16), wib(2026, 3, 23), 15 * JAM),  # a week of which only two days are worked
        (wib(2026, 7, 6, 10), wib(2026, 7, 6, 9), dt.timedelta(0)),  # backwards: nothing
    ],
)
def test_waktu_kerja_antara_dua_saat(awal, akhir, durasi):
    assert kalender.waktu_kerja_antara(awal, akhir) == durasi


@pytest.mark.parametrize(
    ("awal", "akhir"),
    [
        (wib(2026, 7, 6, 9), wib(2026, 7, 6, 14, 17)),
        (wib(2026, 7, 3, 22), wib(2026, 7, 7, 10)),  # from a Friday night
        (wib(2026, 7, 5, 12), wib(2026, 7, 6, 7, 31)),  # from a Sunday to just after opening
        (wib(2026, 8, 13, 12, 30), wib(2026, 8, 18, 15, 59)),  # from a break, over a holiday
        (wib(2026, 3, 17, 9), wib(2026, 3, 26, 11, 11)),  # over a week of cuti bersama
        (wib(2026, 7, 6, 9), wib(2026, 9, 30, 10)),  # a whole quarter
    ],
)
def test_tambah_waktu_kerja_sebesar_waktu_kerja_antara_kembali_ke_akhir(awal, akhir):
    assert kalender.tambah_waktu_kerja(awal, kalender.waktu_kerja_antara(awal, akhir)) == akhir


@pytest.mark.parametrize("awal", [wib(2026, 7, 6, 9), wib(2026, 7, 3, 23), wib(2026, 8, 16, 12)])
@pytest.mark.parametrize("durasi", [MENIT, 30 * MENIT, 4 * JAM, 7.5 * JAM, 40 * JAM])
def test_waktu_kerja_antara_sampai_hasil_tambah_sama_dengan_durasi(awal, durasi):
    assert kalender.waktu_kerja_antara(awal, kalender.tambah_waktu_kerja(awal, durasi)) == durasi


# --- the admin's table ---------------------------------------------------------------------------------


def test_sabtu_koreksi_admin_memakai_jam_kerja_hari_senin():
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 4), nama="Pelayanan Sabtu", libur=False)

    # Friday 16:00 + 1 hour: half an hour on Friday, then Saturday from 07:30.
    assert kalender.tambah_waktu_kerja(wib(2026, 7, 3, 16), JAM) == wib(2026, 7, 4, 8)
    assert kalender.waktu_kerja_antara(wib(2026, 7, 4), wib(2026, 7, 5)) == 7.5 * JAM


def test_libur_daerah_dari_admin_tidak_punya_jam_kerja():
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 8), nama="Hari jadi Kabupaten")

    assert kalender.waktu_kerja_antara(wib(2026, 7, 7, 16), wib(2026, 7, 9, 7, 30)) == dt.timedelta(0)
    assert kalender.tambah_waktu_kerja(wib(2026, 7, 7, 15), 2 * JAM) == wib(2026, 7, 9, 8, 30)


# --- a unit with its own week --------------------------------------------------------------------------


@pytest.fixture
def unit_sabtu(db):
    """Serves Monday-Friday 08:00-15:00 (break 12:00-13:00) and Saturday 08:00-12:00."""
    unit = UnitFactory(kode="mpp", nama="Mal Pelayanan Publik")
    for hari in range(5):
        JadwalKerja.objects.create(
            unit=unit,
            hari=hari,
            jam_mulai=dt.time(8),
            jam_selesai=dt.time(15),
            istirahat_mulai=dt.time(12),
            istirahat_selesai=dt.time(13),
        )
    JadwalKerja.objects.create(unit=unit, hari=5, jam_mulai=dt.time(8), jam_selesai=dt.time(12))
    return unit


def test_unit_yang_melayani_hari_sabtu_menghitung_sabtu(unit_sabtu):
    assert kalender.hari_kerja(dt.date(2026, 7, 4), unit=unit_sabtu)
    assert not kalender.hari_kerja(dt.date(2026, 7, 4))
    assert not kalender.hari_kerja(dt.date(2026, 7, 5), unit=unit_sabtu)  # Sunday stays off

    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit_sabtu) == wib(2026, 7, 4, 12)
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 2, unit=unit_sabtu) == wib(2026, 7, 6, 15)
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1) == wib(2026, 7, 6, 16)


def test_unit_berjadwal_sendiri_memakai_jam_kerjanya(unit_sabtu):
    # Friday 14:00 + 2 hours: one hour until its 15:00 close, then Saturday from 08:00.
    assert kalender.tambah_waktu_kerja(wib(2026, 7, 3, 14), 2 * JAM, unit=unit_sabtu) == wib(2026, 7, 4, 9)
    # Friday 6 hours + Saturday 4 hours.
    assert kalender.waktu_kerja_antara(wib(2026, 7, 3), wib(2026, 7, 6), unit=unit_sabtu) == 10 * JAM
    assert kalender.waktu_kerja_antara(wib(2026, 7, 3), wib(2026, 7, 6)) == 7.5 * JAM


def test_libur_nasional_di_hari_sabtu_berlaku_untuk_unit_yang_melayani_sabtu(unit_sabtu):
    # Saturday 21 March 2026 is Idul Fitri.
    assert not kalender.hari_kerja(dt.date(2026, 3, 21), unit=unit_sabtu)
    assert kalender.hari_kerja(dt.date(2026, 3, 28), unit=unit_sabtu)


def test_koreksi_admin_di_hari_tanpa_jadwal_unit_memakai_hari_kerja_pertamanya(unit_sabtu):
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 5), nama="Pelayanan Minggu", libur=False)

    assert kalender.tambah_hari_kerja(wib(2026, 7, 4, 9), 1, unit=unit_sabtu) == wib(2026, 7, 5, 15)


def test_jadwal_unit_disimpan_di_cache_sampai_cache_dihapus(unit):
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 6, 16)
    JadwalKerja.objects.create(unit=unit, hari=5, jam_mulai=dt.time(8), jam_selesai=dt.time(12))

    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 6, 16)
    kalender.hapus_cache()
    # Its rows replace the default week entirely: now it serves on Saturdays only.
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 4, 12)
    assert kalender.unit_berjadwal_sendiri() == {unit.pk}


def test_kalender_tidak_bertanya_ke_basis_data_per_hari(unit_sabtu, django_assert_max_num_queries):
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")
    # The first use reads the two tables once each...
    with django_assert_max_num_queries(2):
        kalender.waktu_kerja_antara(wib(2026, 1, 1), wib(2026, 12, 31), unit=unit_sabtu)
    # ...and from then on nothing, however far the walk goes.
    with django_assert_max_num_queries(0):
        kalender.tambah_hari_kerja(wib(2026, 1, 1), 500, unit=unit_sabtu)
        kalender.tambah_waktu_kerja(wib(2026, 1, 1), 1000 * JAM, unit=unit_sabtu)
        kalender.waktu_kerja_antara(wib(2026, 1, 1), wib(2027, 12, 31), unit=unit_sabtu)
        kalender.hari_kerja_antara(wib(2026, 1, 1), wib(2027, 12, 31))


def test_jam_kerja_bawaan_dari_pengaturan(settings):
    settings.JAM_KERJA = {hari: ("08:00", "17:00") for hari in range(6)}

    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1) == wib(2026, 7, 4, 17)
    assert kalender.waktu_kerja_antara(wib(2026, 7, 6), wib(2026, 7, 7)) == 9 * JAM


# --- time zones: WIB, WITA, WIT (no daylight saving time) ----------------------------------------------

WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
UTC = dt.UTC


def test_zona_waktu_portal_wita_menutup_pukul_16_waktu_setempat(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    # 16:30 UTC on Thursday 2 July is 00:30 on Friday in WITA (but 23:30 Thursday in WIB).
    tenggat = kalender.tambah_hari_kerja(dt.datetime(2026, 7, 2, 16, 30, tzinfo=UTC), 1)

    assert tenggat.astimezone(WITA) == dt.datetime(2026, 7, 6, 16, tzinfo=WITA)
    assert tenggat.utcoffset() == dt.timedelta(hours=8)
    assert tenggat == dt.datetime(2026, 7, 6, 8, tzinfo=UTC)


def test_zona_waktu_unit_mengalahkan_zona_waktu_portal(settings, unit):
    settings.TIME_ZONE = "Asia/Makassar"
    unit.zona_waktu = "Asia/Jayapura"
    moment = dt.datetime(2026, 7, 2, 16, 30, tzinfo=UTC)  # Thursday 23:30 WIB, Friday 01:30 WIT

    tenggat = kalender.tambah_hari_kerja(moment, 1, unit=unit)

    assert tenggat.tzinfo == WIT
    assert (tenggat.date(), tenggat.time()) == (dt.date(2026, 7, 6), dt.time(16))
    assert tenggat == dt.datetime(2026, 7, 6, 7, tzinfo=UTC)


def test_hari_yang_sama_di_wib_dan_wit_bisa_berbeda_hari_kerja(unit):
    moment = dt.datetime(2026, 7, 2, 16, 30, tzinfo=UTC)  # Thursday 23:30 WIB, Friday 01:30 WIT
    assert kalender.tambah_hari_kerja(moment, 1, unit=unit) == wib(2026, 7, 3, 16, 30)

    unit.zona_waktu = "Asia/Jayapura"
    assert kalender.tambah_hari_kerja(moment, 1, unit=unit) == dt.datetime(2026, 7, 6, 16, tzinfo=WIT)


def test_jam_kerja_wit_dihitung_menurut_jam_setempat(unit):
    unit.zona_waktu = "Asia/Jayapura"
    # 08:00-09:00 UTC on Monday: 15:00-16:00 in WIB (working), 17:00-18:00 in WIT (closed).
    awal, akhir = dt.datetime(2026, 7, 6, 8, tzinfo=UTC), dt.datetime(2026, 7, 6, 9, tzinfo=UTC)
    assert kalender.waktu_kerja_antara(awal, akhir) == JAM
    assert kalender.waktu_kerja_antara(awal, akhir, unit=unit) == dt.timedelta(0)
    # 15:30 WIT + 1 hour: half an hour on Monday, half an hour from 07:30 WIT on Tuesday.
    hasil = kalender.tambah_waktu_kerja(dt.datetime(2026, 7, 6, 6, 30, tzinfo=UTC), JAM, unit=unit)
    assert hasil == dt.datetime(2026, 7, 7, 8, tzinfo=WIT)
    assert hasil == dt.datetime(2026, 7, 6, 23, tzinfo=UTC)
