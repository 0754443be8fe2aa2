"""Who sees which figures: officers only their own (and their units' rows), supervisors only the units they
supervise, managers everything, citizens and anonymous visitors nothing; small SKM samples hidden at
officer level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from antrian.exceptions import TidakDiizinkan
from antrian.izin import Aktor
from antrian.metrik.skm import UNSUR
from antrian.models import SurveiKepuasan
from antrian.selectors.kinerja import (
    SKM_MIN_RESPONDEN,
    Saringan,
    kinerja_layanan,
    kinerja_petugas,
    kinerja_saya,
    kinerja_total,
    kinerja_unit,
    pilihan_saringan,
    skm_per,
    tiket_di_balik,
    tren_mingguan,
)
from tests.antrian.test_metrik_skenario import MINGGU_1, SETELAH, Dunia, buat_dunia, rentang, wib
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

R = rentang(*MINGGU_1)


@pytest.fixture
def dunia(db: None) -> Dunia:
    """p1 and p2 resolve one tiket each in A; q1 resolves one in B."""
    d = buat_dunia()
    for unit, petugas in ((d.unit_a, d.p1), (d.unit_a, d.p2), (d.unit_b, d.q1)):
        t = d.ajukan(wib(2026, 8, 3, 8), unit=unit, layanan=f"layanan:{unit.pk}")
        d.tuntas(t, petugas, wib(2026, 8, 3, 9), wib(2026, 8, 3, 11))
    return d


def _semua_tampilan(unit_id: int) -> dict[str, Callable[[Aktor], Any]]:
    return {
        "kinerja_unit": lambda a: kinerja_unit(aktor=a, rentang=R),
        "kinerja_total": lambda a: kinerja_total(aktor=a, rentang=R),
        "kinerja_petugas": lambda a: kinerja_petugas(aktor=a, rentang=R, unit_id=unit_id),
        "kinerja_layanan": lambda a: kinerja_layanan(aktor=a, rentang=R),
        "tren_mingguan": lambda a: tren_mingguan(aktor=a, rentang=R),
        "tiket_di_balik": lambda a: list(tiket_di_balik(aktor=a, rentang=R, ukuran="selesai")),
        "pilihan_saringan": lambda a: pilihan_saringan(aktor=a),
    }


def test_petugas_biasa_tidak_bisa_melihat_angka_unit_petugas_layanan_atau_rincian(dunia: Dunia) -> None:
    for nama, tampilan in _semua_tampilan(dunia.unit_a.pk).items():
        with pytest.raises(TidakDiizinkan):
            tampilan(aktor(dunia.p1))
            pytest.fail(nama)


@pytest.mark.parametrize("siapa", ["warga", "anonim"])
def test_warga_dan_pengunjung_anonim_tidak_bisa_melihat_metrik_apa_pun(dunia: Dunia, siapa: str) -> None:
    a = aktor(dunia.warga) if siapa == "warga" else Aktor()
    for tampilan in _semua_tampilan(dunia.unit_a.pk).values():
        with pytest.raises(TidakDiizinkan):
            tampilan(a)
    with pytest.raises(TidakDiizinkan):
        kinerja_saya(aktor=a, rentang=R)


def test_petugas_melihat_angkanya_sendiri_dan_baris_unitnya_saja(dunia: Dunia) -> None:
    with time_machine.travel(SETELAH, tick=False):
        saya = kinerja_saya(aktor=aktor(dunia.p1), rentang=R)
    assert (saya.saya.selesai, saya.saya.respons_kerja.n) == (1, 1)
    assert saya.saya.masuk is None
    assert [(b.kunci, b.selesai) for b in saya.unit] == [(dunia.unit_a.pk, 2)]
    assert [(mine.selesai, unit.selesai if unit else None) for mine, unit in saya.layanan] == [(1, 2)]


def test_supervisor_hanya_melihat_unit_yang_disupervisinya(dunia: Dunia) -> None:
    sup = aktor(dunia.sup_a)
    b = frozenset({dunia.unit_b.pk})
    with time_machine.travel(SETELAH, tick=False):
        assert [(r.kunci, r.selesai) for r in kinerja_unit(aktor=sup, rentang=R)] == [(dunia.unit_a.pk, 2)]
        assert kinerja_total(aktor=sup, rentang=R).selesai == 2
        assert {r.kunci for r in kinerja_petugas(aktor=sup, rentang=R, unit_id=dunia.unit_a.pk)} == {
            dunia.p1.pk,
            dunia.p2.pk,
            dunia.sup_a.pk,
        }
        assert [r.kunci for r in kinerja_layanan(aktor=sup, rentang=R)] == [f"layanan:{dunia.unit_a.pk}"]
        assert sum(t.selesai for t in tren_mingguan(aktor=sup, rentang=R)) == 2
        assert tiket_di_balik(aktor=sup, rentang=R, ukuran="selesai").count() == 2
        assert [u for u, _n in pilihan_saringan(aktor=sup)["unit"]] == [dunia.unit_a.pk]
        for tampilan in (
            lambda: kinerja_unit(aktor=sup, rentang=R, saringan=Saringan(unit_ids=b)),
            lambda: kinerja_total(aktor=sup, rentang=R, saringan=Saringan(unit_ids=b)),
            lambda: kinerja_petugas(aktor=sup, rentang=R, unit_id=dunia.unit_b.pk),
            lambda: kinerja_layanan(aktor=sup, rentang=R, saringan=Saringan(unit_ids=b)),
            lambda: tren_mingguan(aktor=sup, rentang=R, saringan=Saringan(unit_ids=b)),
            lambda: tiket_di_balik(aktor=sup, rentang=R, ukuran="selesai", saringan=Saringan(unit_ids=b)),
            lambda: kinerja_unit(aktor=sup, rentang=R, saringan=Saringan(unit_ids=b | {dunia.unit_a.pk})),
        ):
            with pytest.raises(TidakDiizinkan):
                tampilan()


def test_manajer_melihat_semua_unit(dunia: Dunia) -> None:
    m = aktor(dunia.manajer)
    with time_machine.travel(SETELAH, tick=False):
        assert {r.kunci: r.selesai for r in kinerja_unit(aktor=m, rentang=R)} == {
            dunia.unit_a.pk: 2,
            dunia.unit_b.pk: 1,
        }
        assert kinerja_total(aktor=m, rentang=R).selesai == 3
        assert tiket_di_balik(aktor=m, rentang=R, ukuran="selesai").count() == 3
        assert len(kinerja_layanan(aktor=m, rentang=R)) == 2
        assert {r.kunci for r in kinerja_petugas(aktor=m, rentang=R, unit_id=dunia.unit_b.pk)} == {
            dunia.q1.pk,
            dunia.sup_b.pk,
        }


def _survei_petugas(dunia: Dunia, jumlah_per_petugas: list[tuple[Any, int]]) -> None:
    for petugas, jumlah in jumlah_per_petugas:
        for _ in range(jumlah):
            t = dunia.ajukan(wib(2026, 8, 3, 8))
            SurveiKepuasan.objects.create(
                tiket=t,
                unit=dunia.unit_a,
                petugas=petugas,
                dibuat_pada=wib(2026, 8, 4, 9),
                **dict.fromkeys(UNSUR, 3),
            )


def test_skm_petugas_dengan_responden_sedikit_disembunyikan_bersama_pelengkapnya(dunia: Dunia) -> None:
    """p1's few answers are hidden; since the unit's index (every answer) is shown, unit minus the others
    would give p1's back, so the visible officer with the fewest answers (p2) is hidden too."""
    n = SKM_MIN_RESPONDEN
    _survei_petugas(dunia, [(dunia.p1, n - 1), (dunia.p2, n), (dunia.sup_a, n + 1)])
    m = aktor(dunia.manajer)
    with time_machine.travel(SETELAH, tick=False):
        per_petugas = {r.kunci: r for r in kinerja_petugas(aktor=m, rentang=R, unit_id=dunia.unit_a.pk)}
        hanya_skm = {r.kunci: r for r in skm_per(aktor=m, rentang=R, per="petugas", unit_id=dunia.unit_a.pk)}
        unit_a = next(r for r in kinerja_unit(aktor=m, rentang=R) if r.kunci == dunia.unit_a.pk)
        saya = kinerja_saya(aktor=aktor(dunia.p1), rentang=R)
        saya_p2 = kinerja_saya(aktor=aktor(dunia.p2), rentang=R)
    for tabel in (per_petugas, hanya_skm):
        p1, p2, sup = tabel[dunia.p1.pk], tabel[dunia.p2.pk], tabel[dunia.sup_a.pk]
        assert (p1.skm, p1.skm_disembunyikan) == (None, True)
        assert (p2.skm, p2.skm_disembunyikan) == (None, True), "the complement of a single hidden row"
        assert sup.skm is not None and (sup.skm.n, sup.skm_disembunyikan) == (n + 1, False)
    # The unit's figure is not an officer's: every answer counts.
    assert unit_a.skm is not None and unit_a.skm.n == 3 * n
    assert (saya.saya.skm, saya.saya.skm_disembunyikan) == (None, True)
    # An officer's own page is theirs alone: p2 sees their own index.
    assert saya_p2.saya.skm is not None and saya_p2.saya.skm.n == n


def test_dua_baris_tersembunyi_tidak_menyembunyikan_yang_lain(dunia: Dunia) -> None:
    n = SKM_MIN_RESPONDEN
    _survei_petugas(dunia, [(dunia.p1, n - 1), (dunia.p2, n - 2), (dunia.sup_a, n)])
    with time_machine.travel(SETELAH, tick=False):
        tabel = {
            r.kunci: r
            for r in kinerja_petugas(aktor=aktor(dunia.manajer), rentang=R, unit_id=dunia.unit_a.pk)
        }
    assert tabel[dunia.p1.pk].skm is None and tabel[dunia.p2.pk].skm is None
    sup = tabel[dunia.sup_a.pk].skm
    assert sup is not None and sup.n == n, "two hidden rows already hide each other"


def test_skm_unit_dengan_responden_sedikit_juga_disembunyikan_di_halaman_petugas(dunia: Dunia) -> None:
    """The officer's page compares with the unit; with a handful of answers the unit's index would give
    away what the citizens this officer served answered."""
    tiket = list(dunia.unit_a.tiket.order_by("pk"))
    for t in tiket:
        SurveiKepuasan.objects.create(
            tiket=t,
            unit=dunia.unit_a,
            layanan=f"layanan:{dunia.unit_a.pk}",
            petugas=t.petugas,
            dibuat_pada=wib(2026, 8, 4, 9),
            **dict.fromkeys(UNSUR, 2),
        )
    with time_machine.travel(SETELAH, tick=False):
        saya = kinerja_saya(aktor=aktor(dunia.p1), rentang=R)
        unit_bagi_manajer = kinerja_unit(aktor=aktor(dunia.manajer), rentang=R)
    [unit] = saya.unit
    assert (unit.skm, unit.skm_disembunyikan) == (None, True)
    [(milik, pembanding)] = saya.layanan
    assert milik.skm is None and pembanding is not None and pembanding.skm is None
    # Managers and supervisors still see the unit's index, however few the answers.
    a = next(b for b in unit_bagi_manajer if b.kunci == dunia.unit_a.pk)
    assert a.skm is not None and a.skm.n == len(tiket)
