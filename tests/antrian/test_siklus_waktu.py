# ruff: noqa: F811  (the shared `ktx` fixture is imported, then requested by name)
"""The lifecycle's clock: the SLA clock paused while waiting for the citizen, and the timestamps the
metrics read (assignment, first response, completion, closing)."""

from __future__ import annotations

import datetime as dt

from antrian import services
from antrian.models import Status
from tests.antrian._siklus_umum import WIB, pada
from tests.antrian.factories import buat_tiket, segarkan
from tests.antrian.test_siklus import bawa_ke, ktx  # noqa: F401
from tests.conftest import aktor

S = Status


# --- the paused SLA clock -------------------------------------------------------------------------


def test_menunggu_warga_menjeda_jam_sla_dan_menggeser_tenggat(ktx, warga, petugas):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)
    # A known tenggat: Friday 10 July 2026, 16:30 (Friday's closing time).
    type(tiket).objects.filter(pk=tiket.pk).update(tenggat=dt.datetime(2026, 7, 10, 16, 30, tzinfo=WIB))
    with pada(2026, 7, 6, 9):  # Monday
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        menunggu = services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Kirim KK.")
    assert menunggu.jeda_sejak == dt.datetime(2026, 7, 6, 9, tzinfo=WIB)

    with pada(2026, 7, 8, 9):  # Wednesday: two working days paused
        hasil = services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Terlampir.")

    assert hasil.status == S.DIPROSES
    assert hasil.jeda_sejak is None
    assert hasil.durasi_jeda == dt.timedelta(days=2)
    # Two working days later than before: Tuesday 14 July, 16:00.
    assert segarkan(tiket).tenggat == dt.datetime(2026, 7, 14, 16, 0, tzinfo=WIB)


def test_jeda_berulang_dijumlahkan(ktx, warga, petugas):
    tiket = bawa_ke(S.DIPROSES, ktx, pemohon=warga)
    for mulai_jeda, akhir_jeda in [((2026, 7, 6, 9), (2026, 7, 6, 12)), ((2026, 7, 7, 9), (2026, 7, 7, 10))]:
        with pada(*mulai_jeda):
            services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Kirim KK.")
        with pada(*akhir_jeda):
            services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Terlampir.")

    assert segarkan(tiket).durasi_jeda == dt.timedelta(hours=4)


# --- timestamps the metrics read ------------------------------------------------------------------------


def test_stempel_waktu_diisi_pada_langkah_yang_tepat(ktx, warga, supervisor, petugas):
    tiket = buat_tiket(ktx.unit, pemohon=warga).tiket
    with pada(2026, 7, 6, 8):
        hasil = services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    # Assignment is not a response to the citizen.
    assert hasil.ditugaskan_pada == dt.datetime(2026, 7, 6, 8, tzinfo=WIB)
    assert hasil.respons_pertama_pada is None

    with pada(2026, 7, 6, 9):
        hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    assert hasil.respons_pertama_pada == dt.datetime(2026, 7, 6, 9, tzinfo=WIB)

    with pada(2026, 7, 7, 9):
        services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Kirim KK.")
    with pada(2026, 7, 7, 10):
        services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Terlampir.")
    with pada(2026, 7, 8, 11):
        hasil = services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Beres.")
    assert hasil.respons_pertama_pada == dt.datetime(2026, 7, 6, 9, tzinfo=WIB)  # the first one stays
    assert hasil.diselesaikan_pada == dt.datetime(2026, 7, 8, 11, tzinfo=WIB)
    assert hasil.ditutup_pada is None

    with pada(2026, 7, 9, 12):
        hasil = services.tiket_tutup(tiket=tiket, aktor=aktor(warga))
    assert hasil.ditutup_pada == dt.datetime(2026, 7, 9, 12, tzinfo=WIB)
    tersimpan = segarkan(tiket)
    assert (tersimpan.ditugaskan_pada, tersimpan.diselesaikan_pada, tersimpan.ditutup_pada) == (
        dt.datetime(2026, 7, 6, 8, tzinfo=WIB),
        dt.datetime(2026, 7, 8, 11, tzinfo=WIB),
        dt.datetime(2026, 7, 9, 12, tzinfo=WIB),
    )


def test_penolakan_langsung_dari_antrian_adalah_respons_pertama_dan_menutup_tiket(ktx, warga, petugas):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    with pada(2026, 7, 6, 9):
        hasil = services.tiket_tolak(tiket=tiket, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")

    assert hasil.respons_pertama_pada == hasil.ditutup_pada == dt.datetime(2026, 7, 6, 9, tzinfo=WIB)


def test_tanggapan_publik_petugas_adalah_respons_pertama_catatan_internal_bukan(ktx, warga, petugas):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Cek stok blangko.", internal=True)
    assert segarkan(tiket).respons_pertama_pada is None

    with pada(2026, 7, 6, 9):
        services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Sedang kami cek.")
    assert segarkan(tiket).respons_pertama_pada == dt.datetime(2026, 7, 6, 9, tzinfo=WIB)


def test_balasan_warga_bukan_respons_pertama(ktx, warga):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="Mohon segera.")

    assert segarkan(tiket).respons_pertama_pada is None
