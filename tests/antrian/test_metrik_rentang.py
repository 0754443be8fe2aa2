"""The figures over a date range through the real services: overdue and waiting tikets at the range's
end, ranges that cut a tiket's life, transfers, rejections, cancellations and age buckets; every number
hand-computed on the default week (7.5 working hours a day, Asia/Jakarta)."""

from __future__ import annotations

import datetime as dt

import pytest

from antrian import services
from antrian.models import AlasanTolak, Status
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
    wib,
)
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


def test_tiket_terbuka_lewat_tenggat_terlambat_tetapi_yang_menunggu_warga_tidak(dunia: Dunia) -> None:
    telat = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)  # tenggat Tuesday 4 August 16:00
    dunia.ambil(wib(2026, 8, 3, 9), telat, dunia.p1)
    dunia.mulai(wib(2026, 8, 3, 9), telat, dunia.p1)
    tunggu = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)
    dunia.ambil(wib(2026, 8, 3, 9), tunggu, dunia.p1)
    dunia.mulai(wib(2026, 8, 3, 9), tunggu, dunia.p1)
    dunia.minta(wib(2026, 8, 3, 10), tunggu, dunia.p1)
    tepat = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.tuntas(tepat, dunia.p2, wib(2026, 8, 3, 9), wib(2026, 8, 4, 10))
    lambat = dunia.ajukan(wib(2026, 8, 3, 8), tenggat_hari=1)
    dunia.tuntas(lambat, dunia.p2, wib(2026, 8, 3, 9), wib(2026, 8, 5, 10))

    assert metrik(tunggu).tenggat == wib(2026, 8, 4, 16)
    assert (metrik(tepat).tepat_waktu, metrik(lambat).tepat_waktu) == (True, False)
    unit = baris_unit(dunia, rentang(*MINGGU_1), dunia.unit_a, SETELAH)
    assert (unit.selesai, unit.selesai_tepat, unit.terbuka, unit.terlambat) == (2, 1, 2, 1)
    # On time ÷ (resolved + open and overdue at the range's end): 1 / (2 + 1).
    assert unit.kepatuhan_sla == pytest.approx(100 / 3)
    # Read on Tuesday 15:00, before the tenggat passes: nothing is overdue yet, `tepat` is resolved.
    r_selasa = rentang(dt.date(2026, 8, 3), dt.date(2026, 8, 4))
    selasa = baris_unit(dunia, r_selasa, dunia.unit_a, wib(2026, 8, 4, 15))
    assert (selasa.terbuka, selasa.terlambat, selasa.selesai) == (3, 0, 1)
    cocok_dengan_rujukan()


def test_rentang_memotong_umur_tiket_di_kedua_ujung(dunia: Dunia) -> None:
    sebelum = dunia.ajukan(wib(2026, 7, 31, 14))  # Friday before the range
    dunia.tuntas(sebelum, dunia.p1, wib(2026, 7, 31, 15), wib(2026, 8, 4, 10))
    sesudah = dunia.ajukan(wib(2026, 8, 6, 10))  # inside, resolved after the range
    dunia.tuntas(sesudah, dunia.p1, wib(2026, 8, 6, 11), wib(2026, 8, 12, 10))

    # Fri 14:00–16:30, Mon 7.5 h, Tue 07:30–10:00: 12.5 working hours; 92 calendar hours.
    assert (metrik(sebelum).selesai_kerja, metrik(sebelum).selesai_kalender) == (jam(12.5), jam(92))
    pertama = baris_unit(dunia, rentang(*MINGGU_1), dunia.unit_a, SETELAH)
    assert (pertama.masuk, pertama.selesai, pertama.terbuka, pertama.terlambat) == (1, 1, 1, 0)
    assert pertama.selesai_kerja.median == pytest.approx(12.5)
    # Only the response to `sesudah` (Thu 10:00 -> 11:00); `sebelum` was answered on 31 July.
    assert (pertama.respons_kerja.n, pertama.respons_kerja.median) == (1, pytest.approx(1.0))
    kedua = baris_unit(dunia, rentang(dt.date(2026, 8, 10), dt.date(2026, 8, 16)), dunia.unit_a, SETELAH)
    assert (kedua.masuk, kedua.selesai, kedua.terbuka) == (0, 1, 0)
    # Thu 10:00 -> Wed 12 Aug 10:00: 5 + 7.5 + 7.5 + 7.5 + 2.5 = 30 working hours (weekend skipped).
    assert kedua.selesai_kerja.median == pytest.approx(30.0)


def test_pengalihan_dihitung_di_unit_pertama_dan_penyelesaian_milik_unit_penyelesai(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.pada(
        wib(2026, 8, 3, 9),
        services.tiket_alihkan,
        tiket=t.pk,
        aktor=aktor(dunia.sup_a),
        unit_tujuan=dunia.unit_b,
        alasan="Bukan wewenang kami.",
    )
    dunia.ambil(wib(2026, 8, 3, 10), t, dunia.q1)
    dunia.mulai(wib(2026, 8, 3, 10, 30), t, dunia.q1)
    dunia.selesaikan(wib(2026, 8, 3, 14), t, dunia.q1)

    m = metrik(t)
    assert (m.unit_awal_id, m.unit_id, m.dialihkan) == (dunia.unit_a.pk, dunia.unit_b.pk, 1)
    assert (m.respons_unit_id, m.selesai_unit_id) == (dunia.unit_b.pk, dunia.unit_b.pk)
    r = rentang(*MINGGU_1)
    a, b = baris_unit(dunia, r, dunia.unit_a, SETELAH), baris_unit(dunia, r, dunia.unit_b, SETELAH)
    assert (a.masuk, a.dialihkan, a.selesai, a.respons_kerja.n, a.terbuka) == (1, 1, 0, 0, 0)
    assert (b.masuk, b.dialihkan, b.selesai, b.respons_kerja.n) == (0, 0, 1, 1)
    # Resolution from submission (to A), Mon 08:00–14:00: 5 working hours; response 2.5 h.
    assert b.selesai_kerja.median == pytest.approx(5.0)
    assert b.respons_kerja.median == pytest.approx(2.5)
    cocok_dengan_rujukan()


def test_penolakan_per_alasan_dan_tingkat_tolak_serta_pembatalan(dunia: Dunia) -> None:
    def tolak(t, siapa, alasan: str) -> None:  # type: ignore[no-untyped-def]
        dunia.pada(
            wib(2026, 8, 3, 10),
            services.tiket_tolak,
            tiket=t.pk,
            aktor=aktor(siapa),
            alasan=alasan,
            catatan="Ditolak.",
        )

    r1, r2, r3, ok, batal = (dunia.ajukan(wib(2026, 8, 3, 8)) for _ in range(5))
    dunia.ambil(wib(2026, 8, 3, 9), r1, dunia.p1)
    tolak(r1, dunia.p1, AlasanTolak.TIDAK_LENGKAP)
    tolak(r2, dunia.p2, AlasanTolak.TIDAK_LENGKAP)  # from the queue: any officer of the unit
    tolak(r3, dunia.sup_a, AlasanTolak.DUPLIKAT)
    dunia.tuntas(ok, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 3, 11))
    dunia.pada(wib(2026, 8, 3, 9), services.tiket_batalkan, tiket=batal.pk, aktor=aktor(dunia.warga))

    assert (metrik(r1).alasan_tolak, metrik(r1).tolak_petugas_id) == ("tidak_lengkap", dunia.p1.pk)
    assert metrik(r1).respons_kerja == jam(2)  # a rejection is a public officer action
    assert (metrik(batal).status, metrik(batal).berakhir_pada) == (Status.DIBATALKAN, wib(2026, 8, 3, 9))
    r = rentang(*MINGGU_1)
    unit = baris_unit(dunia, r, dunia.unit_a, SETELAH)
    assert unit.ditolak == {"tidak_lengkap": 2, "duplikat": 1}
    assert unit.sebagai_dict()["ditolak"] == {
        "bukan_wewenang": 0,
        "tidak_lengkap": 2,
        "duplikat": 1,
        "spam": 0,
    }
    assert unit.tingkat_tolak == pytest.approx(75.0)  # 3 rejected ÷ (1 resolved + 3 rejected)
    assert (unit.masuk, unit.terbuka, unit.selesai) == (5, 0, 1)
    assert baris_petugas(dunia, r, dunia.p1, SETELAH).ditolak == {"tidak_lengkap": 1}
    assert baris_petugas(dunia, r, dunia.sup_a, SETELAH).ditolak == {"duplikat": 1}
    cocok_dengan_rujukan()


def test_umur_tiket_terbuka_dalam_hari_kerja_termasuk_akhir_pekan(dunia: Dunia) -> None:
    sekarang = wib(2026, 8, 12, 10)  # Wednesday
    diajukan = {
        wib(2026, 8, 12, 8): "lt1",
        wib(2026, 8, 11, 9): "1_3",  # 1 hari kerja
        wib(2026, 8, 10, 9): "1_3",  # 2
        wib(2026, 8, 9, 20): "3_5",  # Sunday night: Mon, Tue, Wed = 3
        wib(2026, 8, 7, 10): "3_5",  # Friday: 3
        wib(2026, 8, 6, 10): "3_5",  # 4
        wib(2026, 8, 5, 10): "5_10",  # 5
        wib(2026, 7, 30, 10): "5_10",  # 9
        wib(2026, 7, 29, 10): "gt10",  # 10
    }
    for saat in diajukan:
        dunia.ajukan(saat)
    unit = baris_unit(dunia, rentang(dt.date(2026, 8, 1), dt.date(2026, 8, 12)), dunia.unit_a, sekarang)
    assert unit.umur == {"lt1": 1, "1_3": 2, "3_5": 3, "5_10": 2, "gt10": 1}
    # Tenggat (5 hari kerja): 29 Jul -> 5 Aug 16:00 and 30 Jul -> 6 Aug 16:00 have passed.
    assert (unit.terbuka, unit.terlambat) == (9, 2)
    assert unit.masuk == 7  # submitted from 1 August on
