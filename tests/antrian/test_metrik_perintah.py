"""`manage.py metrik_bangun_ulang` on an empty and a populated database and with a missing row; and the
summary written in the same transaction as its event: a write that fails after the event rolls both back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from antrian import services
from antrian.exceptions import DataTidakValid
from antrian.metrik import rujukan
from antrian.models import AlasanTolak, MetrikTiket, Peristiwa, Status
from tests.antrian.test_metrik_skenario import Dunia, buat_dunia, cocok_dengan_rujukan, jam, metrik, wib
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(db: None) -> Dunia:
    return buat_dunia()


def perintah(*argumen: str) -> str:
    keluaran = io.StringIO()
    call_command("metrik_bangun_ulang", *argumen, stdout=keluaran, stderr=io.StringIO())
    return keluaran.getvalue()


def _isi(d: Dunia) -> None:
    """A few tikets in different states, two units, one reopened, one transferred, one rejected."""
    selesai = d.ajukan(wib(2026, 8, 3, 8))
    d.tuntas(selesai, d.p1, wib(2026, 8, 3, 9), wib(2026, 8, 4, 9))
    d.buka_kembali(wib(2026, 8, 4, 10), selesai)
    d.selesaikan(wib(2026, 8, 4, 11), selesai, d.p1)
    tunggu = d.ajukan(wib(2026, 8, 3, 8))
    d.ambil(wib(2026, 8, 3, 9), tunggu, d.p2)
    d.mulai(wib(2026, 8, 3, 9), tunggu, d.p2)
    d.minta(wib(2026, 8, 3, 10), tunggu, d.p2)
    alih = d.ajukan(wib(2026, 8, 3, 8))
    d.pada(
        wib(2026, 8, 3, 9),
        services.tiket_alihkan,
        tiket=alih.pk,
        aktor=aktor(d.sup_a),
        unit_tujuan=d.unit_b,
        alasan="Salah unit.",
    )
    tolak = d.ajukan(wib(2026, 8, 3, 8), unit=d.unit_b)
    d.pada(
        wib(2026, 8, 3, 9),
        services.tiket_tolak,
        tiket=tolak.pk,
        aktor=aktor(d.q1),
        alasan=AlasanTolak.DUPLIKAT,
        catatan="Sudah ada.",
    )


def test_perintah_pada_basis_data_kosong_berhasil(db: None) -> None:
    assert "0 tiket diperiksa" in perintah()


def test_perintah_pada_basis_data_berisi_membuktikan_semua_baris_sama(dunia: Dunia) -> None:
    _isi(dunia)
    assert "4 tiket diperiksa" in perintah()
    assert "4 tiket diperiksa" in perintah("--batch", "1")  # batches of one tiket read the same


def test_baris_yang_hilang_dilaporkan_dan_dibuat_lagi_dengan_perbaiki(dunia: Dunia) -> None:
    _isi(dunia)
    hilang = MetrikTiket.objects.order_by("pk").first()
    assert hilang is not None
    MetrikTiket.objects.filter(pk=hilang.pk).delete()

    with pytest.raises(CommandError, match="1 dari 4"):
        perintah()
    keluaran = io.StringIO()
    with pytest.raises(CommandError):
        call_command("metrik_bangun_ulang", stdout=keluaran, stderr=io.StringIO())
    assert f"tiket {hilang.pk}: berbeda pada (tidak ada)" in keluaran.getvalue()

    assert "1 baris ditulis ulang" in perintah("--perbaiki")
    assert rujukan.beda(metrik(hilang.tiket), rujukan.hitung_tiket(hilang.pk)) == []
    assert "4 tiket diperiksa" in perintah()


def test_baris_yang_hilang_dibangun_dari_log_pada_peristiwa_berikutnya(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 9), t, dunia.p1)
    MetrikTiket.objects.filter(pk=t.pk).delete()  # a tiket from before the summary existed
    dunia.mulai(wib(2026, 8, 3, 10), t, dunia.p1)
    m = metrik(t)
    assert (m.status, m.respons_kerja, m.petugas_id) == (Status.DIPROSES, jam(2), dunia.p1.pk)
    cocok_dengan_rujukan()


def _gagal_setelah_menulis(*args: Any, **kwargs: Any) -> None:
    raise DataTidakValid(rincian={"uji": ["gagal setelah peristiwa ditulis"]})


def test_transisi_yang_gagal_setelah_menulis_membatalkan_ringkasan_juga(
    dunia: Dunia, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.ambil(wib(2026, 8, 3, 9), t, dunia.p1)
    sebelum, jumlah = list(MetrikTiket.objects.values()), Peristiwa.objects.count()
    # Runs after the event and its summary are written, inside the service's transaction.
    monkeypatch.setattr("antrian.services.transisi._setelah_perubahan", _gagal_setelah_menulis)
    with pytest.raises(DataTidakValid):
        dunia.mulai(wib(2026, 8, 3, 10), t, dunia.p1)
    assert list(MetrikTiket.objects.values()) == sebelum
    assert Peristiwa.objects.count() == jumlah
    assert metrik(t).respons_pada is None
    monkeypatch.undo()
    dunia.mulai(wib(2026, 8, 3, 11), t, dunia.p1)
    assert metrik(t).respons_kerja == jam(3)
    cocok_dengan_rujukan()


def test_balasan_yang_gagal_setelah_menulis_membatalkan_ringkasan_juga(
    dunia: Dunia, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    sebelum, jumlah = list(MetrikTiket.objects.values()), Peristiwa.objects.count()
    # The broadcast is scheduled right after the summary is folded in (catat_peristiwa).
    monkeypatch.setattr("antrian.services._umum.realtime.siarkan_setelah_commit", _gagal_setelah_menulis)
    with pytest.raises(DataTidakValid):
        dunia.tanggapi(wib(2026, 8, 3, 9), t, dunia.p1)
    assert list(MetrikTiket.objects.values()) == sebelum
    assert Peristiwa.objects.count() == jumlah
