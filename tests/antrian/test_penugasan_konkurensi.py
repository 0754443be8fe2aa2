"""Assignment under real concurrency (PostgreSQL): a burst of claims, and triggers of the automatic
assigner that fire together. Each thread has its own connection; a barrier releases them at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.db import connection, transaction
from django.utils import timezone

from antrian import services
from antrian.exceptions import DataTidakValid, TidakDitemukan
from antrian.models import Peran, Peristiwa, Petugas, Status, StrategiPenugasan, Tiket, Unit
from antrian.models.tiket import STATUS_TERBUKA
from portal.models import Pengguna
from tests.antrian.factories import UnitFactory, buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=True)


def unit_baru(**kwargs: Any) -> Unit:
    return cast(Unit, UnitFactory(**kwargs))


def serentak(*tugas: Callable[[], Any]) -> list[Any]:
    """Run the callables in threads released together and return what each returned; an exception
    escaping a callable is returned in its place, so the test sees it."""
    hasil: list[Any] = [None] * len(tugas)
    gerbang = threading.Barrier(len(tugas))

    def jalan(i: int) -> None:
        try:
            gerbang.wait(timeout=10)
            hasil[i] = tugas[i]()
        except Exception as exc:
            hasil[i] = exc
        finally:
            # Each thread opened its own connection; leave none behind for the test database's teardown.
            connection.close()

    utas = [threading.Thread(target=jalan, args=(i,)) for i in range(len(tugas))]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=120)
    assert not any(u.is_alive() for u in utas), "a thread hung: a lock was never released"
    return hasil


def klaim_sampai_ditolak(petugas: Petugas) -> tuple[list[int], Exception]:
    """Claim again and again until refused; the tikets won and the refusal."""
    menang: list[int] = []
    while True:
        try:
            menang.append(services.tiket_klaim_berikutnya(aktor=aktor(petugas)).pk)
        except Exception as exc:
            return menang, exc


def _rebutan_klaim(warga: Pengguna) -> None:
    unit = unit_baru()
    petugas = [buat_petugas(unit, kapasitas=4) for _ in range(8)]
    tiket = [buat_tiket(unit, pemohon=warga).tiket for _ in range(30)]

    hasil = serentak(*[lambda p=p: klaim_sampai_ditolak(p) for p in petugas])

    assert all(isinstance(h, tuple) for h in hasil), hasil
    semua = [pk for menang, _ in hasil for pk in menang]
    # No tiket went to two officers, and with room for 32 every one of the 30 was taken.
    assert len(semua) == len(set(semua)) == 30
    assert set(semua) == {t.pk for t in tiket}
    for p, (menang, penolakan) in zip(petugas, hasil, strict=True):
        # Every claim either won or was refused cleanly: capacity full (400) or nothing left (404).
        assert isinstance(penolakan, DataTidakValid | TidakDitemukan), penolakan
        assert len(menang) <= p.kapasitas
        assert Tiket.objects.filter(petugas=p, status__in=STATUS_TERBUKA).count() == len(menang)
        assert set(Tiket.objects.filter(petugas=p).values_list("pk", flat=True)) == set(menang)
    assert not Tiket.objects.filter(unit=unit, status=Status.DIAJUKAN).exists()
    ambil = Counter(
        Peristiwa.objects.filter(tiket__unit=unit, aksi="ambil").values_list("tiket_id", flat=True)
    )
    assert set(ambil.values()) == {1} and len(ambil) == 30


@pytest.mark.postgres
def test_delapan_petugas_mengklaim_dari_tiga_puluh_tiket_sekaligus(warga):
    _rebutan_klaim(warga)


def test_rebutan_klaim_di_sqlite_juga_tanpa_tiket_ganda(warga):
    # The embedded mode: select_for_update is ignored, SQLite's IMMEDIATE transactions serialize claims.
    if connection.vendor != "sqlite":
        pytest.skip("versi PostgreSQL dari tes ini berjalan di atas")
    if cast(Any, connection).is_in_memory_db():  # only SQLite's wrapper has it
        pytest.skip("butuh basis data uji SQLite berupa berkas (DATABASES TEST NAME), bukan in-memory")
    _rebutan_klaim(warga)


def _unit_otomatis_dua_petugas_sibuk(
    warga: Pengguna, menunggu: int
) -> tuple[list[Petugas], list[Tiket], list[Tiket]]:
    unit = unit_baru(strategi_penugasan=StrategiPenugasan.OTOMATIS)
    petugas = [buat_petugas(unit, kapasitas=1) for _ in range(2)]
    dipegang = [buat_tiket(unit, pemohon=warga).tiket for _ in range(2)]
    antre = [buat_tiket(unit, pemohon=warga).tiket for _ in range(menunggu)]
    assert {segarkan(t).petugas_id for t in dipegang} == {p.pk for p in petugas}
    assert all(segarkan(t).status == Status.DIAJUKAN for t in antre)
    for t in dipegang:
        services.tiket_mulai(tiket=t, aktor=aktor(segarkan(t).petugas))
    return petugas, dipegang, antre


def _selesaikan_semua(dipegang: list[Tiket]) -> list[Any]:
    return serentak(
        *[
            lambda t=t: services.tiket_selesaikan(
                tiket=t.pk, aktor=aktor(segarkan(t).petugas), catatan="Selesai ditangani."
            )
            for t in dipegang
        ]
    )


@pytest.mark.postgres
@pytest.mark.parametrize("putaran", range(8))
def test_dua_kapasitas_bebas_bersamaan_tidak_menugaskan_satu_tiket_dua_kali(putaran, warga):
    petugas, dipegang, [menunggu] = _unit_otomatis_dua_petugas_sibuk(warga, menunggu=1)

    hasil = _selesaikan_semua(dipegang)

    assert all(isinstance(h, Tiket) for h in hasil), hasil
    assert {segarkan(t).status for t in dipegang} == {Status.SELESAI}
    tersimpan = segarkan(menunggu)
    assert tersimpan.status == Status.DITUGASKAN
    assert tersimpan.petugas_id in {p.pk for p in petugas}
    assert Peristiwa.objects.filter(tiket=menunggu, aksi="tugaskan").count() == 1
    for p in petugas:
        assert Tiket.objects.filter(petugas=p, status__in=STATUS_TERBUKA).count() <= p.kapasitas


@pytest.mark.postgres
@pytest.mark.parametrize("putaran", range(8))
def test_dua_kapasitas_bebas_bersamaan_mengisi_dua_tiket_satu_untuk_masing_masing(putaran, warga):
    petugas, dipegang, antre = _unit_otomatis_dua_petugas_sibuk(warga, menunggu=3)

    hasil = _selesaikan_semua(dipegang)

    assert all(isinstance(h, Tiket) for h in hasil), hasil
    # Each freed officer got one of the waiting tikets: none lost to the other trigger's locks, none
    # given twice, nobody past capacity. (Which two depends on timing: a trigger skips a tiket the other
    # holds for that instant.)
    pemegang = [segarkan(t).petugas_id for t in antre]
    assert sorted(p for p in pemegang if p) == sorted(p.pk for p in petugas)
    for t in antre:
        assert Peristiwa.objects.filter(tiket=t, aksi="tugaskan").count() == (
            1 if segarkan(t).petugas_id else 0
        )


@pytest.mark.postgres
def test_pengajuan_serentak_ke_unit_otomatis_tidak_melampaui_kapasitas(warga):
    unit = unit_baru(strategi_penugasan=StrategiPenugasan.OTOMATIS)
    petugas = [buat_petugas(unit, kapasitas=2) for _ in range(3)]

    hasil = serentak(*[lambda: buat_tiket(unit, pemohon=warga).tiket for _ in range(10)])

    assert all(isinstance(h, Tiket) for h in hasil), hasil
    for p in petugas:
        assert Tiket.objects.filter(petugas=p, status__in=STATUS_TERBUKA).count() <= 2
    terbagi = Tiket.objects.filter(unit=unit, status=Status.DITUGASKAN).count()
    assert terbagi == 6
    assert Tiket.objects.filter(unit=unit, status=Status.DIAJUKAN).count() == 4
    tugaskan = Counter(
        Peristiwa.objects.filter(tiket__unit=unit, aksi="tugaskan").values_list("tiket_id", flat=True)
    )
    assert set(tugaskan.values()) == {1} and len(tugaskan) == 6


# --- one officer's capacity under concurrent claims (the officer's row lock serialises them) -------------


def _klaim_serentak_satu_petugas(warga: Pengguna, *, kapasitas: int, klaim: int) -> None:
    unit = unit_baru()
    petugas = buat_petugas(unit, kapasitas=kapasitas)
    for _ in range(klaim + 2):
        buat_tiket(unit, pemohon=warga)

    # Each thread is a separate request of the same officer (its own Aktor, its own connection).
    hasil = serentak(*[lambda: services.tiket_klaim_berikutnya(aktor=aktor(petugas)) for _ in range(klaim)])

    menang = [h for h in hasil if isinstance(h, Tiket)]
    ditolak = [h for h in hasil if not isinstance(h, Tiket)]
    assert len(menang) == kapasitas, hasil
    # Every refusal is "capacity full" (400), never an error of the database or a second tiket.
    assert all(isinstance(h, DataTidakValid) and "petugas" in h.rincian for h in ditolak), ditolak
    assert Tiket.objects.filter(petugas=petugas, status__in=STATUS_TERBUKA).count() == kapasitas
    assert len({t.pk for t in menang}) == kapasitas
    assert Peristiwa.objects.filter(tiket__unit=unit, aksi="ambil").count() == kapasitas


@pytest.mark.postgres
@pytest.mark.parametrize("putaran", range(6))
def test_satu_petugas_mengklaim_serentak_tidak_melewati_kapasitasnya(putaran, warga):
    _klaim_serentak_satu_petugas(warga, kapasitas=2, klaim=6)


def test_satu_petugas_mengklaim_serentak_di_sqlite_juga_tidak_melewati_kapasitas(warga):
    if connection.vendor != "sqlite":
        pytest.skip("versi PostgreSQL dari tes ini berjalan di atas")
    if cast(Any, connection).is_in_memory_db():  # only SQLite's wrapper has it
        pytest.skip("butuh basis data uji SQLite berupa berkas (DATABASES TEST NAME), bukan in-memory")
    _klaim_serentak_satu_petugas(warga, kapasitas=2, klaim=4)


@pytest.mark.postgres
@pytest.mark.parametrize("putaran", range(8))
def test_klaim_dan_penugasan_supervisor_berebut_slot_terakhir_hanya_satu_berhasil(putaran, warga):
    unit = unit_baru()
    supervisor = buat_petugas(unit, peran=Peran.SUPERVISOR)
    petugas = buat_petugas(unit, kapasitas=1)
    antre = buat_tiket(unit, pemohon=warga).tiket
    pilihan = buat_tiket(unit, pemohon=warga, tenggat_hari=30).tiket

    hasil = serentak(
        lambda: services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit),
        lambda: services.tiket_tugaskan(tiket=pilihan.pk, petugas=petugas, aktor=aktor(supervisor)),
    )

    berhasil = [h for h in hasil if isinstance(h, Tiket)]
    gagal = [h for h in hasil if not isinstance(h, Tiket)]
    assert len(berhasil) == 1, hasil
    assert len(gagal) == 1 and isinstance(gagal[0], DataTidakValid) and "petugas" in gagal[0].rincian
    assert Tiket.objects.filter(petugas=petugas, status__in=STATUS_TERBUKA).count() == 1
    penugasan = Peristiwa.objects.filter(tiket__in=[antre, pilihan], aksi__in=["ambil", "tugaskan"])
    assert penugasan.count() == 1


@pytest.mark.postgres
def test_klaim_melewati_tiket_terlambat_yang_sedang_dipegang_transaksi_lain(warga):
    """SKIP LOCKED in both parts of the queue: an overdue tiket held by another transaction is skipped,
    not waited for, and the next one (here: not overdue) is taken."""
    unit = unit_baru()
    petugas = buat_petugas(unit)
    telat = buat_tiket(unit, pemohon=warga).tiket
    biasa = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=telat.pk).update(tenggat=timezone.now() - dt.timedelta(hours=1))
    dipegang, lepas = threading.Event(), threading.Event()

    def pegang() -> None:
        try:
            with transaction.atomic():
                list(Tiket.objects.select_for_update().filter(pk=telat.pk))
                dipegang.set()
                lepas.wait(timeout=30)
        finally:
            connection.close()

    utas = threading.Thread(target=pegang)
    utas.start()
    try:
        assert dipegang.wait(timeout=10)
        diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit)
    finally:
        lepas.set()
        utas.join(timeout=30)
    assert diklaim.pk == biasa.pk
    assert segarkan(telat).status == Status.DIAJUKAN
    # Once free, the overdue tiket is the next one.
    assert services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit).pk == telat.pk
