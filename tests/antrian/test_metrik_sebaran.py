"""Medians and p90 (linear interpolation, as PostgreSQL's percentile_cont) over hand-computed durations,
and the database path (PostgreSQL) giving the same figures as the in-process path (SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from antrian.metrik import statistik
from antrian.metrik.statistik import TOTAL, Hitung, persentil, sebaran_dari, sebaran_per
from antrian.models import MetrikTiket
from antrian.selectors.kinerja import Saringan
from tests.antrian.test_metrik_skenario import (
    MINGGU_1,
    SETELAH,
    Dunia,
    baris_petugas,
    baris_unit,
    buat_dunia,
    cocok_dengan_rujukan,
    jam,
    metrik,
    rentang,
    total,
    wib,
)

pytestmark = pytest.mark.django_db

# Resolved after this much working time from Monday 3 August 07:30, and the calendar time that is.
SELESAI = [
    (wib(2026, 8, 3, 8, 30), 1.0, 1.0),
    (wib(2026, 8, 3, 9, 30), 2.0, 2.0),
    (wib(2026, 8, 3, 10, 30), 3.0, 3.0),
    (wib(2026, 8, 3, 13, 30), 5.0, 6.0),  # over the lunch break
    (wib(2026, 8, 4, 8), 8.0, 24.5),  # 7.5 h Monday + 0.5 h Tuesday
    (wib(2026, 8, 4, 14), 13.0, 30.5),  # 7.5 + 4.5 + 1
]


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


@pytest.fixture
def enam(dunia: Dunia) -> Dunia:
    for i, (selesai, kerja, kalender) in enumerate(SELESAI):
        t = dunia.ajukan(wib(2026, 8, 3, 7, 30))
        dunia.tuntas(t, dunia.p1 if i % 2 else dunia.p2, wib(2026, 8, 3, 7, 30), selesai)
        assert (metrik(t).selesai_kerja, metrik(t).selesai_kalender) == (jam(kerja), jam(kalender))
    return dunia


def test_persentil_interpolasi_linear_seperti_percentile_cont() -> None:
    nilai = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0]
    assert persentil(nilai, 0.5) == pytest.approx(4.0)
    assert persentil(nilai, 0.9) == pytest.approx(10.5)  # rank 4.5: 8 + 0.5 * (13 - 8)
    assert persentil([7.0], 0.9) == 7.0
    assert persentil([], 0.5) is None
    s = sebaran_dari([13.0, 1.0, 8.0, 2.0, 5.0, 3.0])  # order does not matter
    assert (s.n, s.rerata, s.median, s.p90) == (6, pytest.approx(32 / 6), 4.0, pytest.approx(10.5))


def test_median_dan_p90_penyelesaian_jam_kerja_dan_kalender(enam: Dunia) -> None:
    unit = baris_unit(enam, rentang(*MINGGU_1), enam.unit_a, SETELAH)
    kerja, kalender = unit.selesai_kerja, unit.selesai_kalender
    assert (kerja.n, kerja.median, kerja.p90) == (6, pytest.approx(4.0), pytest.approx(10.5))
    assert kerja.rerata == pytest.approx(32 / 6)
    # Calendar hours 1, 2, 3, 6, 24.5, 30.5: median (3 + 6) / 2, p90 24.5 + 0.5 * 6.
    assert (kalender.median, kalender.p90, kalender.rerata) == (
        pytest.approx(4.5),
        pytest.approx(27.5),
        pytest.approx(67 / 6),
    )
    assert (unit.selesai, unit.selesai_tepat, unit.kepatuhan_sla) == (6, 6, 100.0)
    # The total equals the only unit; per officer: p2 got 1, 3, 8 h and p1 got 2, 5, 13 h.
    semua = total(enam, rentang(*MINGGU_1), SETELAH)
    assert (semua.selesai_kerja.median, semua.selesai_kerja.p90) == (pytest.approx(4.0), pytest.approx(10.5))
    p1 = baris_petugas(enam, rentang(*MINGGU_1), enam.p1, SETELAH)
    p2 = baris_petugas(enam, rentang(*MINGGU_1), enam.p2, SETELAH)
    assert (p1.selesai_kerja.median, p1.selesai_kerja.p90) == (pytest.approx(5.0), pytest.approx(11.4))
    assert (p2.selesai_kerja.median, p2.selesai_kerja.p90) == (pytest.approx(3.0), pytest.approx(7.0))
    cocok_dengan_rujukan()


def test_saringan_petugas_pada_total_hanya_angka_petugas_itu(enam: Dunia) -> None:
    p1 = total(enam, rentang(*MINGGU_1), SETELAH, Saringan(petugas_id=enam.p1.pk))
    assert (p1.selesai, p1.selesai_kerja.median) == (3, pytest.approx(5.0))


def test_jalur_basis_data_dan_jalur_python_memberi_angka_yang_sama(enam: Dunia) -> None:
    """On PostgreSQL the database computes (percentile_cont); the in-process path (what SQLite uses)
    must give the same figures over the same rows. On SQLite both calls take the in-process path."""
    qs = MetrikTiket.objects.filter(selesai_pada__gte=wib(2026, 8, 3), selesai_pada__lt=wib(2026, 8, 10))
    medan = ("selesai_kerja", "selesai_kalender", "respons_kerja")
    hitung = {"tepat": Hitung("tepat_waktu", "{c}", lambda v: v is True)}
    for dimensi in (None, "selesai_petugas_id"):
        db = sebaran_per(qs, dimensi, medan, hitung, total=True)
        py = statistik._sebaran_python(qs, dimensi, medan, hitung, total=True)
        assert set(db) == set(py)
        for kunci in db:
            assert db[kunci].hitung == py[kunci].hitung
            for m in medan:
                a, b = db[kunci].sebaran[m], py[kunci].sebaran[m]
                assert a.n == b.n
                for sifat in ("rerata", "median", "p90"):
                    assert getattr(a, sifat) == pytest.approx(getattr(b, sifat), abs=1e-9)
    assert db[TOTAL].sebaran["selesai_kerja"].median == pytest.approx(4.0)


@pytest.mark.postgres
def test_postgres_menghitung_persentil_di_basis_data(enam: Dunia) -> None:
    assert connection.vendor == "postgresql"
    qs = MetrikTiket.objects.all()
    hasil = statistik._sebaran_pg(qs, None, ("selesai_kalender",), {}, total=True)
    s = hasil[TOTAL].sebaran["selesai_kalender"]
    assert (s.n, s.median, s.p90) == (6, pytest.approx(4.5), pytest.approx(27.5))


def test_kelompok_tanpa_durasi_tidak_dihitung(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 9), t, dunia.p1)  # no response, no resolution
    hasil = sebaran_per(MetrikTiket.objects.all(), None, ("respons_kerja",), total=True)
    assert hasil[TOTAL].sebaran["respons_kerja"].n == 0
    assert hasil[TOTAL].sebaran["respons_kerja"].median is None
    assert dt.timedelta(0) == metrik(t).jeda_kerja
