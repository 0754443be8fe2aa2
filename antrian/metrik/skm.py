"""The Survei Kepuasan Masyarakat index (Permenpan RB 14/2017) from raw answers.

Per element the NRR is the mean answer (1–4). The index is the weighted sum of the nine NRRs with equal
weights; the regulation prints the weight rounded as 0.11, which would make a perfect 4 on every element
score 99.00 instead of 100, so the exact 1/9 is used and the page says so. The converted score is the
index times 25, rounded to two decimals (half up), and graded by the regulation's table.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

UNSUR = tuple(f"u{i}" for i in range(1, 10))
BOBOT = Decimal(1) / Decimal(9)
BOBOT_TEKS = "1/9 (≈ 0,111)"
_DUA = Decimal("0.01")

# (lowest converted score, grade, performance), best first.
MUTU = (
    (Decimal("88.31"), "A", _("very good")),
    (Decimal("76.61"), "B", _("good")),
    (Decimal("65.00"), "C", _("less than good")),
    (Decimal("25.00"), "D", _("not good")),
)


@dataclass(frozen=True)
class IndeksSkm:
    n: int
    nrr: dict[str, Decimal]  # per element, two decimals
    ikm: Decimal  # weighted sum of NRRs (1–4), three decimals
    nilai: Decimal  # converted score (25–100), two decimals
    mutu: str  # A–D
    kinerja: str  # the performance label

    def sebagai_dict(self) -> dict[str, Any]:
        return {
            "responden": self.n,
            "nrr": {k: float(v) for k, v in self.nrr.items()},
            "ikm": float(self.ikm),
            "nilai": float(self.nilai),
            "mutu": self.mutu,
            "kinerja": str(self.kinerja),
            "bobot": BOBOT_TEKS,
        }


def mutu_untuk(nilai: Decimal) -> tuple[str, str]:
    """The grade of a converted score (already rounded to two decimals)."""
    for batas, mutu, kinerja in MUTU:
        if nilai >= batas:
            return mutu, str(kinerja)
    return "D", str(MUTU[-1][2])


def indeks(n: int, jumlah: Mapping[str, int]) -> IndeksSkm | None:
    """The index of `n` responses whose answers to each element sum to `jumlah[element]`."""
    if n <= 0:
        return None
    total = sum(Decimal(jumlah[u]) for u in UNSUR)
    # Sum of NRRs x 1/9, exactly: total / (9n); the unit's score is that x 25.
    ikm = total / (Decimal(n) * 9)
    nilai = (ikm * 25).quantize(_DUA, rounding=ROUND_HALF_UP)
    mutu, kinerja = mutu_untuk(nilai)
    return IndeksSkm(
        n=n,
        nrr={u: (Decimal(jumlah[u]) / n).quantize(_DUA, rounding=ROUND_HALF_UP) for u in UNSUR},
        ikm=ikm.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
        nilai=nilai,
        mutu=mutu,
        kinerja=kinerja,
    )


def indeks_per(qs: QuerySet[Any], dimensi: str | None) -> dict[Hashable, IndeksSkm]:
    """{group value: index} over survey responses `qs`, grouped by `dimensi` (None: one group)."""
    agregat = {"n": Count("pk"), **{u: Sum(u) for u in UNSUR}}
    if dimensi:
        baris = list(qs.order_by().values(dimensi).annotate(**agregat))
    else:
        baris = [qs.order_by().aggregate(**agregat)]
    hasil: dict[Hashable, IndeksSkm] = {}
    for b in baris:
        nilai = indeks(b["n"] or 0, {u: b[u] or 0 for u in UNSUR})
        if nilai is not None:
            hasil[b[dimensi] if dimensi else None] = nilai
    return hasil
