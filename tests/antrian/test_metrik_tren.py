"""The weekly trend (counts and SLA per week) and the drill-down: exactly the tikets behind each figure."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from antrian import services
from antrian.exceptions import DataTidakValid
from antrian.models import AlasanTolak, Tiket
from antrian.selectors.kinerja import (
    UKURAN,
    Rentang,
    Saringan,
    TitikTren,
    ikhtisar_unit,
    kinerja_total,
    tiket_di_balik,
    tren_mingguan,
)
from tests.antrian.test_metrik_skenario import (
    MINGGU_1,
    SETELAH,
    Dunia,
    baris_unit,
    buat_dunia,
    cocok_dengan_rujukan,
    rentang,
    wib,
)
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


def tren(dunia: Dunia, r: Rentang, saringan: Saringan | None = None) -> list[TitikTren]:
    with time_machine.travel(SETELAH, tick=False):
        return tren_mingguan(aktor=aktor(dunia.manajer), rentang=r, saringan=saringan or Saringan())


def test_tren_mingguan_jumlah_dan_kepatuhan_sla_per_minggu(dunia: Dunia) -> None:
    a = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.tuntas(a, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 10))  # on time
    b = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)
    dunia.tuntas(b, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 5, 10))  # late (tenggat Tue 16:00)
    c = dunia.ajukan(wib(2026, 8, 4, 8), tenggat_hari=1)  # tenggat Wed 5 Aug 16:00
    dunia.tuntas(c, dunia.p2, wib(2026, 8, 4, 9), wib(2026, 8, 11, 10))  # overdue over the weekend
    d = dunia.ajukan(wib(2026, 8, 10, 8), tenggat_hari=1)  # never resolved
    dunia.ambil(wib(2026, 8, 10, 9), d, dunia.p2)
    e = dunia.ajukan(wib(2026, 8, 11, 8))
    dunia.tuntas(e, dunia.p1, wib(2026, 8, 11, 9), wib(2026, 8, 12, 9))
    lain = dunia.ajukan(wib(2026, 8, 11, 8), unit=dunia.unit_b, tenggat_hari=1)  # another unit
    dunia.ambil(wib(2026, 8, 11, 9), lain, dunia.q1)

    r = rentang(dt.date(2026, 8, 3), dt.date(2026, 8, 16))
    w1, w2 = tren(dunia, r, Saringan(unit_ids=frozenset({dunia.unit_a.pk})))
    assert (w1.minggu, w2.minggu) == (dt.date(2026, 8, 3), dt.date(2026, 8, 10))
    assert (w1.masuk, w1.selesai, w1.selesai_tepat, w1.terlambat) == (3, 2, 1, 1)
    assert (w2.masuk, w2.selesai, w2.selesai_tepat, w2.terlambat) == (2, 2, 1, 1)
    assert w1.kepatuhan_sla == pytest.approx(100 / 3)
    assert w2.kepatuhan_sla == pytest.approx(100 / 3)
    # Every unit: B's overdue tiket counts in the second week.
    semua = tren(dunia, r)
    assert (semua[1].masuk, semua[1].terlambat) == (3, 2)
    # A range starting on a Wednesday: the week is still labelled by its Monday, counted from Wednesday.
    mulai_rabu = tren(dunia, rentang(dt.date(2026, 8, 5), dt.date(2026, 8, 9)))
    assert len(mulai_rabu) == 1
    assert (mulai_rabu[0].minggu, mulai_rabu[0].masuk, mulai_rabu[0].selesai) == (dt.date(2026, 8, 3), 0, 1)
    # The weeks add up to the range's figures.
    unit = baris_unit(dunia, r, dunia.unit_a, SETELAH)
    assert (unit.masuk, unit.selesai, unit.selesai_tepat) == (5, 4, 2)


def _nomor(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return set(qs.values_list("judul", flat=True))


def test_tiket_di_balik_setiap_angka_adalah_tepat_tiket_pembentuknya(dunia: Dunia) -> None:
    def baru(nama: str, saat: dt.datetime, **kw: object) -> Tiket:
        t = dunia.ajukan(saat, **kw)  # type: ignore[arg-type]
        Tiket.objects.filter(pk=t.pk).update(judul=nama)
        return t

    senin = wib(2026, 8, 3, 8)
    dulu = baru("dulu", wib(2026, 7, 31, 14))
    dunia.tuntas(dulu, dunia.p1, wib(2026, 7, 31, 15), wib(2026, 8, 4, 10))
    tepat = baru("tepat", senin)
    dunia.tuntas(tepat, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 10))
    lambat = baru("lambat", senin, tenggat_hari=1)
    dunia.tuntas(lambat, dunia.p2, wib(2026, 8, 3, 9), wib(2026, 8, 5, 10))
    ulang = baru("ulang", senin)
    dunia.tuntas(ulang, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 11))
    dunia.buka_kembali(wib(2026, 8, 5, 9), ulang)
    dunia.selesaikan(wib(2026, 8, 6, 9), ulang, dunia.p1)
    tolak = baru("tolak", senin)
    dunia.pada(
        wib(2026, 8, 3, 10),
        services.tiket_tolak,
        tiket=tolak.pk,
        aktor=aktor(dunia.p2),
        alasan=AlasanTolak.SPAM,
        catatan="Iklan.",
    )
    alih = baru("alih", senin)
    dunia.pada(
        wib(2026, 8, 3, 9),
        services.tiket_alihkan,
        tiket=alih.pk,
        aktor=aktor(dunia.sup_a),
        unit_tujuan=dunia.unit_b,
        alasan="Salah unit.",
    )
    telat = baru("telat", senin, tenggat_hari=1)
    dunia.ambil(wib(2026, 8, 3, 9), telat, dunia.p1)
    dunia.mulai(wib(2026, 8, 3, 9), telat, dunia.p1)
    tunggu = baru("tunggu", senin, tenggat_hari=1)
    dunia.ambil(wib(2026, 8, 3, 9), tunggu, dunia.p2)
    dunia.mulai(wib(2026, 8, 3, 9), tunggu, dunia.p2)
    dunia.minta(wib(2026, 8, 3, 10), tunggu, dunia.p2)
    cocok_dengan_rujukan()

    r = rentang(*MINGGU_1)
    unit_a = Saringan(unit_ids=frozenset({dunia.unit_a.pk}))
    harapan = {
        "masuk": {"tepat", "lambat", "ulang", "tolak", "alih", "telat", "tunggu"},
        "dialihkan": {"alih"},
        "respons": {"tepat", "lambat", "ulang", "tolak", "telat", "tunggu"},
        "selesai": {"dulu", "tepat", "lambat", "ulang"},
        "selesai_tepat": {"dulu", "tepat", "ulang"},
        "selesai_terlambat": {"lambat"},
        "dibuka_kembali": {"ulang"},
        "ditolak": {"tolak"},
        "terbuka": {"telat", "tunggu"},
        "terlambat": {"telat"},
    }
    assert set(harapan) == set(UKURAN)
    with time_machine.travel(SETELAH, tick=False):
        for ukuran, nama in harapan.items():
            qs = tiket_di_balik(aktor=aktor(dunia.manajer), rentang=r, ukuran=ukuran, saringan=unit_a)
            assert _nomor(qs) == nama, ukuran
        milik_p1 = tiket_di_balik(
            aktor=aktor(dunia.manajer),
            rentang=r,
            ukuran="selesai",
            saringan=Saringan(unit_ids=frozenset({dunia.unit_a.pk}), petugas_id=dunia.p1.pk),
        )
        assert _nomor(milik_p1) == {"dulu", "tepat", "ulang"}
        with pytest.raises(DataTidakValid):
            tiket_di_balik(aktor=aktor(dunia.manajer), rentang=r, ukuran="semua")

    # The figures count the same tikets, and the overview's total row is the same as the total's.
    with time_machine.travel(SETELAH, tick=False):
        _baris, ikhtisar = ikhtisar_unit(aktor=aktor(dunia.manajer), rentang=r)
        semua = kinerja_total(aktor=aktor(dunia.manajer), rentang=r)
    assert ikhtisar is not None
    assert ikhtisar.sebagai_dict() == semua.sebagai_dict()
    assert (semua.masuk, semua.selesai, semua.terbuka) == (7, 4, 3)  # `alih` is open in B
    unit = baris_unit(dunia, r, dunia.unit_a, SETELAH)
    assert (unit.masuk, unit.dialihkan, unit.respons_kerja.n, unit.selesai) == (7, 1, 6, 4)
    assert (unit.selesai_tepat, unit.dibuka_kembali, unit.ditolak_total) == (3, 1, 1)
    assert (unit.terbuka, unit.terlambat) == (2, 1)
