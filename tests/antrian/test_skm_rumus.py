"""The SKM index (Permenpan RB 14/2017): NRR per element, the weight 1/9, the converted score (index x 25)
and the grade boundaries of the regulation's table, hit exactly with real answer sums.

With n responses whose answers total T over the nine elements, the converted score is T x 25 / (9n),
rounded half up to two decimals; the sums below were chosen to land on each boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from antrian.metrik.skm import BOBOT, BOBOT_TEKS, UNSUR, indeks, indeks_per, mutu_untuk
from antrian.models import SurveiKepuasan, Unit
from tests.antrian.factories import UnitFactory, buat_tiket


def jumlah_merata(total: int, n: int) -> dict[str, int]:
    """Nine element sums adding up to `total`, each a possible sum of n answers (n..4n)."""
    dasar, sisa = divmod(total, 9)
    hasil = {u: dasar + (1 if i < sisa else 0) for i, u in enumerate(UNSUR)}
    assert sum(hasil.values()) == total
    assert all(n <= v <= 4 * n for v in hasil.values())
    return hasil


@pytest.mark.parametrize(
    ("n", "total", "nilai", "mutu"),
    [
        (38, 889, "64.99", "D"),  # 64.985… rounds to 64.99: still D
        (5, 117, "65.00", "C"),  # exactly 65
        (112, 2621, "65.00", "C"),  # 65.004… rounds to 65.00
        (125, 3447, "76.60", "C"),  # exactly 76.6
        (26, 717, "76.60", "C"),  # 76.6025…
        (19, 524, "76.61", "B"),  # 76.608… rounds up into B
        (250, 7947, "88.30", "B"),  # exactly 88.3
        (19, 604, "88.30", "B"),  # 88.304…
        (24, 763, "88.31", "A"),  # 88.310…
    ],
)
def test_batas_mutu_tepat_pada_nilai_konversi(n: int, total: int, nilai: str, mutu: str) -> None:
    hasil = indeks(n, jumlah_merata(total, n))
    assert hasil is not None
    assert hasil.nilai == Decimal(nilai)
    assert hasil.mutu == mutu
    assert hasil.n == n


@pytest.mark.parametrize(
    ("nilai", "mutu"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100.00", "A"),
    ],
)
def test_mutu_untuk_nilai_desimal_di_setiap_batas(nilai: str, mutu: str) -> None:
    assert mutu_untuk(Decimal(nilai))[0] == mutu


def test_label_kinerja_sesuai_tabel() -> None:
    # English msgids of "tidak baik", "kurang baik", "baik", "sangat baik".
    with translation.override("en"):
        label = [mutu_untuk(Decimal(v))[1] for v in ("30", "70", "80", "95")]
    assert label == ["not good", "less than good", "good", "very good"]


def test_semua_jawaban_4_bernilai_100_mutu_a_dan_semua_1_bernilai_25_mutu_d() -> None:
    sempurna = indeks(3, dict.fromkeys(UNSUR, 12))
    assert sempurna is not None
    assert (sempurna.ikm, sempurna.nilai, sempurna.mutu) == (Decimal("4.000"), Decimal("100.00"), "A")
    # The regulation's printed weight 0.11 would give 4 x 0.11 x 9 x 25 = 99.00: the exact 1/9 is used.
    assert Decimal(1) / Decimal(9) == BOBOT
    assert "1/9" in BOBOT_TEKS
    assert sempurna.sebagai_dict()["bobot"] == BOBOT_TEKS
    terburuk = indeks(7, dict.fromkeys(UNSUR, 7))
    assert terburuk is not None
    assert (terburuk.ikm, terburuk.nilai, terburuk.mutu) == (Decimal("1.000"), Decimal("25.00"), "D")


def test_nrr_per_unsur_adalah_rerata_jawaban_dua_desimal() -> None:
    # Four respondents; u1 answers 4, 3, 3, 3 (13), u2 2, 3, 2, 3 (10), u3 1, 1, 1, 2 (5), the rest all 3.
    jumlah = {**dict.fromkeys(UNSUR, 12), "u1": 13, "u2": 10, "u3": 5}
    hasil = indeks(4, jumlah)
    assert hasil is not None
    assert (hasil.nrr["u1"], hasil.nrr["u2"], hasil.nrr["u3"], hasil.nrr["u9"]) == (
        Decimal("3.25"),
        Decimal("2.50"),
        Decimal("1.25"),
        Decimal("3.00"),
    )
    # Index = the NRRs weighted 1/9 each = 100 / 36 = 2.777…; score 69.44 (C).
    assert hasil.ikm == Decimal("2.778")
    assert (hasil.nilai, hasil.mutu) == (Decimal("69.44"), "C")
    assert hasil.sebagai_dict()["nrr"]["u1"] == 3.25


def test_tanpa_responden_tidak_ada_indeks() -> None:
    assert indeks(0, dict.fromkeys(UNSUR, 0)) is None


def _jawab(unit: Unit, nilai: int, *, layanan: str = "") -> None:
    tiket = buat_tiket(unit).tiket
    SurveiKepuasan.objects.create(tiket=tiket, unit=unit, layanan=layanan, **{u: nilai for u in UNSUR})


@pytest.mark.django_db
def test_indeks_per_mengelompokkan_jawaban_per_unit_dan_total() -> None:
    a, b = UnitFactory(kode="skm-a"), UnitFactory(kode="skm-b")
    _jawab(a, 4, layanan="layanan:1")
    _jawab(a, 3, layanan="layanan:2")
    _jawab(b, 1, layanan="layanan:1")
    qs = SurveiKepuasan.objects.all()

    per_unit = indeks_per(qs, "unit_id")
    assert set(per_unit) == {a.pk, b.pk}
    assert (per_unit[a.pk].n, per_unit[a.pk].nilai, per_unit[a.pk].mutu) == (2, Decimal("87.50"), "B")
    assert (per_unit[b.pk].n, per_unit[b.pk].nilai, per_unit[b.pk].mutu) == (1, Decimal("25.00"), "D")
    semua = indeks_per(qs, None)[None]
    # (36 + 27 + 9) x 25 / (9 x 3) = 66.666… -> 66.67.
    assert (semua.n, semua.nilai, semua.mutu) == (3, Decimal("66.67"), "C")
    per_layanan = indeks_per(qs, "layanan")
    assert per_layanan["layanan:1"].nilai == Decimal("62.50")
    assert indeks_per(qs.none(), "unit_id") == {}
