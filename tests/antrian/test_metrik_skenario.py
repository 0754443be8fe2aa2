"""The metrics of single tikets through the real services, every moment exact (time_machine, no tick):
first response, pauses, reopens, reassignment and days off, hand-computed in working and calendar hours.

The default week (settings.JAM_KERJA): Monday–Thursday 07:30–12:00 and 13:00–16:00, Friday 07:30–11:30
and 13:00–16:30 — 7.5 working hours a day, Asia/Jakarta. The helpers here are shared by the other
test_metrik_* modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.db import transaction

from antrian import services
from antrian.metrik import rujukan
from antrian.models import JenisTiket, MetrikTiket, Peran, Petugas, Tiket, Unit
from antrian.selectors.kinerja import (
    BarisKinerja,
    Rentang,
    Saringan,
    kinerja_petugas,
    kinerja_total,
    kinerja_unit,
)
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_manajer, buat_petugas
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
JAM = dt.timedelta(hours=1)


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def jam(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


# --- shared helpers -----------------------------------------------------------------------------------


@dataclass
class Dunia:
    """Two units (A, B), two officers and a supervisor in A, one officer and a supervisor in B, a citizen
    and a manager."""

    unit_a: Unit
    unit_b: Unit
    p1: Petugas
    p2: Petugas
    sup_a: Petugas
    q1: Petugas
    sup_b: Petugas
    warga: Pengguna
    manajer: Pengguna

    def ajukan(
        self,
        saat: dt.datetime,
        *,
        unit: Unit | None = None,
        tenggat_hari: int = 5,
        layanan: str = "",
        jenis: str = JenisTiket.KELUHAN,
    ) -> Tiket:
        with time_machine.travel(saat, tick=False), transaction.atomic():
            return services.tiket_buat(
                jenis=JenisTiket(jenis),
                unit=unit or self.unit_a,
                judul="Uji metrik",
                aktor=aktor(self.warga),
                tenggat_hari=tenggat_hari,
                layanan=layanan,
            ).tiket

    def pada(self, saat: dt.datetime, fungsi: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Run one service at `saat` exactly."""
        with time_machine.travel(saat, tick=False):
            return fungsi(**kwargs)

    def ambil(self, saat: dt.datetime, tiket: Tiket, petugas: Petugas) -> None:
        self.pada(saat, services.tiket_ambil, tiket=tiket.pk, aktor=aktor(petugas))

    def mulai(self, saat: dt.datetime, tiket: Tiket, petugas: Petugas) -> None:
        self.pada(saat, services.tiket_mulai, tiket=tiket.pk, aktor=aktor(petugas))

    def selesaikan(self, saat: dt.datetime, tiket: Tiket, petugas: Petugas) -> None:
        self.pada(saat, services.tiket_selesaikan, tiket=tiket.pk, aktor=aktor(petugas), catatan="Beres.")

    def minta(self, saat: dt.datetime, tiket: Tiket, petugas: Petugas) -> None:
        self.pada(
            saat, services.tiket_minta_kelengkapan, tiket=tiket.pk, aktor=aktor(petugas), pesan="Foto KTP."
        )

    def lengkapi(self, saat: dt.datetime, tiket: Tiket) -> None:
        self.pada(saat, services.tiket_lengkapi, tiket=tiket.pk, aktor=aktor(self.warga), pesan="Ini.")

    def buka_kembali(self, saat: dt.datetime, tiket: Tiket) -> None:
        self.pada(saat, services.tiket_buka_kembali, tiket=tiket.pk, aktor=aktor(self.warga), alasan="Belum.")

    def tanggapi(self, saat: dt.datetime, tiket: Tiket, siapa: object, *, internal: bool = False) -> None:
        self.pada(
            saat, services.tiket_tanggapi, tiket=tiket.pk, aktor=aktor(siapa), isi="Halo.", internal=internal
        )

    def tuntas(self, tiket: Tiket, petugas: Petugas, mulai: dt.datetime, selesai: dt.datetime) -> None:
        """Claimed and started at `mulai`, resolved at `selesai`."""
        self.ambil(mulai, tiket, petugas)
        self.mulai(mulai, tiket, petugas)
        self.selesaikan(selesai, tiket, petugas)


def buat_dunia() -> Dunia:
    unit_a = UnitFactory(kode="unit-a", nama="A Dukcapil")
    unit_b = UnitFactory(kode="unit-b", nama="B Perizinan")
    return Dunia(
        unit_a=unit_a,
        unit_b=unit_b,
        p1=buat_petugas(unit_a),
        p2=buat_petugas(unit_a),
        sup_a=buat_petugas(unit_a, peran=Peran.SUPERVISOR),
        q1=buat_petugas(unit_b),
        sup_b=buat_petugas(unit_b, peran=Peran.SUPERVISOR),
        warga=PenggunaFactory(),
        manajer=buat_manajer(),
    )


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


def metrik(tiket: Tiket) -> MetrikTiket:
    return MetrikTiket.objects.get(pk=tiket.pk)


def rentang(dari: dt.date, sampai: dt.date) -> Rentang:
    return Rentang(dari=dari, sampai=sampai)


def baris_unit(dunia: Dunia, r: Rentang, unit: Unit, saat: dt.datetime) -> BarisKinerja:
    """The manager's row of `unit`, read at `saat`."""
    with time_machine.travel(saat, tick=False):
        return next(b for b in kinerja_unit(aktor=aktor(dunia.manajer), rentang=r) if b.kunci == unit.pk)


def baris_petugas(dunia: Dunia, r: Rentang, petugas: Petugas, saat: dt.datetime) -> BarisKinerja:
    with time_machine.travel(saat, tick=False):
        semua = kinerja_petugas(aktor=aktor(dunia.manajer), rentang=r, unit_id=dunia.unit_a.pk)
    return next(b for b in semua if b.kunci == petugas.pk)


def total(dunia: Dunia, r: Rentang, saat: dt.datetime, saringan: Saringan | None = None) -> BarisKinerja:
    with time_machine.travel(saat, tick=False):
        return kinerja_total(aktor=aktor(dunia.manajer), rentang=r, saringan=saringan or Saringan())


def cocok_dengan_rujukan() -> None:
    """The incremental summary equals the independent recomputation, row for row."""
    beda = [
        (m.tiket_id, medan) for batch in rujukan.hitung_semua() for m, _, medan in rujukan.bandingkan(batch)
    ]
    assert beda == []


MINGGU_1 = (dt.date(2026, 8, 3), dt.date(2026, 8, 9))  # Monday 3 – Sunday 9 August 2026, no holiday
SETELAH = wib(2026, 8, 20, 12)  # read long after the range: titik_akhir is the range's end


# --- first response -----------------------------------------------------------------------------------


def test_respons_pertama_oleh_balasan_publik_bukan_catatan_internal_atau_penugasan(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 9), t, dunia.p1)  # an assignment is not a response
    dunia.tanggapi(wib(2026, 8, 3, 9, 30), t, dunia.p1, internal=True)  # nor an internal note
    dunia.tanggapi(wib(2026, 8, 3, 9, 45), t, dunia.warga)  # nor the citizen's own reply
    dunia.tanggapi(wib(2026, 8, 3, 10), t, dunia.p1)  # the first public officer reply
    dunia.mulai(wib(2026, 8, 3, 14), t, dunia.p1)

    m = metrik(t)
    assert m.respons_pada == wib(2026, 8, 3, 10)
    assert (m.respons_kerja, m.respons_kalender) == (jam(2), jam(2))
    assert (m.respons_petugas_id, m.respons_unit_id) == (dunia.p1.pk, dunia.unit_a.pk)
    cocok_dengan_rujukan()


def test_respons_pertama_oleh_mulai_melewati_malam_dihitung_jam_kerja_dan_kalender(dunia: Dunia) -> None:
    t1 = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 9), t1, dunia.p1)
    dunia.tanggapi(wib(2026, 8, 3, 10), t1, dunia.p1)
    # Submitted Monday 15:00, started Tuesday 08:30: 1 h Monday + 1 h Tuesday; 17.5 calendar hours.
    t2 = dunia.ajukan(wib(2026, 8, 3, 15))
    dunia.ambil(wib(2026, 8, 3, 15, 30), t2, dunia.p2)
    dunia.mulai(wib(2026, 8, 4, 8, 30), t2, dunia.p2)

    m2 = metrik(t2)
    assert (m2.respons_kerja, m2.respons_kalender) == (jam(2), jam(17.5))
    assert m2.respons_petugas_id == dunia.p2.pk

    r = rentang(*MINGGU_1)
    unit = baris_unit(dunia, r, dunia.unit_a, SETELAH)
    assert unit.respons_kerja.n == 2
    assert unit.respons_kerja.median == pytest.approx(2.0)
    assert unit.respons_kalender.median == pytest.approx((2 + 17.5) / 2)
    assert unit.respons_kalender.rerata == pytest.approx(9.75)
    b1, b2 = baris_petugas(dunia, r, dunia.p1, SETELAH), baris_petugas(dunia, r, dunia.p2, SETELAH)
    assert (b1.respons_kerja.n, b1.respons_kalender.median) == (1, pytest.approx(2.0))
    assert (b2.respons_kerja.median, b2.respons_kalender.median) == (pytest.approx(2.0), pytest.approx(17.5))
    cocok_dengan_rujukan()


# --- pause, reopen -----------------------------------------------------------------------------------


def test_jeda_menunggu_warga_tidak_dihitung_dan_menggeser_tenggat(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))  # 5 hari kerja: Monday 10 August 16:00
    assert metrik(t).tenggat == wib(2026, 8, 10, 16)
    dunia.ambil(wib(2026, 8, 3, 8, 30), t, dunia.p1)
    dunia.mulai(wib(2026, 8, 3, 9), t, dunia.p1)
    dunia.minta(wib(2026, 8, 4, 10), t, dunia.p1)
    dunia.lengkapi(wib(2026, 8, 5, 9), t)
    # Paused Tue 10:00–12:00, 13:00–16:00, Wed 07:30–09:00: 6.5 working hours, 23 calendar hours.
    m = metrik(t)
    assert (m.jeda_kerja, m.jeda_kalender, m.jeda_sejak) == (jam(6.5), jam(23), None)
    # The tenggat moves by the paused working time: Monday 16:00 + 6.5 h = Tuesday 11 August 15:00.
    assert m.tenggat == wib(2026, 8, 11, 15)
    dunia.selesaikan(wib(2026, 8, 6, 11), t, dunia.p1)

    # Mon 08:00 -> Thu 11:00 is 7 + 7.5 + 7.5 + 3.5 = 25.5 working hours, 75 calendar hours.
    m = metrik(t)
    assert (m.selesai_kerja, m.selesai_kalender) == (jam(19), jam(52))
    assert m.tepat_waktu is True
    assert (m.selesai_petugas_id, m.selesai_unit_id) == (dunia.p1.pk, dunia.unit_a.pk)
    unit = baris_unit(dunia, rentang(*MINGGU_1), dunia.unit_a, SETELAH)
    assert (unit.selesai, unit.selesai_tepat, unit.kepatuhan_sla) == (1, 1, 100.0)
    assert unit.selesai_kerja.median == pytest.approx(19.0)
    assert unit.selesai_kalender.median == pytest.approx(52.0)
    cocok_dengan_rujukan()


def test_buka_kembali_tidak_menghitung_jeda_maupun_masa_berstatus_selesai(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    lain = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.tuntas(lain, dunia.p2, wib(2026, 8, 3, 9), wib(2026, 8, 3, 11))
    dunia.ambil(wib(2026, 8, 3, 8, 30), t, dunia.p1)
    dunia.mulai(wib(2026, 8, 3, 9), t, dunia.p1)
    dunia.minta(wib(2026, 8, 3, 14), t, dunia.p1)
    dunia.lengkapi(wib(2026, 8, 4, 9), t)  # paused: Mon 14–16 + Tue 07:30–09:00 = 3.5 h; 19 h calendar
    dunia.selesaikan(wib(2026, 8, 4, 15), t, dunia.p1)
    pertama = metrik(t)
    assert (pertama.selesai_kerja, pertama.selesai_kalender) == (jam(13.5 - 3.5), jam(31 - 19))
    dunia.buka_kembali(wib(2026, 8, 5, 10), t)  # stood resolved: Tue 15–16 + Wed 07:30–10:00 = 3.5 h
    dibuka = metrik(t)
    assert dibuka.selesai_pada is None and dibuka.berakhir_pada is None
    assert dibuka.dibuka_kembali == 1
    dunia.selesaikan(wib(2026, 8, 6, 10), t, dunia.p1)

    # Mon 08:00 -> Thu 10:00: 7 + 7.5 + 7.5 + 2.5 = 24.5 working hours, 74 calendar hours.
    m = metrik(t)
    assert (m.jeda_kerja, m.jeda_kalender) == (jam(7), jam(38))
    assert (m.selesai_kerja, m.selesai_kalender) == (jam(17.5), jam(36))
    assert (m.selesai_pada, m.dibuka_kembali) == (wib(2026, 8, 6, 10), 1)
    # The tenggat moved by every stop of the clock: the citizen's pause and the time it stood resolved
    # (Mon 10 Aug 16:00 + 3.5 h + 3.5 h = Tue 11 Aug 15:30), so a reopen is judged against a fair tenggat.
    assert m.tenggat == wib(2026, 8, 11, 15, 30)

    unit = baris_unit(dunia, rentang(*MINGGU_1), dunia.unit_a, SETELAH)
    assert (unit.selesai, unit.dibuka_kembali) == (2, 1)
    assert unit.tingkat_buka_kembali == pytest.approx(50.0)
    cocok_dengan_rujukan()


def test_tiket_dibuka_kembali_setelah_rentang_tidak_lagi_selesai_di_rentang_itu(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.tuntas(t, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 7, 9))
    dunia.buka_kembali(wib(2026, 8, 10, 9), t)
    unit = baris_unit(dunia, rentang(*MINGGU_1), dunia.unit_a, SETELAH)
    # Read with what is known now: open again, so open at the end of the range, not resolved in it.
    assert (unit.selesai, unit.terbuka, unit.terlambat) == (0, 1, 0)


# --- reassignment ------------------------------------------------------------------------------------


def test_tugaskan_ulang_respons_milik_penanggap_dan_penyelesaian_milik_penyelesai(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 8, 30), t, dunia.p1)
    dunia.tanggapi(wib(2026, 8, 3, 9), t, dunia.p1)
    dunia.pada(
        wib(2026, 8, 3, 10),
        services.tiket_tugaskan_ulang,
        tiket=t.pk,
        petugas=dunia.p2,
        aktor=aktor(dunia.sup_a),
        alasan="Cuti.",
    )
    dunia.mulai(wib(2026, 8, 3, 11), t, dunia.p2)
    dunia.selesaikan(wib(2026, 8, 3, 14), t, dunia.p2)

    m = metrik(t)
    assert (m.respons_petugas_id, m.respons_kerja) == (dunia.p1.pk, jam(1))
    # Mon 08:00–12:00 and 13:00–14:00: 5 working hours, 6 calendar hours.
    assert (m.selesai_petugas_id, m.selesai_kerja, m.selesai_kalender) == (dunia.p2.pk, jam(5), jam(6))
    r = rentang(*MINGGU_1)
    b1, b2 = baris_petugas(dunia, r, dunia.p1, SETELAH), baris_petugas(dunia, r, dunia.p2, SETELAH)
    assert (b1.respons_kerja.n, b1.selesai) == (1, 0)
    assert (b2.respons_kerja.n, b2.selesai) == (0, 1)
    assert b2.selesai_kerja.median == pytest.approx(5.0)
    assert b1.masuk is None and b2.masuk is None  # submissions belong to units, not officers
    cocok_dengan_rujukan()


def test_beban_kerja_per_petugas_adalah_tiket_terbuka_yang_dipegangnya(dunia: Dunia) -> None:
    a, b, c = (dunia.ajukan(wib(2026, 8, 3, 8)) for _ in range(3))
    dunia.ambil(wib(2026, 8, 3, 9), a, dunia.p1)
    dunia.ambil(wib(2026, 8, 3, 9), b, dunia.p1)
    dunia.tuntas(c, dunia.p2, wib(2026, 8, 3, 9), wib(2026, 8, 3, 10))
    saat = wib(2026, 8, 4, 9)
    r = rentang(dt.date(2026, 8, 3), dt.date(2026, 8, 4))
    assert (baris_petugas(dunia, r, dunia.p1, saat).beban, baris_petugas(dunia, r, dunia.p2, saat).beban) == (
        2,
        0,
    )
    assert baris_unit(dunia, r, dunia.unit_a, saat).beban == 2


# --- days off ----------------------------------------------------------------------------------------


def test_hari_libur_akhir_pekan_dan_malam_tidak_dihitung_dalam_penyelesaian(dunia: Dunia) -> None:
    kemerdekaan = dt.date(2026, 8, 17)
    assert kemerdekaan.weekday() == 0
    assert kemerdekaan in holidays.country_holidays("ID", years=2026)

    t = dunia.ajukan(wib(2026, 8, 14, 15))  # Friday 15:00
    dunia.ambil(wib(2026, 8, 14, 15, 30), t, dunia.p1)
    dunia.mulai(wib(2026, 8, 14, 15, 30), t, dunia.p1)
    dunia.selesaikan(wib(2026, 8, 18, 9), t, dunia.p1)  # Tuesday 09:00, after the holiday Monday

    m = metrik(t)
    # Fri 15:00–16:30 and Tue 07:30–09:00; Sat, Sun and Mon 17 Aug (Independence Day) are off.
    assert (m.selesai_kerja, m.selesai_kalender) == (jam(3), jam(90))
    assert (m.respons_kerja, m.respons_kalender) == (jam(0.5), jam(0.5))
    # 5 hari kerja from Friday: 18, 19, 20, 21, 24 August.
    assert m.tenggat == wib(2026, 8, 24, 16)
    assert m.tepat_waktu is True
    cocok_dengan_rujukan()
