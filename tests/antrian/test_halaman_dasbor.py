"""The dashboard page /dasbor/: who may open it, which units and counters it shows, its live wiring."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from antrian import services
from antrian.models import Tiket
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_petugas, buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


def t(msgid: str) -> str:
    """The page's text as the Indonesian catalogue has it (UI text is written with English msgids)."""
    with translation.override("id"):
        return gettext(msgid)


def _baris_unit(html: str, unit_id: int) -> dict[str, int]:
    """The counters of one unit's table row, read from the cells' data-nilai."""
    cocok = re.search(rf'<tr data-unit="{unit_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert cocok, f"no row for unit {unit_id}"
    return {k: int(v) for k, v in re.findall(r'data-hitung="(\w+)" data-nilai="(\d+)"', cocok.group(1))}


def _total(html: str) -> dict[str, int]:
    cocok = re.search(r'data-unit="total">(.*?)</div>\s*</section>', html, re.S)
    assert cocok
    return {k: int(v) for k, v in re.findall(r'data-hitung="(\w+)" data-nilai="(\d+)"', cocok.group(1))}


def _selesai(tiket: Tiket, petugas: object) -> None:
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah diperbaiki.")


def test_tamu_diarahkan_ke_halaman_masuk(client):
    respons = client.get("/dasbor/")
    assert respons.status_code == 302
    assert respons["Location"] == "/masuk/?next=/dasbor/"


def test_warga_mendapat_halaman_403_yang_ramah(client, warga):
    client.force_login(warga)
    respons = client.get("/dasbor/")
    assert respons.status_code == 403
    html = respons.content.decode()
    assert t("Access denied") in html
    assert t("The dashboard is for managers and unit supervisors.") in html


def test_petugas_biasa_tidak_boleh_membuka_dasbor(client, petugas):
    client.force_login(petugas.pengguna)
    assert client.get("/dasbor/").status_code == 403


def test_supervisor_hanya_melihat_unitnya(client, unit, unit_lain, supervisor):
    buat_tiket(unit_lain)
    client.force_login(supervisor.pengguna)
    respons = client.get("/dasbor/")
    assert respons.status_code == 200
    html = respons.content.decode()
    assert unit.nama in html
    assert f'data-unit="{unit.pk}"' in html
    assert f'data-unit="{unit_lain.pk}"' not in html
    assert unit_lain.nama not in html


def test_manajer_melihat_semua_unit_dengan_penghitung_yang_benar(client, unit, unit_lain, petugas, manajer):
    buat_tiket(unit)  # new
    dikerjakan = buat_tiket(unit).tiket
    services.tiket_ambil(tiket=dikerjakan, aktor=aktor(petugas))  # being worked on
    terlambat = buat_tiket(unit).tiket  # new and overdue
    Tiket.objects.filter(pk=terlambat.pk).update(tenggat=timezone.now() - dt.timedelta(hours=2))
    _selesai(buat_tiket(unit).tiket, petugas)  # resolved today
    ditolak = buat_tiket(unit).tiket  # closed, counted nowhere
    services.tiket_tolak(tiket=ditolak, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")
    buat_tiket(unit_lain)

    client.force_login(manajer)
    html = client.get("/dasbor/").content.decode()

    assert _baris_unit(html, unit.pk) == {"baru": 2, "ditugaskan": 1, "terlambat": 1, "selesai_hari_ini": 1}
    assert _baris_unit(html, unit_lain.pk) == {
        "baru": 1,
        "ditugaskan": 0,
        "terlambat": 0,
        "selesai_hari_ini": 0,
    }
    assert _total(html) == {"baru": 3, "ditugaskan": 1, "terlambat": 1, "selesai_hari_ini": 1}
    # A unit with overdue work is flagged in the table.
    assert re.search(rf'<tr data-unit="{unit.pk}" class="terlambat">', html)
    assert re.search(rf'<tr data-unit="{unit_lain.pk}">', html)


def test_halaman_tersambung_ke_aliran_dasbor_dan_berbahasa_indonesia(client, unit, manajer):
    client.force_login(manajer)
    respons = client.get("/dasbor/")
    html = respons.content.decode()
    assert 'data-aliran="/ws/dasbor/"' in html
    # Counters are state sent whole on connect: no stream position to resume from.
    assert "data-sejak" not in html
    assert f"<title>{t('Dashboard')}" in html
    assert t("Service dashboard") in html
    assert t("Resolved today") in html
    assert t("Overdue") in html
    assert 'aria-current="page"' in html
    assert "no-cache" in respons["Cache-Control"]


def test_tanpa_unit_menampilkan_keterangan(client, manajer):
    client.force_login(manajer)
    respons = client.get("/dasbor/")
    assert respons.status_code == 200
    assert t("No units have been set up yet.") in respons.content.decode()


def test_hanya_get(client, manajer):
    client.force_login(manajer)
    assert client.post("/dasbor/").status_code == 405


def test_penghitung_ribuan_ditulis_dengan_titik(client, unit, manajer, monkeypatch):
    # Thousands separators: 12.345 in Indonesian; the selector is faked to avoid 12,345 real tikets.
    from antrian import selectors

    asli = selectors.penghitung_dasbor

    def besar(**kwargs):  # type: ignore[no-untyped-def]
        return [{**b, "baru": 12345} for b in asli(**kwargs)]

    monkeypatch.setattr(selectors, "penghitung_dasbor", besar)
    client.force_login(manajer)
    html = client.get("/dasbor/").content.decode()
    baru = t("New")
    assert (
        f'<td data-label="{baru}" data-hitung="baru" data-nilai="12345" class="dasbor-bilangan">12.345</td>'
        in html
    )


def _unit_dengan_tiket(awal: int, jumlah: int) -> None:
    for i in range(awal, awal + jumlah):
        unit = UnitFactory(kode=f"u{i}", zona_waktu="Asia/Makassar" if i % 2 else "")
        for _ in range(2):
            buat_tiket(unit)


def test_jumlah_kueri_tidak_bertambah_dengan_jumlah_unit_dan_tiket(client, manajer):
    _unit_dengan_tiket(0, 2)
    client.force_login(manajer)
    with CaptureQueriesContext(connection) as sedikit:
        assert client.get("/dasbor/").status_code == 200
    _unit_dengan_tiket(2, 10)
    with CaptureQueriesContext(connection) as banyak:
        html = client.get("/dasbor/").content.decode()
    assert html.count("<tr data-unit=") == 12
    # session, user, the viewer's groups and officer row (the check and the navigation), the units, the
    # open counts, and one "resolved today" query per distinct time zone (two here) — whatever the number
    # of units and tikets.
    assert len(banyak) == len(sedikit) <= 10


def test_supervisor_dua_unit_melihat_keduanya(client, unit, unit_lain):
    supervisor = buat_petugas(unit, peran="supervisor")
    from antrian.models import Keanggotaan

    Keanggotaan.objects.create(petugas=supervisor, unit=unit_lain, peran="supervisor")
    UnitFactory(kode="unit-ketiga")
    client.force_login(supervisor.pengguna)
    html = client.get("/dasbor/").content.decode()
    assert html.count("<tr data-unit=") == 2


def test_pengguna_tanpa_peran_apapun_ditolak(client):
    client.force_login(PenggunaFactory())
    assert client.get("/dasbor/").status_code == 403
