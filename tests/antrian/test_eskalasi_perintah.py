"""The periodic-job commands: periksa_eskalasi, tutup_otomatis and tugas_berkala (both at once)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from antrian import services
from antrian.models import Notifikasi, Status, Tiket
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SENIN = dt.datetime(2026, 7, 6, 9, 0, tzinfo=WIB)
TIGA_MINGGU_KEMUDIAN = "2026-07-27T09:00:00+07:00"


def _jalankan(*argumen: str) -> str:
    keluaran = StringIO()
    call_command(*argumen, stdout=keluaran)
    return keluaran.getvalue()


@pytest.fixture
def terlambat(unit, warga):  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    Tiket.objects.filter(pk=tiket.pk).update(tenggat=SENIN)
    return tiket


@pytest.fixture
def selesai(unit, warga, petugas):  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah ditambal.")
    Tiket.objects.filter(pk=tiket.pk).update(diselesaikan_pada=SENIN)
    return tiket


def test_periksa_eskalasi_mencetak_ringkasan_satu_baris(terlambat, supervisor):
    keluaran = _jalankan("periksa_eskalasi")
    assert keluaran.count("\n") == 1
    assert keluaran.startswith("Eskalasi: 0 notifikasi hampir jatuh tempo, 1 terlambat, 0 belum ditugaskan;")
    assert "1 e-mail terkirim" in keluaran
    assert Notifikasi.objects.count() == 1
    assert "1 terlambat" not in _jalankan("periksa_eskalasi")


def test_tutup_otomatis_dengan_waktu_yang_ditentukan(selesai):
    assert _jalankan("tutup_otomatis", "--sekarang", "2026-07-13T09:00:00+07:00") == (
        "Tutup otomatis: 0 tiket selesai ditutup.\n"
    )
    assert _jalankan("tutup_otomatis", "--sekarang", TIGA_MINGGU_KEMUDIAN) == (
        "Tutup otomatis: 1 tiket selesai ditutup.\n"
    )
    assert Tiket.objects.get(pk=selesai.pk).status == Status.DITUTUP


def test_tugas_berkala_menjalankan_keduanya(terlambat, selesai, supervisor):
    keluaran = _jalankan("tugas_berkala", "--sekarang", TIGA_MINGGU_KEMUDIAN)
    assert keluaran.count("\n") == 1
    assert "Eskalasi: 0 notifikasi hampir jatuh tempo, 1 terlambat" in keluaran
    assert "Tutup otomatis: 1 tiket selesai ditutup." in keluaran
    assert Tiket.objects.get(pk=selesai.pk).status == Status.DITUTUP


def test_tugas_berkala_tetap_menutup_bila_eskalasi_gagal_lalu_keluar_dengan_galat(selesai, monkeypatch):
    def rusak(**kwargs: object) -> None:
        raise RuntimeError("Redis mati")

    monkeypatch.setattr("antrian.management.commands.tugas_berkala.eskalasi_jalankan", rusak)
    keluaran = StringIO()
    with pytest.raises(CommandError, match="periksa_eskalasi"):
        call_command("tugas_berkala", "--sekarang", TIGA_MINGGU_KEMUDIAN, stdout=keluaran)
    assert "Tutup otomatis: 1 tiket selesai ditutup." in keluaran.getvalue()
    assert Tiket.objects.get(pk=selesai.pk).status == Status.DITUTUP


def test_waktu_yang_tidak_valid_ditolak():
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("tutup_otomatis", "--sekarang", "kemarin sore")
