"""/transparansi/: each active unit's SKM over the last 12 months, public, cached, constant queries."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from antrian.metrik import skm
from antrian.models import SurveiKepuasan
from portal.views import transparansi as transparansi_mod
from portal.views.transparansi import rentang_12_bulan
from tests.antrian.factories import UnitFactory, buat_tiket
from tests.antrian.test_survei import selesaikan

pytestmark = pytest.mark.django_db

SEMPURNA = dict.fromkeys(skm.UNSUR, 4)


def _jawaban(unit, jawaban: dict[str, int], *, pada: dt.datetime | None = None) -> SurveiKepuasan:  # type: ignore[no-untyped-def]
    """A stored answer for a resolved tiket of `unit` (rows written directly: the page only reads them)."""
    tiket = buat_tiket(unit).tiket
    return SurveiKepuasan.objects.create(
        tiket=tiket, unit=unit, dibuat_pada=pada or timezone.now(), **jawaban
    )


def _angka(nilai: Decimal, desimal: int = 2) -> str:
    return number_format(nilai, desimal)


def test_angka_unit_sama_dengan_perhitungan_skm_untuk_jawaban_yang_diketahui(client, unit, unit_lain):
    a = {"u1": 4, "u2": 3, "u3": 3, "u4": 4, "u5": 3, "u6": 3, "u7": 4, "u8": 2, "u9": 3}
    b = {"u1": 3, "u2": 3, "u3": 2, "u4": 4, "u5": 3, "u6": 4, "u7": 4, "u8": 3, "u9": 3}
    _jawaban(unit, a)
    _jawaban(unit, b)
    harapan = skm.indeks(2, {u: a[u] + b[u] for u in skm.UNSUR})
    assert harapan is not None
    respons = client.get("/transparansi/")
    assert respons.status_code == 200
    html = respons.content.decode()
    bagian = html.split(f'id="unit-{unit.kode}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="skm-nilai"' in bagian
    assert _angka(harapan.nilai) in bagian
    assert f'skm-mutu-{harapan.mutu}">{harapan.mutu}<' in bagian
    assert str(skm.mutu_untuk(harapan.nilai)[1]).capitalize() in bagian
    assert _angka(harapan.ikm, 3) in bagian
    for u in skm.UNSUR:
        assert _angka(harapan.nrr[u]) in bagian
    # The unit without answers says so.
    lain = html.split(f'id="unit-{unit_lain.kode}"', 1)[1].split("</li>", 1)[0]
    assert _("No survey answers for this unit in this period.") in lain
    assert "skm-nilai" not in lain


def test_nilai_sempurna_100_mutu_a_karena_bobot_satu_per_sembilan_tanpa_pembulatan(client, unit):
    _jawaban(unit, SEMPURNA)
    html = client.get("/transparansi/").content.decode()
    assert _angka(Decimal("100.00")) in html
    assert 'skm-mutu-A">A<' in html
    kalimat = _(
        "Weight used: %(bobot)s per element, without rounding to 0.11 (rounded, a perfect answer would "
        "score 99 instead of 100)."
    )
    assert kalimat % {"bobot": skm.BOBOT_TEKS} in html


def test_periode_12_bulan_disebut_dan_jawaban_lebih_lama_tidak_dihitung(client, unit):
    sekarang = timezone.now()
    _jawaban(unit, SEMPURNA, pada=sekarang - dt.timedelta(days=10))
    _jawaban(unit, dict.fromkeys(skm.UNSUR, 1), pada=sekarang - dt.timedelta(days=400))
    html = client.get("/transparansi/").content.decode()
    rentang = rentang_12_bulan(timezone.localdate())
    assert date_format(rentang.dari, "j F Y") in html
    assert date_format(rentang.sampai, "j F Y") in html
    assert _angka(Decimal("100.00")) in html


def test_rentang_12_bulan_sampai_hari_ini_termasuk_tanggal_29_februari():
    assert rentang_12_bulan(dt.date(2026, 11, 28)).dari == dt.date(2025, 11, 29)
    kabisat = rentang_12_bulan(dt.date(2028, 2, 29))
    assert (kabisat.dari, kabisat.sampai) == (dt.date(2027, 3, 1), dt.date(2028, 2, 29))


def test_unit_nonaktif_tidak_tampil(client, unit):
    mati = UnitFactory(kode="lama", nama="Unit Lama", aktif=False)
    _jawaban(mati, SEMPURNA)
    html = client.get("/transparansi/").content.decode()
    assert 'id="unit-lama"' not in html
    assert f'id="unit-{unit.kode}"' in html


def test_tanpa_login_dan_boleh_disimpan_lima_menit(client, unit):
    respons = client.get("/transparansi/")
    assert respons.status_code == 200
    kontrol = respons["Cache-Control"]
    assert "max-age=300" in kontrol and "private" in kontrol
    assert client.post("/transparansi/").status_code == 405


def test_angka_disimpan_di_cache_lalu_diperbarui_setelah_kedaluwarsa(client, unit, monkeypatch):
    # Five minutes in production; one second here, so the expiry is real on locmem and Redis alike.
    assert transparansi_mod.SIMPAN_DETIK == 300
    monkeypatch.setattr(transparansi_mod, "SIMPAN_DETIK", 1)
    html = client.get("/transparansi/").content.decode()
    assert "skm-nilai" not in html
    _jawaban(unit, SEMPURNA)
    assert "skm-nilai" not in client.get("/transparansi/").content.decode()
    time.sleep(1.2)
    assert "skm-nilai" in client.get("/transparansi/").content.decode()


def test_jumlah_kueri_tetap_berapa_pun_unit_dan_jawabannya(client, unit, django_assert_max_num_queries):
    from django.core.cache import cache

    for i in range(12):
        lain = UnitFactory(kode=f"u-{i}", nama=f"Unit {i}")
        for _k in range(3):
            _jawaban(lain, {**SEMPURNA, "u1": 1 + i % 4})
    cache.clear()
    with django_assert_max_num_queries(2):
        respons = client.get("/transparansi/")
    assert respons.content.decode().count('skm-nilai"') == 12
    with django_assert_max_num_queries(0):
        client.get("/transparansi/")


def test_tautan_transparansi_di_kaki_halaman(client, db):
    assert 'href="/transparansi/"' in client.get("/").content.decode()


def test_survei_yang_diisi_lewat_layanan_muncul_di_halaman(client, unit, warga, petugas):
    from antrian import services
    from tests.conftest import aktor

    tiket = buat_tiket(unit, pemohon=warga).tiket
    selesaikan(tiket, petugas)
    services.survei_isi(tiket=tiket, aktor=aktor(warga), jawaban=SEMPURNA)
    bagian = client.get("/transparansi/").content.decode().split(f'id="unit-{unit.kode}"', 1)[1]
    assert "skm-nilai" in bagian.split("</li>", 1)[0]
