"""The claim path reads each row once: the number of queries of a claim and of `ambil` is pinned, and
what was cut (re-reading the tiket and the officer, counting the workload twice, reading the version back)
must not cost a guarantee: one event, the version bumped by exactly one and answered right, the broadcast
after commit, the officer's last-assigned time, the queue order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antrian import selectors, services
from antrian.exceptions import PerubahanBersamaan
from antrian.izin import Aktor
from antrian.models import Peristiwa, Petugas, Prioritas, Status, Tiket
from antrian.models.catatan import JenisPeristiwa
from antrian.selectors.tiket import urutan_antrian, urutan_antrian_bertahap
from antrian.services._umum import kunci_tiket
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

# One claim, as an API request makes it (a fresh Aktor), inside the test's transaction (so SAVEPOINT and
# RELEASE stand where a request has BEGIN and COMMIT):
#   the officer of the user, their units and roles (the Aktor, once per request),
#   SAVEPOINT, the officer's own row locked, their open work counted once,
#   the waiting tiket locked with SKIP LOCKED (the overdue ones first, then the rest: two reads when
#   nothing is overdue), the officer's last-assigned time, the tiket, the event, the metrics summary row
#   (one UPDATE, no read), RELEASE.
KUERI_KLAIM_UNIT = 12
# Without a unit the claiming units are read too.
KUERI_KLAIM = KUERI_KLAIM_UNIT + 1
# `ambil` of a tiket by number: the officer, SAVEPOINT, the tiket locked (with its unit), the roles, the
# officer's row locked, the count, the officer's last-assigned time, the tiket, the event, the metrics
# summary row, RELEASE.
KUERI_AMBIL = 11


def test_klaim_dari_unit_tertentu_dengan_jumlah_kueri_tetap(
    unit, petugas, warga, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for _ in range(3):
        buat_tiket(unit, pemohon=warga)
    pertama = urutan_antrian(Tiket.objects.filter(unit=unit)).first()
    assert pertama is not None

    with (
        django_assert_max_num_queries(KUERI_KLAIM_UNIT),
        django_capture_on_commit_callbacks() as siaran,
    ):
        diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit)

    assert diklaim.pk == pertama.pk
    assert len(siaran) == 1  # one event, one broadcast, after commit
    _periksa_hasil_ambil(diklaim, petugas, versi_awal=pertama.versi)


def test_klaim_tanpa_unit_dengan_jumlah_kueri_tetap(unit, petugas, warga, django_assert_max_num_queries):
    buat_tiket(unit, pemohon=warga)

    with django_assert_max_num_queries(KUERI_KLAIM):
        diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas))

    _periksa_hasil_ambil(diklaim, petugas, versi_awal=1)


def test_klaim_tiket_terlambat_cukup_satu_bacaan_antrian(unit, petugas, warga, django_assert_max_num_queries):
    buat_tiket(unit, pemohon=warga)
    telat = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=telat.pk).update(tenggat=timezone.now() - dt.timedelta(hours=1))

    with django_assert_max_num_queries(KUERI_KLAIM_UNIT - 1):
        diklaim = services.tiket_klaim_berikutnya(aktor=aktor(petugas), unit=unit)

    assert diklaim.pk == telat.pk


def test_ambil_dengan_jumlah_kueri_tetap(
    unit, petugas, warga, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    tiket = buat_tiket(unit, pemohon=warga).tiket

    with (
        django_assert_max_num_queries(KUERI_AMBIL),
        django_capture_on_commit_callbacks() as siaran,
    ):
        diambil = services.tiket_ambil(tiket=tiket.pk, aktor=aktor(petugas))

    assert len(siaran) == 1
    _periksa_hasil_ambil(diambil, petugas, versi_awal=tiket.versi)


def _periksa_hasil_ambil(tiket: Tiket, petugas: Petugas, *, versi_awal: int) -> None:
    tersimpan = segarkan(tiket)
    assert (tersimpan.status, tersimpan.petugas_id) == (Status.DITUGASKAN, petugas.pk)
    # The version is not read back after the save: what the service answers must be what was stored.
    assert tiket.versi == tersimpan.versi == versi_awal + 1
    [peristiwa] = Peristiwa.objects.filter(tiket=tiket, aksi="ambil")
    assert (peristiwa.jenis, peristiwa.dari_status, peristiwa.ke_status) == (
        JenisPeristiwa.PENUGASAN,
        Status.DIAJUKAN,
        Status.DITUGASKAN,
    )
    assert (peristiwa.petugas_id, peristiwa.data) == (petugas.pk, {"petugas": petugas.pk})
    petugas.refresh_from_db()
    assert petugas.terakhir_ditugaskan_pada == tersimpan.ditugaskan_pada is not None


def test_versi_yang_dijawab_sama_dengan_yang_tersimpan_di_setiap_langkah(unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    langkah = [
        lambda: services.tiket_ambil(tiket=tiket, aktor=aktor(petugas)),
        lambda: services.tiket_mulai(tiket=tiket, aktor=aktor(petugas)),
        lambda: services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Lampirkan KTP."),
        lambda: services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Sudah saya lampirkan."),
    ]
    for i, jalankan in enumerate(langkah, start=2):
        hasil = jalankan()
        assert hasil.versi == segarkan(tiket).versi == i


def test_versi_lama_tetap_ditolak_dengan_konflik(unit, petugas, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas), versi=1)
    with pytest.raises(PerubahanBersamaan):
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas), versi=1)
    assert segarkan(tiket).status == Status.DITUGASKAN


def test_kunci_tiket_sudah_terkunci_butuh_instans_tiket(unit, warga):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    with pytest.raises(TypeError):
        kunci_tiket(tiket.pk, sudah_terkunci=True)


def test_urutan_bertahap_sama_dengan_urutan_antrian(unit, petugas, warga):
    """Overdue (any priority) first, then priority, nearest tenggat, oldest id; no tenggat last; a tiket
    waiting for the citizen is never overdue (its clock is paused)."""
    sekarang = timezone.now()
    tiket = [buat_tiket(unit, pemohon=warga).tiket for _ in range(8)]
    atur = [
        (Prioritas.RENDAH, sekarang - dt.timedelta(hours=2)),
        (Prioritas.DARURAT, sekarang + dt.timedelta(days=3)),
        (Prioritas.NORMAL, None),
        (Prioritas.NORMAL, sekarang + dt.timedelta(days=1)),
        (Prioritas.NORMAL, sekarang + dt.timedelta(days=1)),
        (Prioritas.TINGGI, sekarang - dt.timedelta(hours=1)),
        (Prioritas.NORMAL, sekarang - dt.timedelta(days=1)),
        (Prioritas.DARURAT, None),
    ]
    for t, (prioritas, tenggat) in zip(tiket, atur, strict=True):
        Tiket.objects.filter(pk=t.pk).update(prioritas=prioritas, tenggat=tenggat)
    dijeda = tiket[6]
    services.tiket_ambil(tiket=dijeda, aktor=aktor(petugas))
    services.tiket_mulai(tiket=dijeda, aktor=aktor(petugas))
    services.tiket_minta_kelengkapan(tiket=dijeda, aktor=aktor(petugas), pesan="Lampirkan KK.")

    semua = Tiket.objects.filter(unit=unit)
    terlambat, lainnya = urutan_antrian_bertahap(semua, sekarang)
    bertahap = [t.pk for t in terlambat] + [t.pk for t in lainnya]

    assert bertahap == [t.pk for t in urutan_antrian(semua)]
    assert bertahap[:2] == [tiket[5].pk, tiket[0].pk]  # overdue: high priority before low
    assert dijeda.pk in [t.pk for t in lainnya]
    assert len(bertahap) == len(set(bertahap)) == 8


def test_klaim_tetap_mengikuti_antrian_yang_dilihat_petugas(unit, petugas, warga):
    sekarang = timezone.now()
    for prioritas, jam in [
        (Prioritas.RENDAH, -3),
        (Prioritas.TINGGI, 30),
        (Prioritas.NORMAL, -1),
        (Prioritas.NORMAL, 5),
    ]:
        t = buat_tiket(unit, pemohon=warga).tiket
        Tiket.objects.filter(pk=t.pk).update(prioritas=prioritas, tenggat=sekarang + dt.timedelta(hours=jam))
    antrian = [t.pk for t in selectors.antrian_untuk_petugas(aktor=aktor(petugas), status=[Status.DIAJUKAN])]

    klaim = [services.tiket_klaim_berikutnya(aktor=Aktor.dari_pengguna(petugas.pengguna)).pk for _ in antrian]

    assert klaim == antrian
