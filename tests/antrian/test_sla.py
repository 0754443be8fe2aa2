"""The SLA clock through the real services: the deadlines a submission gets, and how waiting for the
citizen (`menunggu_warga`) stops the clock and moves the tenggat by exactly the paused working time."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from antrian import services
from antrian.izin import Aktor
from antrian.models import HariLibur, JadwalKerja, JenisTiket, Tiket, Unit
from keluhan.models import TENGGAT_PENUGASAN_HARI, TENGGAT_TINDAK_LANJUT_HARI, KategoriKeluhan
from keluhan.services import keluhan_ajukan
from layanan.services import permohonan_ajukan
from tests.antrian.factories import UnitFactory, buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, buat_layanan_akta, dokumen_akta

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")
JAM = dt.timedelta(hours=1)
MENIT = dt.timedelta(minutes=1)


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def pada(saat: dt.datetime) -> Any:
    """Freeze `timezone.now()` as the services see it."""
    return mock.patch("django.utils.timezone.now", return_value=saat)


@pytest.fixture
def unit_sabtu(db) -> Unit:
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


# --- deadlines at submission -------------------------------------------------------------------------


def ajukan_permohonan(layanan, warga, saat: dt.datetime) -> Tiket:
    with pada(saat):
        baru = permohonan_ajukan(
            layanan=layanan, aktor=aktor(warga), jawaban=JAWABAN_AKTA, dokumen=dokumen_akta(), kontak=None
        )
    return segarkan(baru.tiket)


def ajukan_keluhan(kategori: KategoriKeluhan, warga, saat: dt.datetime) -> Tiket:
    with pada(saat):
        baru = keluhan_ajukan(
            kategori=kategori, aktor=aktor(warga), judul="Jalan berlubang", isi="Di depan pasar."
        )
    return segarkan(baru.tiket)


def test_permohonan_minggu_malam_bertenggat_jangka_waktu_layanan_dari_senin(unit, warga):
    layanan = buat_layanan_akta(unit, jangka_waktu_hari=5, target_respons_hari=2)

    tiket = ajukan_permohonan(layanan, warga, wib(2026, 7, 5, 21))  # Sunday night

    assert tiket.tenggat == wib(2026, 7, 10, 16, 30)  # Mon..Fri: the fifth is Friday, closing 16:30
    assert tiket.tenggat_respons == wib(2026, 7, 7, 16)  # the second working day
    assert tiket.tenggat_penugasan is None  # the 3-day assignment limit is a complaint's


def test_permohonan_melewati_hari_kemerdekaan(unit, warga):
    layanan = buat_layanan_akta(unit, jangka_waktu_hari=3, target_respons_hari=1)

    tiket = ajukan_permohonan(layanan, warga, wib(2026, 8, 14, 10))  # Friday before 17 August

    # Tue 18, Wed 19, Thu 20 August.
    assert tiket.tenggat == wib(2026, 8, 20, 16)
    assert tiket.tenggat_respons == wib(2026, 8, 18, 16)


def test_permohonan_di_unit_yang_melayani_sabtu_memakai_kalender_unit(unit_sabtu, warga):
    layanan = buat_layanan_akta(unit_sabtu, jangka_waktu_hari=2, target_respons_hari=1)

    tiket = ajukan_permohonan(layanan, warga, wib(2026, 7, 3, 10))  # Friday

    assert tiket.tenggat_respons == wib(2026, 7, 4, 12)  # Saturday, closing at noon
    assert tiket.tenggat == wib(2026, 7, 6, 15)  # Monday, at the unit's 15:00 close


def test_permohonan_di_unit_wit_jatuh_tempo_pukul_16_waktu_setempat(warga):
    unit = UnitFactory(kode="papua", nama="UPT Jayapura", zona_waktu="Asia/Jayapura")
    layanan = buat_layanan_akta(unit, jangka_waktu_hari=1, target_respons_hari=1)

    # Thursday 23:30 WIB is already Friday 01:30 in Jayapura: the first working day after it is Monday.
    tiket = ajukan_permohonan(layanan, warga, wib(2026, 7, 2, 23, 30))

    lokal = tiket.tenggat.astimezone(WIT)
    assert (lokal.date(), lokal.time()) == (dt.date(2026, 7, 6), dt.time(16))
    assert tiket.tenggat == dt.datetime(2026, 7, 6, 7, tzinfo=dt.UTC)


@pytest.fixture
def kategori(unit) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(kode="jalan", nama="Jalan rusak", unit_default=unit)


def test_keluhan_ditugaskan_dalam_3_dan_ditindaklanjuti_dalam_5_hari_kerja(kategori, warga):
    assert (TENGGAT_PENUGASAN_HARI, TENGGAT_TINDAK_LANJUT_HARI) == (3, 5)

    # Friday night before Independence Day (Monday 17 August 2026).
    tiket = ajukan_keluhan(kategori, warga, wib(2026, 8, 14, 20))

    assert tiket.tenggat_respons == wib(2026, 8, 18, 16)  # the category's default: 1 working day
    assert tiket.tenggat_penugasan == wib(2026, 8, 20, 16)  # Tue 18, Wed 19, Thu 20
    assert tiket.tenggat == wib(2026, 8, 24, 16)  # ... Fri 21, Mon 24


def test_keluhan_melewati_cuti_bersama_lebaran(kategori, warga):
    # Tuesday 17 March 2026, then Nyepi, Idul Fitri and their cuti bersama until Tuesday 24 March.
    tiket = ajukan_keluhan(kategori, warga, wib(2026, 3, 17, 10))

    assert tiket.tenggat_respons == wib(2026, 3, 25, 16)
    assert tiket.tenggat_penugasan == wib(2026, 3, 27, 16, 30)  # Wed 25, Thu 26, Fri 27
    assert tiket.tenggat == wib(2026, 3, 31, 16)  # ... Mon 30, Tue 31


def test_keluhan_dengan_target_respons_hari_yang_sama_diajukan_malam_hari(kategori, warga):
    kategori.target_respons_hari = 0
    kategori.save()

    tiket = ajukan_keluhan(kategori, warga, wib(2026, 7, 6, 21))  # Monday, after closing

    assert tiket.tenggat_respons == wib(2026, 7, 7, 16)  # never before the submission itself
    assert tiket.tenggat_respons > tiket.diajukan_pada


def test_hari_libur_daerah_dari_admin_menggeser_tenggat_keluhan(kategori, warga):
    HariLibur.objects.create(tanggal=dt.date(2026, 7, 7), nama="Hari jadi Kabupaten")

    tiket = ajukan_keluhan(kategori, warga, wib(2026, 7, 6, 9))

    assert tiket.tenggat_respons == wib(2026, 7, 8, 16)
    assert tiket.tenggat_penugasan == wib(2026, 7, 10, 16, 30)  # Wed 8, Thu 9, Fri 10
    assert tiket.tenggat == wib(2026, 7, 14, 16)


# --- the clock stops while waiting for the citizen -------------------------------------------------


def diproses(unit: Unit, warga, petugas, saat: dt.datetime) -> Tiket:
    with pada(saat):
        tiket = buat_tiket(unit, pemohon=warga).tiket
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    return tiket


def tunggu_warga(tiket: Tiket, petugas, warga, dari: dt.datetime, sampai: dt.datetime) -> Tiket:
    with pada(dari):
        services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Kirim KK.")
    with pada(sampai):
        services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Terlampir.")
    return segarkan(tiket)


def dengan_tenggat(tiket: Tiket, tenggat: dt.datetime) -> None:
    Tiket.objects.filter(pk=tiket.pk).update(tenggat=tenggat)


def test_jeda_setengah_jam_menggeser_tenggat_setengah_jam_kerja(unit, warga, petugas):
    tiket = diproses(unit, warga, petugas, wib(2026, 7, 6, 8))
    dengan_tenggat(tiket, wib(2026, 7, 10, 16, 30))  # Friday's close

    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 6, 9), wib(2026, 7, 6, 9, 30))

    assert hasil.durasi_jeda == 30 * MENIT
    assert hasil.durasi_jeda_kerja == 30 * MENIT
    # Not a whole day: half an hour of working time, carried over the weekend to Monday 08:00.
    assert hasil.tenggat == wib(2026, 7, 13, 8)


def test_jeda_melewati_istirahat_siang_hanya_menghitung_jam_kerja(unit, warga, petugas):
    tiket = diproses(unit, warga, petugas, wib(2026, 7, 6, 8))
    dengan_tenggat(tiket, wib(2026, 7, 8, 10))

    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 6, 11, 30), wib(2026, 7, 6, 13, 30))

    assert hasil.durasi_jeda == 2 * JAM
    assert hasil.durasi_jeda_kerja == JAM
    assert hasil.tenggat == wib(2026, 7, 8, 11)


def test_jeda_melewati_libur_nasional_dan_akhir_pekan(unit, warga, petugas):
    tiket = diproses(unit, warga, petugas, wib(2026, 8, 13, 9))
    dengan_tenggat(tiket, wib(2026, 8, 19, 16))

    # Friday 14 August 15:00 until Tuesday 18 August 09:00: the weekend and Independence Day between.
    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 8, 14, 15), wib(2026, 8, 18, 9))

    assert hasil.durasi_jeda == dt.timedelta(days=3, hours=18)
    assert hasil.durasi_jeda_kerja == 3 * JAM  # 15:00-16:30 Friday, 07:30-09:00 Tuesday
    assert hasil.tenggat == wib(2026, 8, 20, 10, 30)  # from Wednesday's close, three hours on Thursday


def test_jeda_di_luar_jam_kerja_tidak_menggeser_tenggat(unit, warga, petugas):
    tiket = diproses(unit, warga, petugas, wib(2026, 7, 3, 9))
    dengan_tenggat(tiket, wib(2026, 7, 8, 16))

    # Asked on Friday evening, answered on Saturday morning: no working time passed.
    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 3, 17), wib(2026, 7, 4, 10))

    assert hasil.durasi_jeda == 17 * JAM
    assert hasil.durasi_jeda_kerja == dt.timedelta(0)
    assert hasil.tenggat == wib(2026, 7, 8, 16)


def test_jeda_berulang_menjumlahkan_waktu_kerja_dan_menggeser_tenggat_sebanyak_itu(unit, warga, petugas):
    tiket = diproses(unit, warga, petugas, wib(2026, 7, 6, 8))
    dengan_tenggat(tiket, wib(2026, 7, 10, 16, 30))

    tunggu_warga(tiket, petugas, warga, wib(2026, 7, 6, 9), wib(2026, 7, 6, 12))  # 3 hours
    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 7, 15), wib(2026, 7, 8, 8))  # 1 h + 30 min

    assert hasil.durasi_jeda_kerja == 4.5 * JAM
    assert hasil.durasi_jeda == 3 * JAM + 17 * JAM
    # Friday 16:30 + 4.5 hours: Monday 07:30-12:00, ending exactly as the lunch break begins.
    assert hasil.tenggat == wib(2026, 7, 13, 12)


def test_jeda_di_unit_yang_melayani_sabtu_memakai_jam_kerja_unit(unit_sabtu, warga):
    petugas = buat_petugas(unit_sabtu)
    tiket = diproses(unit_sabtu, warga, petugas, wib(2026, 7, 3, 8))
    dengan_tenggat(tiket, wib(2026, 7, 7, 15))

    # Friday 14:00 to Monday 09:00: 1 hour on Friday, 4 on Saturday, 1 on Monday.
    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 3, 14), wib(2026, 7, 6, 9))

    assert hasil.durasi_jeda_kerja == 6 * JAM
    # Six hours is the unit's whole day (not the default 7.5): Tuesday's close moves to Wednesday's.
    assert hasil.tenggat == wib(2026, 7, 8, 15)


def test_jeda_di_unit_wit_menggeser_tenggat_menurut_jam_setempat(warga):
    unit = UnitFactory(kode="papua", nama="UPT Jayapura", zona_waktu="Asia/Jayapura")
    petugas = buat_petugas(unit)
    tiket = diproses(unit, warga, petugas, wib(2026, 7, 6, 6))
    dengan_tenggat(tiket, dt.datetime(2026, 7, 8, 16, tzinfo=WIT))

    # 13:00-15:00 WIB on Monday is 15:00-17:00 in Jayapura: only one working hour there (until 16:00).
    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 6, 13), wib(2026, 7, 6, 15))

    assert hasil.durasi_jeda_kerja == JAM
    lokal = hasil.tenggat.astimezone(WIT)
    assert (lokal.date(), lokal.time()) == (dt.date(2026, 7, 9), dt.time(8, 30))


def test_jeda_tidak_menggeser_tenggat_penugasan_yang_sudah_terpenuhi(unit, warga, petugas):
    with pada(wib(2026, 7, 6, 8)), transaction.atomic():
        tiket = services.tiket_buat(
            jenis=JenisTiket.KELUHAN,
            unit=unit,
            judul="Lampu jalan mati",
            aktor=Aktor.dari_pengguna(warga),
            tenggat_hari=5,
            tenggat_penugasan_hari=3,
        ).tiket
    with pada(wib(2026, 7, 6, 8, 30)):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))

    hasil = tunggu_warga(tiket, petugas, warga, wib(2026, 7, 6, 9), wib(2026, 7, 7, 9))

    assert hasil.tenggat_penugasan == wib(2026, 7, 9, 16)  # assigned on Monday: the limit was met
    assert hasil.tenggat_respons == wib(2026, 7, 7, 16)
    assert hasil.tenggat == wib(2026, 7, 14, 16)  # Monday 13 July's close plus 7.5 hours
