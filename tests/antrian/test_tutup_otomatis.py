"""Auto-close: a tiket left in `selesai` for more than HARI_BUKA_KEMBALI (10) working days with no word
from the citizen is closed by the system through the real `tutup` service.

Resolved on Monday 6 July 2026 10:00 WIB (no holidays in the following three weeks): the 10th working day
after it is Monday 20 July, which closes at 16:00.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from antrian import services
from antrian.exceptions import TransisiTidakSah
from antrian.models import Peristiwa, Status, Tanggapan, Tiket
from antrian.services import eskalasi as layanan_eskalasi
from antrian.services.eskalasi import tiket_tutup_otomatis_jalankan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DISELESAIKAN = dt.datetime(2026, 7, 6, 10, 0, tzinfo=WIB)
HARI_KE_10_PAGI = dt.datetime(2026, 7, 20, 9, 0, tzinfo=WIB)  # 9 working days have fully passed
SETELAH_HARI_KE_10 = dt.datetime(2026, 7, 21, 8, 0, tzinfo=WIB)


def _selesai(unit: object, warga: object, petugas: object) -> Tiket:
    tiket = buat_tiket(unit, pemohon=warga).tiket  # type: ignore[arg-type]
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Jalan sudah ditambal.")
    Tiket.objects.filter(pk=tiket.pk).update(diselesaikan_pada=DISELESAIKAN)
    return Tiket.objects.get(pk=tiket.pk)


@pytest.fixture
def selesai(unit, warga, petugas):  # type: ignore[no-untyped-def]
    return _selesai(unit, warga, petugas)


def _status(tiket: Tiket) -> str:
    return Tiket.objects.get(pk=tiket.pk).status


def test_ditutup_setelah_10_hari_kerja_tanpa_balasan(selesai):
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 1
    assert _status(selesai) == Status.DITUTUP
    peristiwa = Peristiwa.objects.filter(tiket=selesai).last()
    assert peristiwa is not None
    assert (peristiwa.aksi, peristiwa.dari_status, peristiwa.ke_status) == ("tutup", "selesai", "ditutup")
    assert peristiwa.aktor_id is None
    assert peristiwa.data == {"otomatis": True}
    assert "tidak ada balasan dari warga dalam 10 hari kerja" in peristiwa.catatan


def test_belum_ditutup_setelah_9_hari_kerja(selesai):
    assert tiket_tutup_otomatis_jalankan(sekarang=HARI_KE_10_PAGI) == 0
    assert _status(selesai) == Status.SELESAI


def test_belum_ditutup_tepat_pada_tutup_hari_kerja_ke_10(selesai):
    tepat = dt.datetime(2026, 7, 20, 16, 0, tzinfo=WIB)
    assert tiket_tutup_otomatis_jalankan(sekarang=tepat) == 0
    assert tiket_tutup_otomatis_jalankan(sekarang=tepat + dt.timedelta(minutes=1)) == 1


def test_libur_nasional_tidak_dihitung(unit, warga, petugas):
    # Resolved Monday 10 August 2026. Monday 17 August (Independence Day) and Tuesday 25 August (Maulid
    # Nabi) are not working days, so the 10th working day is Wednesday 26 August, not Monday 24 August.
    tiket = _selesai(unit, warga, petugas)
    Tiket.objects.filter(pk=tiket.pk).update(diselesaikan_pada=dt.datetime(2026, 8, 10, 10, 0, tzinfo=WIB))
    assert tiket_tutup_otomatis_jalankan(sekarang=dt.datetime(2026, 8, 26, 8, 0, tzinfo=WIB)) == 0
    assert tiket_tutup_otomatis_jalankan(sekarang=dt.datetime(2026, 8, 27, 8, 0, tzinfo=WIB)) == 1


def test_tidak_ditutup_bila_warga_membuka_kembali(unit, warga, petugas):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Jalan sudah ditambal.")
    services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Lubangnya muncul lagi.")
    assert tiket_tutup_otomatis_jalankan(sekarang=timezone.now() + dt.timedelta(days=60)) == 0
    assert _status(tiket) == Status.DIPROSES


def test_balasan_warga_setelah_selesai_memulai_ulang_hitungan(selesai, warga):
    tanggapan = services.tiket_tanggapi(tiket=selesai, aktor=aktor(warga), isi="Di ujung gang masih ada.")
    # Written on Wednesday 8 July: ten quiet working days from then end on Wednesday 22 July.
    Tanggapan.objects.filter(pk=tanggapan.pk).update(dibuat_pada=dt.datetime(2026, 7, 8, 9, 0, tzinfo=WIB))
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 0
    assert tiket_tutup_otomatis_jalankan(sekarang=dt.datetime(2026, 7, 23, 8, 0, tzinfo=WIB)) == 1


def test_balasan_petugas_tidak_menunda_penutupan(selesai, petugas):
    services.tiket_tanggapi(tiket=selesai, aktor=aktor(petugas), isi="Terima kasih atas laporannya.")
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 1


def test_dijalankan_dua_kali_hanya_menutup_sekali(selesai):
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 1
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 0
    assert Peristiwa.objects.filter(tiket=selesai, aksi="tutup").count() == 1


def test_tiket_yang_diubah_warga_saat_dibaca_tidak_ditutup(selesai, warga, monkeypatch):
    asli = layanan_eskalasi.tiket_tutup

    def warga_mendahului(**kwargs: object) -> Tiket:
        services.tiket_tanggapi(tiket=selesai, aktor=aktor(warga), isi="Tunggu, belum beres.")
        return asli(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(layanan_eskalasi, "tiket_tutup", warga_mendahului)
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 0
    assert _status(selesai) == Status.SELESAI


def test_satu_kegagalan_tidak_menghentikan_tiket_lain(unit, warga, petugas, monkeypatch):
    pertama = _selesai(unit, warga, petugas)
    kedua = _selesai(unit, warga, petugas)
    asli = layanan_eskalasi.tiket_tutup

    def rusak_untuk_pertama(**kwargs: object) -> Tiket:
        if kwargs["tiket"] == pertama.pk:
            raise RuntimeError("basis data sedang sibuk")
        return asli(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(layanan_eskalasi, "tiket_tutup", rusak_untuk_pertama)
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 1
    assert (_status(pertama), _status(kedua)) == (Status.SELESAI, Status.DITUTUP)


def test_tiket_yang_belum_selesai_tidak_disentuh(unit, warga, petugas):
    diproses = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=diproses, aktor=aktor(petugas))
    services.tiket_mulai(tiket=diproses, aktor=aktor(petugas))
    Tiket.objects.filter(pk=diproses.pk).update(diajukan_pada=DISELESAIKAN - dt.timedelta(days=60))
    assert tiket_tutup_otomatis_jalankan(sekarang=SETELAH_HARI_KE_10) == 0
    assert _status(diproses) == Status.DIPROSES


@pytest.mark.parametrize(
    ("sekarang", "boleh_buka_kembali", "ditutup_otomatis"),
    [
        (dt.datetime(2026, 7, 20, 16, 0, tzinfo=WIB), True, 0),
        (dt.datetime(2026, 7, 20, 16, 1, tzinfo=WIB), False, 1),
    ],
)
def test_jendela_buka_kembali_dan_tutup_otomatis_memakai_batas_yang_sama(
    unit, warga, petugas, sekarang, boleh_buka_kembali, ditutup_otomatis
):
    # The citizen may reopen exactly as long as the system would not yet close the tiket by itself.
    tiket = _selesai(unit, warga, petugas)
    with mock.patch("django.utils.timezone.now", return_value=sekarang):
        if boleh_buka_kembali:
            services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Belum beres.")
            assert _status(tiket) == Status.DIPROSES
        else:
            with pytest.raises(TransisiTidakSah):
                services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Belum beres.")
    assert tiket_tutup_otomatis_jalankan(sekarang=sekarang) == ditutup_otomatis
