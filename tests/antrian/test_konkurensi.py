"""Races that only real concurrent transactions can show: two officers claiming one tiket, two supervisors
filling one officer's last slot. Each thread has its own database connection; a barrier releases them
together so their transactions overlap."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from antrian import services
from antrian.exceptions import DataTidakValid, TransisiTidakSah
from antrian.models import Peran, Peristiwa, Petugas, Status, Tiket
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=True)


def serentak(*tugas: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run the callables in threads released together; ("ok", result) or ("galat", exception) each."""
    hasil: list[tuple[str, Any]] = [("belum", None)] * len(tugas)
    gerbang = threading.Barrier(len(tugas))

    def jalan(i: int) -> None:
        try:
            gerbang.wait(timeout=10)
            hasil[i] = ("ok", tugas[i]())
        except Exception as exc:
            hasil[i] = ("galat", exc)
        finally:
            # Each thread opened its own connection; leave none behind for the test database's teardown.
            connection.close()

    utas = [threading.Thread(target=jalan, args=(i,)) for i in range(len(tugas))]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=60)
    assert not any(u.is_alive() for u in utas), "a thread hung: a lock was never released"
    return hasil


def _rebutan_ambil(unit, warga, petugas, petugas_kedua, putaran: int) -> None:  # type: ignore[no-untyped-def]
    pesaing = [petugas, petugas_kedua]
    # Twenty rounds would fill the default capacity of 10 and turn a lost race into "capacity full".
    Petugas.objects.filter(pk__in=[p.pk for p in pesaing]).update(kapasitas=putaran + 1)
    for _ in range(putaran):
        tiket = buat_tiket(unit, pemohon=warga).tiket

        hasil = serentak(
            *[lambda p=p, pk=tiket.pk: services.tiket_ambil(tiket=pk, aktor=aktor(p)) for p in pesaing]
        )

        menang = [i for i, (jenis, _) in enumerate(hasil) if jenis == "ok"]
        kalah = [nilai for jenis, nilai in hasil if jenis == "galat"]
        assert len(menang) == 1, hasil
        assert len(kalah) == 1 and isinstance(kalah[0], TransisiTidakSah), hasil
        assert kalah[0].status_http == 409
        tersimpan = segarkan(tiket)
        assert tersimpan.status == Status.DITUGASKAN
        assert tersimpan.petugas_id == pesaing[menang[0]].pk
        assert Peristiwa.objects.filter(tiket=tiket, aksi="ambil").count() == 1


@pytest.mark.postgres
def test_dua_petugas_mengambil_tiket_yang_sama_bersamaan_hanya_satu_menang(
    unit, warga, petugas, petugas_kedua
):
    _rebutan_ambil(unit, warga, petugas, petugas_kedua, putaran=20)


def test_rebutan_tiket_di_sqlite_juga_hanya_satu_menang(unit, warga, petugas, petugas_kedua):
    # The embedded mode: SQLite's IMMEDIATE transactions take the write lock at BEGIN, so the second claim
    # waits on the busy timeout and then sees the tiket already assigned.
    if connection.vendor != "sqlite":
        pytest.skip("versi PostgreSQL dari tes ini berjalan di atas")
    if connection.is_in_memory_db():
        # pytest-django's default SQLite test database is in-memory with a shared cache, where a second
        # writer gets "database table is locked" at once instead of waiting: not what production runs.
        pytest.skip("butuh basis data uji SQLite berupa berkas (DATABASES TEST NAME), bukan in-memory")
    _rebutan_ambil(unit, warga, petugas, petugas_kedua, putaran=20)


@pytest.mark.postgres
def test_dua_supervisor_mengisi_slot_terakhir_petugas_bersamaan_hanya_satu_berhasil(unit, warga, supervisor):
    supervisor_kedua = buat_petugas(unit, peran=Peran.SUPERVISOR)
    for _ in range(10):
        sasaran = buat_petugas(unit, kapasitas=1)
        tiket_a, tiket_b = buat_tiket(unit, pemohon=warga).tiket, buat_tiket(unit, pemohon=warga).tiket

        hasil = serentak(
            *[
                lambda pk=t.pk, oleh=s, sasaran=sasaran: services.tiket_tugaskan(
                    tiket=pk, petugas=sasaran, aktor=aktor(oleh)
                )
                for t, s in [(tiket_a, supervisor), (tiket_b, supervisor_kedua)]
            ]
        )

        berhasil = [nilai for jenis, nilai in hasil if jenis == "ok"]
        gagal = [nilai for jenis, nilai in hasil if jenis == "galat"]
        assert len(berhasil) == 1, hasil
        assert len(gagal) == 1 and isinstance(gagal[0], DataTidakValid), hasil
        assert "petugas" in gagal[0].rincian
        assert Tiket.objects.filter(petugas=sasaran).count() == 1
        assert {segarkan(tiket_a).status, segarkan(tiket_b).status} == {Status.DITUGASKAN, Status.DIAJUKAN}
