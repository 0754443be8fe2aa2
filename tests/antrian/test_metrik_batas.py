"""Edges: resolved exactly at the tenggat, a range's midnight boundaries, and a unit in another time zone
whose working hours are its own wall clock."""

from __future__ import annotations

import datetime as dt

import pytest

from antrian.models import ZonaWaktu
from tests.antrian.test_metrik_skenario import (
    SETELAH,
    Dunia,
    baris_unit,
    buat_dunia,
    cocok_dengan_rujukan,
    jam,
    metrik,
    rentang,
    wib,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


def test_selesai_tepat_pada_tenggat_masih_tepat_waktu_sedetik_kemudian_terlambat(dunia: Dunia) -> None:
    tepat = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)  # tenggat Tuesday 16:00
    dunia.tuntas(tepat, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 16))
    telat = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)
    dunia.tuntas(telat, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 16, 0, 1))
    assert metrik(tepat).tenggat == wib(2026, 8, 4, 16)
    assert (metrik(tepat).tepat_waktu, metrik(telat).tepat_waktu) == (True, False)
    # Open at exactly its tenggat is not yet overdue.
    buka = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)
    r = rentang(dt.date(2026, 8, 3), dt.date(2026, 8, 4))
    assert baris_unit(dunia, r, dunia.unit_a, wib(2026, 8, 4, 16)).terlambat == 0
    assert baris_unit(dunia, r, dunia.unit_a, wib(2026, 8, 4, 16, 0, 2)).terlambat == 1
    assert metrik(buka).berakhir_pada is None


def test_rentang_mencakup_hari_lokal_penuh_sampai_tengah_malam(dunia: Dunia) -> None:
    masuk = dunia.ajukan(wib(2026, 8, 3, 0, 0))  # Monday 00:00 WIB: inside 3–9 August
    dunia.tuntas(masuk, dunia.p1, wib(2026, 8, 3, 8), wib(2026, 8, 9, 23, 59, 59))  # Sunday night
    luar = dunia.ajukan(wib(2026, 8, 2, 23, 59, 59))  # Sunday before: outside
    dunia.tuntas(luar, dunia.p1, wib(2026, 8, 3, 8), wib(2026, 8, 10, 0, 0))  # next range
    unit = baris_unit(dunia, rentang(dt.date(2026, 8, 3), dt.date(2026, 8, 9)), dunia.unit_a, SETELAH)
    assert (unit.masuk, unit.selesai, unit.respons_kerja.n) == (1, 1, 2)
    # Night-time moments: 07:30 Monday to 16:30 Friday is the whole working week, 37.5 h.
    assert metrik(masuk).selesai_kerja == jam(37.5)
    berikut = baris_unit(dunia, rentang(dt.date(2026, 8, 10), dt.date(2026, 8, 16)), dunia.unit_a, SETELAH)
    assert (berikut.masuk, berikut.selesai) == (0, 1)


def test_unit_di_zona_wit_menghitung_jam_kerja_dengan_jam_dindingnya_sendiri(dunia: Dunia) -> None:
    dunia.unit_b.zona_waktu = ZonaWaktu.WIT
    dunia.unit_b.save()
    # 07:00 WIB is 09:00 WIT; 10:00 WIB is 12:00 WIT: three working hours in Jayapura (2.5 in Jakarta).
    t = dunia.ajukan(wib(2026, 8, 3, 7), unit=dunia.unit_b)
    dunia.tuntas(t, dunia.q1, wib(2026, 8, 3, 7, 30), wib(2026, 8, 3, 10))
    m = metrik(t)
    assert (m.selesai_kerja, m.selesai_kalender) == (jam(3), jam(3))
    assert (m.respons_kerja, m.respons_kalender) == (jam(0.5), jam(0.5))
    # 5 hari kerja in Jayapura: Monday 10 August 16:00 WIT = 14:00 WIB.
    assert m.tenggat == wib(2026, 8, 10, 14)
    cocok_dengan_rujukan()
