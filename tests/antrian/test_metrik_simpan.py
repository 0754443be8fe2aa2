"""The one-minute store of computed metrics (antrian/selectors/kinerja/simpan.py): a view is computed once
and read from the store until it is KINERJA_SIMPAN_DETIK old, never across scopes or languages; the
warm-up command fills the default views under the keys the pages read."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from antrian.exceptions import TidakDiizinkan
from antrian.selectors import kinerja as k
from tests.antrian.kinerja_data import ajukan, isi_unit, selesaikan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _simpan_semenit(settings):  # type: ignore[no-untyped-def]
    settings.KINERJA_SIMPAN_DETIK = 60


def _kueri_metrik(fungsi) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as c:
        fungsi()
    return sum("antrian_metriktiket" in q["sql"] for q in c.captured_queries)


def test_tampilan_dihitung_sekali_lalu_dibaca_dari_simpanan_sampai_semenit(unit, petugas, manajer):
    skenario = isi_unit(unit, petugas, selesai=2, terbuka=1)
    m = aktor(manajer)
    rentang = k.Rentang.bawaan()
    baca = lambda: k.ikhtisar_unit(aktor=m, rentang=rentang, simpan=True)  # noqa: E731
    pertama = baca()
    for _ in range(3):
        selesaikan(ajukan(skenario.kategori[0]), petugas)

    # Within the minute: the stored figures, without touching the metrics table.
    assert _kueri_metrik(baca) == 0
    assert baca()[1].selesai == pertama[1].selesai == 2
    # A minute later the view is computed again and sees the new tikets.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        assert baca()[1].selesai == 5
    # Without the store every read computes.
    assert k.ikhtisar_unit(aktor=m, rentang=rentang)[1].selesai == 5


def test_simpanan_tidak_pernah_melintasi_cakupan(
    unit, unit_lain, petugas, petugas_unit_lain, manajer, supervisor, supervisor_unit_lain
):
    isi_unit(unit, petugas, selesai=2, terbuka=0)
    isi_unit(unit_lain, petugas_unit_lain, selesai=4, terbuka=0)
    rentang = k.Rentang.bawaan()
    semua = k.ikhtisar_unit(aktor=aktor(manajer), rentang=rentang, simpan=True)
    sendiri = k.ikhtisar_unit(aktor=aktor(supervisor), rentang=rentang, simpan=True)
    lain = k.ikhtisar_unit(aktor=aktor(supervisor_unit_lain), rentang=rentang, simpan=True)
    assert semua[1].selesai == 6
    assert [b.kunci for b in sendiri[0]] == [unit.pk] and sendiri[1].selesai == 2
    assert [b.kunci for b in lain[0]] == [unit_lain.pk] and lain[1].selesai == 4
    # A supervisor asking for another unit is refused even though that view is stored.
    with pytest.raises(TidakDiizinkan):
        k.ikhtisar_unit(
            aktor=aktor(supervisor),
            rentang=rentang,
            saringan=k.Saringan(unit_ids=frozenset({unit_lain.pk})),
            simpan=True,
        )


def test_bahasa_masuk_kunci_simpanan(unit, petugas, manajer):
    isi_unit(unit, petugas, selesai=1, terbuka=0)
    m, rentang = aktor(manajer), k.Rentang.bawaan()
    with translation.override("id"):
        id_total = k.ikhtisar_unit(aktor=m, rentang=rentang, simpan=True)[1].nama
    with translation.override("en"):
        en_total = k.ikhtisar_unit(aktor=m, rentang=rentang, simpan=True)[1].nama
    assert (id_total, en_total) == ("Semua unit", "All units")


def test_perintah_hangatkan_mengisi_tampilan_bawaan_halaman(client, unit, petugas, supervisor, manajer):
    skenario = isi_unit(unit, petugas, selesai=2, terbuka=1)
    call_command("metrik_hangatkan")
    for pengguna in (manajer, supervisor.pengguna):
        client.force_login(pengguna)
        with CaptureQueriesContext(connection) as c:
            respons = client.get("/dasbor/kinerja/")
        assert respons.status_code == 200
        # The page's units, trend, services and officer table all came from the store.
        assert not [q for q in c.captured_queries if "antrian_metriktiket" in q["sql"]]
    # And it computes again on its next run (it never serves what it stored itself).
    selesaikan(ajukan(skenario.kategori[0]), petugas)
    call_command("metrik_hangatkan")
    assert k.ikhtisar_unit(aktor=aktor(manajer), rentang=k.Rentang.bawaan(), simpan=True)[1].selesai == 3
