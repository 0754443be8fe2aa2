"""The broadcast path: where each event goes, the per-process sender, Redis down, and event ids that
are handed out in commit order on PostgreSQL."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any
from unittest import mock

import pytest
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db import connection, transaction

from antrian import realtime, services
from antrian.consumers.dasbor import Peredam
from antrian.models import Peristiwa, Petugas, Status, StrategiPenugasan, Tiket, Unit
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor


class _LayerPencatat:
    """Records what reaches the channel layer, in order."""

    def __init__(self) -> None:
        self.terkirim: list[tuple[str, dict[str, Any]]] = []

    async def group_send(self, grup: str, pesan: dict[str, Any]) -> None:
        self.terkirim.append((grup, pesan))


@pytest.fixture
def layer() -> Any:
    pencatat = _LayerPencatat()
    with mock.patch("antrian.realtime.get_channel_layer", return_value=pencatat):
        yield pencatat


def _port_tertutup() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- where an event goes ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_catatan_internal_tidak_masuk_grup_publik_tiket(unit, warga, petugas, layer):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    assert realtime.tunggu_siaran()
    layer.terkirim.clear()

    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Cek ulang berkas", internal=True)
    assert realtime.tunggu_siaran()

    grup = [g for g, _ in layer.terkirim]
    assert realtime.grup_tiket_internal(tiket.pk) in grup
    assert realtime.grup_tiket(tiket.pk) not in grup
    teks = repr(layer.terkirim)
    assert "Cek ulang berkas" not in teks  # the note itself never travels, only that there is one


@pytest.mark.django_db(transaction=True)
def test_pengalihan_memberi_tahu_dasbor_kedua_unit(unit, unit_lain, warga, supervisor, layer):
    tiket = buat_tiket(unit, pemohon=warga).tiket

    services.tiket_alihkan(tiket=tiket, aktor=aktor(supervisor), unit_tujuan=unit_lain, alasan="Disposisi.")
    assert realtime.tunggu_siaran()

    ke_dasbor = [p for g, p in layer.terkirim if g == realtime.grup_dasbor()]
    alihkan = Peristiwa.objects.get(tiket=tiket, aksi="alihkan")
    assert ke_dasbor[-1] == {
        "type": realtime.JENIS_DASBOR,
        "unit": sorted([unit.pk, unit_lain.pk]),
        "urutan": [alihkan.urutan],  # the positions the batch carried (antrian.consumers._hub)
        realtime.KUNCI_GRUP: realtime.grup_dasbor(),
    }
    # It ends the batch: the hubs know the position is settled once it is in.
    assert [g for g, _p in layer.terkirim][-1] == realtime.grup_dasbor()


@pytest.mark.django_db(transaction=True)
def test_pesan_satu_proses_keluar_berurutan_sesuai_commit(unit, petugas, layer):
    tiket = [buat_tiket(unit).tiket for _ in range(5)]
    for t in tiket:
        services.tiket_ambil(tiket=t, aktor=aktor(petugas))
    assert realtime.tunggu_siaran()

    ke_unit = [p["id"] for g, p in layer.terkirim if g == realtime.grup_unit(unit.pk)]
    assert ke_unit == list(Peristiwa.objects.filter(unit=unit).values_list("id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_siaran_tidak_dikirim_di_thread_permintaan(unit, petugas):
    # The request only queues the message; the channel layer is awaited on the sender's loop.
    thread_kirim = []

    class _Layer:
        async def group_send(self, grup: str, pesan: dict[str, Any]) -> None:
            thread_kirim.append(threading.current_thread())

    tiket = buat_tiket(unit).tiket
    with mock.patch("antrian.realtime.get_channel_layer", return_value=_Layer()):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        assert realtime.tunggu_siaran()

    assert thread_kirim and threading.current_thread() not in thread_kirim


# --- Redis down, queue full ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_redis_tidak_terjangkau_layanan_tetap_berhasil_dan_galat_dicatat(unit, petugas, caplog):
    tiket = buat_tiket(unit).tiket
    layer_mati = RedisPubSubChannelLayer(
        hosts=[{"address": f"redis://127.0.0.1:{_port_tertutup()}/0", "socket_connect_timeout": 1}]
    )

    with mock.patch("antrian.realtime.get_channel_layer", return_value=layer_mati):
        hasil = services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        assert realtime.tunggu_siaran(batas_waktu=15)

    assert hasil.status == segarkan(tiket).status == Status.DITUGASKAN
    assert "Siaran peristiwa gagal" in caplog.text
    # The event is in the log, where a reconnecting client will find it.
    assert Peristiwa.objects.filter(tiket=tiket, aksi="ambil").exists()


@pytest.mark.django_db(transaction=True)
def test_antrean_siaran_penuh_pesan_dibuang_dengan_catatan_dan_layanan_berhasil(
    unit, petugas, settings, caplog
):
    tiket = buat_tiket(unit).tiket
    assert realtime.tunggu_siaran()
    settings.REALTIME_ANTREAN_MAKS = 0
    dibuang_sebelum = realtime.statistik_siaran()["dibuang"]

    hasil = services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))

    assert hasil.status == Status.DITUGASKAN
    assert realtime.statistik_siaran()["dibuang"] == dibuang_sebelum + 1
    assert "Antrean siaran penuh" in caplog.text


def test_loop_server_yang_sudah_berhenti_tidak_menghentikan_siaran():
    layer = _LayerPencatat()
    loop = asyncio.new_event_loop()
    realtime.pasang_loop(loop)  # registered, then gone: the sender falls back to its own thread
    loop.close()

    with mock.patch("antrian.realtime.get_channel_layer", return_value=layer):
        realtime._kirim([(realtime.grup_unit(1), {"type": "uji", "id": 1})])
        assert realtime.tunggu_siaran()

    assert [g for g, _ in layer.terkirim] == [realtime.grup_unit(1)]


# --- dashboard refresh coalescing --------------------------------------------------------------------------


async def test_ledakan_peristiwa_digabung_menjadi_satu_penyegaran_per_unit_per_jeda():
    jam = [100.0]
    dijalankan: list[int] = []
    tidur_diminta: list[float] = []
    lepas = asyncio.Event()

    async def jalankan(unit_id: int) -> None:
        dijalankan.append(unit_id)

    async def tidur(detik: float) -> None:
        tidur_diminta.append(detik)
        await lepas.wait()

    peredam = Peredam(jalankan, jeda=1.0, jam=lambda: jam[0], tidur=tidur)
    peredam.picu(7)
    await asyncio.sleep(0)
    assert dijalankan == [7]  # the first one at once

    jam[0] = 100.25
    for _ in range(10):
        peredam.picu(7)
    peredam.picu(8)  # another unit is not held back by unit 7
    await asyncio.sleep(0)
    assert dijalankan == [7, 8]
    assert tidur_diminta == [0.75]  # ten triggers, one refresh waiting for the end of the interval

    lepas.set()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert dijalankan == [7, 8, 7]


# --- stream positions in commit order ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_pesan_membawa_posisi_aliran_yang_diberikan_saat_commit(unit, petugas, layer):
    tiket = buat_tiket(unit).tiket

    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    assert realtime.tunggu_siaran()

    peristiwa = Peristiwa.objects.filter(tiket=tiket).order_by("id")
    pesan = [p for g, p in layer.terkirim if g == realtime.grup_unit(unit.pk)]
    assert [(p["id"], p["urutan"]) for p in pesan] == [(e.pk, e.urutan) for e in peristiwa]
    assert all(e.urutan for e in peristiwa)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_posisi_aliran_mengikuti_urutan_commit_bukan_urutan_insert(unit, petugas, petugas_kedua):
    """Writer 1 inserts its event first and commits last. Its id is the smaller one, but its stream
    position must be the larger: a client that saw writer 2's event and resumes after it still gets
    writer 1's. Writer 2 is not held up by writer 1's open transaction."""
    tiket_1, tiket_2 = buat_tiket(unit).tiket, buat_tiket(unit).tiket
    sudah_mencatat, boleh_commit = threading.Event(), threading.Event()
    galat: dict[str, BaseException] = {}

    def penulis_1() -> None:
        try:
            with transaction.atomic():
                services.tiket_ambil(tiket=tiket_1, aktor=aktor(petugas))
                sudah_mencatat.set()
                assert boleh_commit.wait(timeout=20)
        except BaseException as exc:  # surfaced by the assertions below
            galat["penulis_1"] = exc
        finally:
            connection.close()

    satu = threading.Thread(target=penulis_1)
    satu.start()
    try:
        assert sudah_mencatat.wait(timeout=20)
        services.tiket_ambil(tiket=tiket_2, aktor=aktor(petugas_kedua))  # commits while writer 1 is open
        kedua = Peristiwa.objects.get(tiket=tiket_2, aksi="ambil")
        dilihat_klien = kedua.urutan
        assert not Peristiwa.objects.filter(tiket=tiket_1, aksi="ambil").exists()  # not committed yet
    finally:
        boleh_commit.set()
        satu.join(timeout=20)

    assert not galat, galat
    pertama = Peristiwa.objects.get(tiket=tiket_1, aksi="ambil")
    assert pertama.pk < kedua.pk  # inserted first...
    assert pertama.urutan is not None and dilihat_klien is not None
    assert pertama.urutan > dilihat_klien  # ...committed last, so it comes after what the client saw
    assert list(Peristiwa.objects.filter(urutan__gt=dilihat_klien).values_list("pk", flat=True)) == [
        pertama.pk
    ]


def _menunggu_kunci_baris() -> bool:
    with connection.cursor() as kursor:
        kursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')"
        )
        return bool(kursor.fetchone()[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pengajuan_ke_unit_otomatis_tidak_buntu_dengan_penulis_yang_memegang_petugas(
    unit, unit_lain, petugas
):
    """A writer that locked an officer's row and is about to write its event (manual assignment, claim)
    while a submission to an automatic unit, which already wrote its event, waits for that same officer.
    Stream positions are handed out at commit, so nothing waits for the ordering lock while holding row
    locks: the submission simply waits for the officer, and both succeed."""
    Unit.objects.filter(pk=unit.pk).update(strategi_penugasan=StrategiPenugasan.OTOMATIS)
    unit.refresh_from_db()
    memegang, lanjut = threading.Event(), threading.Event()
    galat: dict[str, BaseException] = {}

    def penugas() -> None:
        try:
            with transaction.atomic():
                Petugas.objects.select_for_update(no_key=True).get(pk=petugas.pk)
                memegang.set()
                lanjut.wait(timeout=20)
                buat_tiket(unit_lain)  # writes its event, then commits
        except BaseException as exc:
            galat["penugas"] = exc
        finally:
            connection.close()

    def pengaju() -> None:
        try:
            memegang.wait(timeout=20)
            buat_tiket(unit)
        except BaseException as exc:
            galat["pengaju"] = exc
        finally:
            connection.close()

    satu, dua = threading.Thread(target=penugas), threading.Thread(target=pengaju)
    satu.start()
    dua.start()
    try:
        batas = time.monotonic() + 20
        while dua.is_alive() and not _menunggu_kunci_baris() and time.monotonic() < batas:
            time.sleep(0.01)
    finally:
        lanjut.set()
        satu.join(timeout=30)
        dua.join(timeout=30)

    assert not galat, galat
    assert Tiket.objects.get(unit=unit).petugas_id == petugas.pk  # it waited for the officer and got them
