"""Assignment: freed capacity pulls the next tiket, in queue order, from every automatic unit the officer
works in, within the trigger's transaction. Services are called directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from antrian import services
from antrian.models import (
    Keanggotaan,
    Peristiwa,
    Petugas,
    Prioritas,
    Status,
    StrategiPenugasan,
    Tiket,
    Unit,
)
from tests.antrian._penugasan_umum import atur_strategi, penugasan_sistem
from tests.antrian.factories import buat_petugas, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


# --- freed capacity pulls the next tiket ---------------------------------------------------------------


def _selesaikan(tiket: Tiket, petugas: Petugas, warga: object, supervisor: Petugas, unit_lain: Unit) -> None:
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Lubang sudah ditambal.")


CARA_MEMBEBASKAN: dict[str, Callable[[Tiket, Petugas, object, Petugas, Unit], object]] = {
    "selesaikan": _selesaikan,
    "tolak": lambda t, p, w, s, u: services.tiket_tolak(
        tiket=t, aktor=aktor(p), alasan="duplikat", catatan="Sama dengan laporan lain."
    ),
    "batalkan": lambda t, p, w, s, u: services.tiket_batalkan(tiket=t, aktor=aktor(w)),
    "lepaskan": lambda t, p, w, s, u: services.tiket_lepaskan(tiket=t, aktor=aktor(p)),
    "alihkan": lambda t, p, w, s, u: services.tiket_alihkan(
        tiket=t, aktor=aktor(s), unit_tujuan=u, alasan="Wewenang unit lain."
    ),
}


@pytest.mark.parametrize("cara", list(CARA_MEMBEBASKAN))
def test_kapasitas_yang_bebas_menarik_tiket_berikutnya(cara, otomatis, unit_lain, supervisor, warga):
    satu_satunya = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    menunggu = buat_tiket(otomatis, pemohon=warga).tiket
    assert segarkan(dipegang).petugas == satu_satunya
    assert segarkan(menunggu).status == Status.DIAJUKAN

    CARA_MEMBEBASKAN[cara](dipegang, satu_satunya, warga, supervisor, unit_lain)

    tersimpan = segarkan(menunggu)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, satu_satunya)
    assert len(penugasan_sistem(menunggu)) == 1
    if cara == "lepaskan":
        # Released to the queue, and not handed straight back to the officer who let it go.
        assert (segarkan(dipegang).status, segarkan(dipegang).petugas) == (Status.DIAJUKAN, None)


def test_tiket_yang_dilepas_diberikan_ke_petugas_lain(otomatis, warga):
    a = buat_petugas(otomatis)
    tiket = buat_tiket(otomatis, pemohon=warga).tiket
    b = buat_petugas(otomatis)
    assert segarkan(tiket).petugas == a

    services.tiket_lepaskan(tiket=tiket, aktor=aktor(a), catatan="Bukan keahlian saya.")

    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.petugas) == (Status.DITUGASKAN, b)
    aksi = list(Peristiwa.objects.filter(tiket=tiket).order_by("id").values_list("aksi", flat=True))
    assert aksi == ["ajukan", "tugaskan", "lepaskan", "tugaskan"]


def test_kapasitas_bebas_menarik_tiket_menurut_urutan_antrian(otomatis, warga):
    petugas = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    biasa = buat_tiket(otomatis, pemohon=warga, tenggat_hari=3).tiket
    darurat = buat_tiket(otomatis, pemohon=warga, tenggat_hari=10).tiket
    telat = buat_tiket(otomatis, pemohon=warga, tenggat_hari=10).tiket
    Tiket.objects.filter(pk=darurat.pk).update(prioritas=Prioritas.DARURAT)
    Tiket.objects.filter(pk=telat.pk).update(
        prioritas=Prioritas.RENDAH, tenggat=timezone.now() - dt.timedelta(hours=1)
    )

    urutan = []
    for _ in range(3):
        services.tiket_tolak(
            tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Bukan pengaduan pelayanan."
        )
        dipegang = Tiket.objects.get(petugas=petugas, status=Status.DITUGASKAN)
        urutan.append(dipegang)

    assert urutan == [telat, darurat, biasa]


def test_kapasitas_bebas_mengisi_antrian_selama_masih_ada_yang_muat(otomatis, warga):
    a = buat_petugas(otomatis, kapasitas=2)
    b = buat_petugas(otomatis, kapasitas=0)
    dipegang = [buat_tiket(otomatis, pemohon=warga).tiket for _ in range(2)]
    menunggu = [buat_tiket(otomatis, pemohon=warga).tiket for _ in range(4)]
    assert all(segarkan(t).status == Status.DIAJUKAN for t in menunggu)
    # B gets room without any trigger (as a bulk update would); A's next completion fills everyone up.
    Petugas.objects.filter(pk=b.pk).update(kapasitas=2)

    services.tiket_tolak(tiket=dipegang[0], aktor=aktor(a), alasan="spam", catatan="Iklan.")

    pemegang = [segarkan(t).petugas for t in menunggu]
    assert sorted(p.pk for p in pemegang if p) == sorted([a.pk, b.pk, b.pk])
    assert pemegang[3] is None
    assert Tiket.objects.filter(petugas=a, status__in=[Status.DITUGASKAN]).count() == 2


def test_kapasitas_bebas_tidak_menugaskan_di_unit_klaim(unit, unit_lain, warga):
    petugas = buat_petugas(unit, kapasitas=1)
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=dipegang, aktor=aktor(petugas))
    menunggu = buat_tiket(unit, pemohon=warga).tiket

    services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(menunggu).status == Status.DIAJUKAN


def test_kapasitas_bebas_menarik_dari_unit_otomatis_lain_tempat_petugas_juga_bertugas(unit, unit_lain, warga):
    """An officer of a claiming unit and an automatic one: work done in the first pulls from the second."""
    atur_strategi(unit_lain, StrategiPenugasan.OTOMATIS)
    petugas = buat_petugas(unit, kapasitas=1)
    Keanggotaan.objects.create(petugas=petugas, unit=unit_lain)
    dipegang = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=dipegang, aktor=aktor(petugas))
    menunggu = buat_tiket(unit_lain, pemohon=warga).tiket
    assert segarkan(menunggu).status == Status.DIAJUKAN

    services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(menunggu).petugas == petugas


def test_tiket_yang_dialihkan_ke_unit_otomatis_langsung_ditugaskan(
    unit, unit_lain, supervisor_unit_lain, warga
):
    atur_strategi(unit, StrategiPenugasan.OTOMATIS)
    penerima = buat_petugas(unit)
    tiket = buat_tiket(unit_lain, pemohon=warga).tiket

    services.tiket_alihkan(
        tiket=tiket, aktor=aktor(supervisor_unit_lain), unit_tujuan=unit, alasan="Wewenang Dukcapil."
    )

    tersimpan = segarkan(tiket)
    assert (tersimpan.unit, tersimpan.status, tersimpan.petugas) == (unit, Status.DITUGASKAN, penerima)


def test_pemicu_dan_penugasan_berada_dalam_satu_transaksi(otomatis, warga, monkeypatch):
    """If the auto-assignment fails, the change that triggered it is rolled back with it."""
    petugas = buat_petugas(otomatis, kapasitas=1)
    dipegang = buat_tiket(otomatis, pemohon=warga).tiket
    buat_tiket(otomatis, pemohon=warga)

    def gagal(**kwargs: object) -> None:
        raise RuntimeError("gangguan")

    monkeypatch.setattr("antrian.services.penugasan.penugasan_isi_antrian", gagal)
    with pytest.raises(RuntimeError):
        services.tiket_tolak(tiket=dipegang, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert segarkan(dipegang).status == Status.DITUGASKAN
    assert not Peristiwa.objects.filter(tiket=dipegang, aksi="tolak").exists()
