"""The officer's queue page and tiket page: a bounded number of queries whatever the data, and the table's
labels still on every row once they are translated once per table."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from antrian import services
from antrian.izin import Aktor
from antrian.models import Unit
from tests.antrian.factories import buat_tiket

pytestmark = pytest.mark.django_db

# Measured with the embedded settings (sessions and the calendar cache warm): the queue page and the
# tiket page of an officer. Lower them when a query goes; never raise them to make room for one.
KUERI_ANTRIAN = 12
KUERI_TIKET = 13


def _klien(petugas: Any) -> Client:
    c = Client()
    c.force_login(petugas.pengguna)
    return c


def test_antrian_membaca_unit_petugas_sekali_dan_tetap_datar(
    unit: Unit, petugas: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(3):
        buat_tiket(unit, judul=f"Tiket {i}")
    c = _klien(petugas)
    c.get(reverse("antrian:petugas-antrian"))  # warm caches (session, calendar)
    with django_assert_max_num_queries(KUERI_ANTRIAN) as kueri:
        c.get(reverse("antrian:petugas-antrian"))
    unit_sql = [q["sql"] for q in kueri.captured_queries if 'FROM "antrian_unit"' in q["sql"]]
    assert len(unit_sql) == 1, "the officer's units are read once for the filter and for 'claim next'"
    for i in range(30):
        buat_tiket(unit, judul=f"Tiket lagi {i}")
    with django_assert_max_num_queries(KUERI_ANTRIAN):
        respons = c.get(reverse("antrian:petugas-antrian"))
    assert respons.status_code == 200


def test_label_tabel_antrian_ada_di_setiap_baris(unit: Unit, petugas: Any) -> None:
    for i in range(4):
        buat_tiket(unit, judul=f"Tiket {i}")
    html = _klien(petugas).get(reverse("antrian:petugas-antrian")).content.decode()
    assert html.count("data-baris-antrian") == 4
    # Every cell of every row carries its column's label (the table becomes cards on a narrow screen).
    for label in ("Nomor tiket", "Judul", "Status", "Prioritas", "Tenggat", "Petugas"):
        assert html.count(f'data-label="{label}"') == 4, label
    assert html.count('<span class="redup">Belum ditugaskan</span>') == 4


def test_halaman_tiket_kueri_tidak_tumbuh_dengan_catatan_internal(
    unit: Unit, petugas: Any, django_assert_max_num_queries: Any
) -> None:
    baru = buat_tiket(unit)
    aktor = Aktor.dari_pengguna(petugas.pengguna)
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor, isi="Balasan pertama", internal=False)
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor, isi="Catatan pertama", internal=True)
    c = _klien(petugas)
    url = reverse("antrian:petugas-tiket", kwargs={"nomor": baru.tiket.nomor})
    c.get(url)
    with django_assert_max_num_queries(KUERI_TIKET):
        assert c.get(url).status_code == 200
    for i in range(5):
        services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor, isi=f"Catatan {i}", internal=True)
        services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor, isi=f"Balasan {i}", internal=False)
    with django_assert_max_num_queries(KUERI_TIKET):
        html = c.get(url).content.decode()
    # The internal events are marked from the events read for the page, without a query of their own.
    assert html.count('<li class="internal">') == 6


def test_bingkai_halaman_memakai_aktor_view_tanpa_membaca_petugas_lagi(
    unit: Unit, petugas: Any, django_assert_max_num_queries: Any
) -> None:
    # The navigation's roles (frontend.context_processors) come from the actor the view already built.
    buat_tiket(unit)
    c = _klien(petugas)
    c.get(reverse("antrian:petugas-antrian"))
    with django_assert_max_num_queries(KUERI_ANTRIAN) as kueri:
        html = c.get(reverse("antrian:petugas-antrian")).content.decode()
    sql = [q["sql"] for q in kueri.captured_queries]
    assert sum('FROM "antrian_petugas"' in q for q in sql) == 1, sql
    assert sum('FROM "antrian_keanggotaan"' in q for q in sql) == 1, sql
    assert 'href="/petugas/"' in html  # the officer's navigation is still there
