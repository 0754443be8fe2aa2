"""The periodic Celery tasks (antrian/tasks.py) do their job, and a second run — after the first, or at
the same time — changes nothing: no second notification, e-mail or closure."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from antrian import services, tasks
from antrian.models import JenisNotifikasi, Lampiran, Notifikasi, Peristiwa, Status, Tiket
from antrian.selectors import kinerja as k
from tests.antrian.factories import buat_tiket
from tests.antrian.kinerja_data import ajukan, isi_unit, selesaikan
from tests.conftest import aktor
from tests.layanan.factories import pdf

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DISELESAIKAN = dt.datetime(2026, 7, 6, 10, 0, tzinfo=WIB)
# The 10th working day after Monday 6 July 2026 closes on Monday 20 July at 16:00 (test_tutup_otomatis.py).
SETELAH_HARI_KE_10 = dt.datetime(2026, 7, 21, 8, 0, tzinfo=WIB).isoformat()
SENIN = dt.datetime(2026, 7, 6, 9, 0, tzinfo=WIB)


def jalankan(tugas: Any, **kwargs: Any) -> Any:
    """Run a task here and now, as the worker would (its eager trace), whatever broker is configured."""
    return tugas.apply(kwargs=kwargs, throw=True).get()


def selesai_lama(unit: Any, warga: Any, petugas: Any) -> Tiket:
    """A tiket resolved on 6 July 2026 with no word from the citizen since: due for auto-close."""
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah selesai.")
    Tiket.objects.filter(pk=tiket.pk).update(diselesaikan_pada=DISELESAIKAN)
    return Tiket.objects.get(pk=tiket.pk)


def terlambat(unit: Any, warga: Any) -> Tiket:
    """A waiting tiket whose deadline passed an hour before SENIN."""
    tiket = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=tiket.pk).update(tenggat=SENIN - dt.timedelta(hours=1))
    return tiket


def _penutupan(tiket: Tiket) -> int:
    return Peristiwa.objects.filter(tiket=tiket, aksi="tutup").count()


# --- each task does its work, once ---------------------------------------------------------------------


def test_tugas_tutup_otomatis_menutup_tiket_sekali_walau_dijalankan_dua_kali(unit, warga, petugas):
    tiket = selesai_lama(unit, warga, petugas)
    assert jalankan(tasks.tutup_otomatis, sekarang=SETELAH_HARI_KE_10) == {"ditutup": 1}
    assert Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP
    assert jalankan(tasks.tutup_otomatis, sekarang=SETELAH_HARI_KE_10) == {"ditutup": 0}
    assert _penutupan(tiket) == 1


def test_tugas_tutup_otomatis_tidak_menutup_sebelum_10_hari_kerja(unit, warga, petugas):
    tiket = selesai_lama(unit, warga, petugas)
    sebelum = dt.datetime(2026, 7, 20, 9, 0, tzinfo=WIB).isoformat()
    assert jalankan(tasks.tutup_otomatis, sekarang=sebelum) == {"ditutup": 0}
    assert Tiket.objects.get(pk=tiket.pk).status == Status.SELESAI


def test_tugas_eskalasi_memberi_tahu_supervisor_sekali_walau_dijalankan_dua_kali(unit, warga, supervisor):
    tiket = terlambat(unit, warga)
    pertama = jalankan(tasks.eskalasi, sekarang=SENIN.isoformat())
    assert (pertama["terlambat"], pertama["notifikasi"], pertama["email"]) == (1, 1, 1)
    kedua = jalankan(tasks.eskalasi, sekarang=SENIN.isoformat())
    assert (kedua["notifikasi"], kedua["email"]) == (0, 0)
    assert list(Notifikasi.objects.values_list("penerima_id", "tiket_id", "jenis")) == [
        (supervisor.pengguna_id, tiket.pk, JenisNotifikasi.TERLAMBAT)
    ]
    assert len(mail.outbox) == 1


def test_tugas_menolak_waktu_yang_bukan_iso_8601(unit):
    with pytest.raises(ValueError, match="ISO 8601"):
        jalankan(tasks.eskalasi, sekarang="kemarin sore")


def _kueri_metrik(fungsi: Callable[[], Any]) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as c:
        hasil = fungsi()
    return hasil, sum("antrian_metriktiket" in q["sql"] for q in c.captured_queries)


def test_tugas_hangatkan_mengisi_tampilan_bawaan_dan_hasilnya_sama_bila_diulang(
    settings, unit, petugas, manajer
):
    settings.KINERJA_SIMPAN_DETIK = 60
    skenario = isi_unit(unit, petugas, selesai=2, terbuka=1)

    def baca() -> Any:
        return k.ikhtisar_unit(aktor=aktor(manajer), rentang=k.Rentang.bawaan(), simpan=True)[1].selesai

    # Whatever language the worker has active, the portal's (the pages' default) is warmed.
    with translation.override("en"):
        pertama = jalankan(tasks.hangatkan_kinerja)
    assert pertama == {"cakupan": 1, "tabel": 1}
    # The overview the pages read now comes from the store: no query on the metrics summary.
    with translation.override(settings.LANGUAGE_CODE):
        assert _kueri_metrik(baca) == (2, 0)
        assert jalankan(tasks.hangatkan_kinerja) == pertama
        assert _kueri_metrik(baca) == (2, 0)

        # A later run recomputes: the stored figures follow the data, never what the last run stored.
        selesaikan(ajukan(skenario.kategori[0]), petugas)
        jalankan(tasks.hangatkan_kinerja)
        assert _kueri_metrik(baca) == (3, 0)


# --- one run at a time --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "run"),
    [
        ("eskalasi", lambda: jalankan(tasks.eskalasi, sekarang=SENIN.isoformat())),
        ("tutup_otomatis", lambda: jalankan(tasks.tutup_otomatis, sekarang=SETELAH_HARI_KE_10)),
        ("hangatkan_kinerja", lambda: jalankan(tasks.hangatkan_kinerja)),
    ],
)
def test_tugas_dilewati_selama_run_lain_memegang_kuncinya(
    unit, warga, petugas, supervisor, nama: str, run: Callable[[], dict[str, Any]]
):
    tiket = selesai_lama(unit, warga, petugas)
    terlambat(unit, warga)
    with tasks.sendirian(nama) as dapat:
        assert dapat
        assert run() == {"dilewati": True}
        with tasks.sendirian(nama) as lagi:
            assert not lagi
    assert not Notifikasi.objects.exists()
    assert Tiket.objects.get(pk=tiket.pk).status == Status.SELESAI
    # Released: the next run does the work.
    assert run() != {"dilewati": True}


def test_kunci_satu_tugas_tidak_menahan_tugas_lain(unit, warga, petugas):
    tiket = selesai_lama(unit, warga, petugas)
    with tasks.sendirian("eskalasi") as dapat:
        assert dapat
        assert jalankan(tasks.tutup_otomatis, sekarang=SETELAH_HARI_KE_10) == {"ditutup": 1}
    assert Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP


@pytest.mark.redis
def test_kunci_di_redis_berlaku_untuk_proses_lain_dan_kedaluwarsa_sendiri(monkeypatch):
    # Another process holds the lock: seen through Redis, not this process's memory.
    klien = redis.Redis.from_url(settings.REDIS_URL)
    nama_kunci = f"{settings.CHANNEL_PREFIX}:tugas:hangatkan_kinerja"
    lain = klien.lock(nama_kunci, timeout=30, blocking=False)
    assert lain.acquire()
    try:
        with tasks.sendirian("hangatkan_kinerja") as dapat:
            assert not dapat
    finally:
        lain.release()
    # A run that outlived its lock does not release the lock a later run took.
    monkeypatch.setitem(tasks.BATAS_KUNCI, "hangatkan_kinerja", 1)
    with tasks.sendirian("hangatkan_kinerja") as dapat:
        assert dapat
        assert klien.pttl(nama_kunci) <= 1000
        klien.delete(nama_kunci)
        berikut = klien.lock(nama_kunci, timeout=30, blocking=False)
        assert berikut.acquire()
    assert klien.exists(nama_kunci)
    berikut.release()
    klien.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dua_run_bersamaan_tidak_menggandakan_penutupan_maupun_notifikasi(unit, warga, petugas, supervisor):
    tiket = selesai_lama(unit, warga, petugas)
    terlambat(unit, warga)
    hasil: list[dict[str, Any]] = []
    galat: list[BaseException] = []
    mulai = threading.Barrier(4)

    def kerja(fungsi: Callable[[], dict[str, Any]]) -> None:
        try:
            mulai.wait(timeout=10)
            hasil.append(fungsi())
        except BaseException as exc:  # reported below, in the test's thread
            galat.append(exc)
        finally:
            connection.close()

    fungsi = [
        lambda: jalankan(tasks.tutup_otomatis, sekarang=SETELAH_HARI_KE_10),
        lambda: jalankan(tasks.eskalasi, sekarang=SENIN.isoformat()),
    ]
    utas = [threading.Thread(target=kerja, args=(f,)) for f in fungsi * 2]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=60)
    assert not galat
    assert len(hasil) == 4
    assert sum(h.get("ditutup", 0) for h in hasil) == 1
    assert _penutupan(tiket) == 1
    assert Notifikasi.objects.count() == 1
    assert len(mail.outbox) == 1


def test_tugas_sapu_lampiran_menghapus_berkas_yatim_yang_sudah_sehari(unit, warga):
    # One file a row names (kept, however old) and one no row names (a rolled-back upload), both 2 days old.
    tiket = buat_tiket(unit, pemohon=warga).tiket
    dinamai = Lampiran.objects.create(
        tiket=tiket, berkas=pdf(), nama_asli="a.pdf", tipe_mime="application/pdf", ukuran=10
    )
    yatim = Path(settings.MEDIA_ROOT, "lampiran/2026/01/" + "ab" * 16 + ".pdf")
    yatim.parent.mkdir(parents=True, exist_ok=True)
    yatim.write_bytes(b"%PDF-1.4\n%%EOF\n")
    lama = yatim.stat().st_mtime - 2 * 86400
    for berkas in (yatim, Path(dinamai.berkas.path)):
        os.utime(berkas, (lama, lama))

    assert jalankan(tasks.sapu_lampiran) == {"dihapus": 1}
    assert not yatim.exists()
    assert Path(dinamai.berkas.path).exists()
    assert jalankan(tasks.sapu_lampiran) == {"dihapus": 0}
