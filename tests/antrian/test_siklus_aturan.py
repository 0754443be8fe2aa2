# ruff: noqa: F811  (the shared `ktx` fixture is imported, then requested by name)
"""The lifecycle's rules beyond who-may-do-what: required notes, the reopen window, officer capacity, the
paused SLA clock, the timestamps the metrics read, transfers, optimistic versions and the broadcast."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from antrian import realtime, services
from antrian.exceptions import DataTidakValid, PerubahanBersamaan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import JenisTiket, Peristiwa, Status, Tanggapan
from antrian.models.catatan import JenisPeristiwa
from tests.antrian.factories import UnitFactory, buat_petugas, buat_tiket, segarkan
from tests.antrian.test_siklus import bawa_ke, jalankan, jejak, ktx, pelaku  # noqa: F401
from tests.conftest import aktor

WIB = ZoneInfo("Asia/Jakarta")
S = Status


def pada(*args: int) -> Any:
    """Freeze `timezone.now()` as the services see it (freezegun is not installed)."""
    return mock.patch("django.utils.timezone.now", return_value=dt.datetime(*args, tzinfo=WIB))


# --- required notes and reasons -----------------------------------------------------------------------

TANPA_CATATAN = [
    ("minta_kelengkapan", S.DIPROSES, "petugas", {"pesan": "   "}, "pesan", JenisTiket.KELUHAN),
    ("lengkapi", S.MENUNGGU_WARGA, "warga", {"pesan": ""}, "pesan", JenisTiket.KELUHAN),
    ("selesaikan", S.DIPROSES, "petugas", {"catatan": ""}, "catatan", JenisTiket.KELUHAN),
    ("selesaikan", S.DIPROSES, "petugas", {"produk": " "}, "produk", JenisTiket.PERMOHONAN),
    ("tolak", S.DIAJUKAN, "supervisor", {"catatan": ""}, "catatan", JenisTiket.KELUHAN),
    ("tolak", S.DIAJUKAN, "supervisor", {"alasan": "malas"}, "alasan", JenisTiket.KELUHAN),
    ("tolak", S.DIPROSES, "petugas", {"alasan": ""}, "alasan", JenisTiket.KELUHAN),
    ("alihkan", S.DIAJUKAN, "supervisor", {"alasan": "\n"}, "alasan", JenisTiket.KELUHAN),
    ("alihkan", S.DITUGASKAN, "supervisor", {"unit_tujuan": "unit_sendiri"}, "unit", JenisTiket.KELUHAN),
    ("alihkan", S.DIAJUKAN, "supervisor", {"unit_tujuan": "unit_nonaktif"}, "unit", JenisTiket.KELUHAN),
    ("buka_kembali", S.SELESAI, "warga", {"alasan": ""}, "alasan", JenisTiket.KELUHAN),
]


@pytest.mark.parametrize(
    ("aksi", "status", "peran", "ubah", "medan", "jenis"),
    TANPA_CATATAN,
    ids=[f"{a}-{m}-{next(iter(u.values()))!r}" for a, _, _, u, m, _ in TANPA_CATATAN],
)
def test_catatan_atau_alasan_wajib_tanpa_itu_tiket_tidak_berubah(
    request, ktx, warga, aksi, status, peran, ubah, medan, jenis
):
    tiket = bawa_ke(status, ktx, pemohon=warga, jenis=jenis)
    if ubah.get("unit_tujuan") == "unit_sendiri":
        ubah = {"unit_tujuan": ktx.unit}
    elif ubah.get("unit_tujuan") == "unit_nonaktif":
        ubah = {"unit_tujuan": UnitFactory(kode="lama", aktif=False)}
    awal, tanggapan_awal = jejak(tiket), Tanggapan.objects.count()

    with pytest.raises(DataTidakValid) as info:
        jalankan(ktx, aksi, tiket, pelaku(request, peran, tiket), **ubah)

    assert info.value.status_http == 400
    assert list(info.value.rincian) == [medan]
    assert jejak(tiket) == awal
    assert Tanggapan.objects.count() == tanggapan_awal


def test_permohonan_selesai_mencatat_produk_yang_diterbitkan(ktx, warga, petugas):
    tiket = bawa_ke(S.DIPROSES, ktx, pemohon=warga, jenis=JenisTiket.PERMOHONAN)

    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah terbit.", produk=" KTP-el ")

    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert peristiwa.data["produk"] == "KTP-el"
    # The completion note is the reply the event names.
    assert Tanggapan.objects.get(pk=peristiwa.data["tanggapan"]).isi == "Sudah terbit."


def test_tolak_menyimpan_kode_alasan(ktx, warga, supervisor):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    hasil = services.tiket_tolak(tiket=tiket, aktor=aktor(supervisor), alasan="spam", catatan="Iklan.")

    assert hasil.alasan_tolak == "spam"
    assert Peristiwa.objects.filter(tiket=tiket).last().data == {"alasan": "spam"}


@pytest.mark.parametrize(
    ("aksi", "status", "peran"),
    [("minta_kelengkapan", S.DIPROSES, "petugas"), ("lengkapi", S.MENUNGGU_WARGA, "warga")],
)
def test_pesan_kelengkapan_dan_balasan_warga_menjadi_tanggapan_publik(
    request, ktx, warga, aksi, status, peran
):
    tiket = bawa_ke(status, ktx, pemohon=warga)

    jalankan(ktx, aksi, tiket, pelaku(request, peran, tiket), pesan="Mohon kirim KK.")

    tanggapan = Tanggapan.objects.filter(tiket=tiket).last()
    assert (tanggapan.isi, tanggapan.internal) == ("Mohon kirim KK.", False)
    assert tanggapan.dari_petugas is (peran == "petugas")


# --- reopening within 10 hari kerja -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selesai", "buka", "boleh"),
    [
        # 2026-07-06 is a Monday; the 10th working day after it is Monday 2026-07-20.
        ((2026, 7, 6, 10), (2026, 7, 20, 15), True),
        ((2026, 7, 6, 10), (2026, 7, 21, 8), False),
        # 17 August (Independence Day) and 25 August (Maulid) do not count: the window stretches.
        ((2026, 8, 10, 10), (2026, 8, 26, 15), True),
        ((2026, 8, 10, 10), (2026, 8, 27, 8), False),
    ],
)
def test_buka_kembali_hanya_dalam_sepuluh_hari_kerja_setelah_selesai(ktx, warga, selesai, buka, boleh):
    tiket = bawa_ke(S.DIPROSES, ktx, pemohon=warga)
    with pada(*selesai):
        services.tiket_selesaikan(tiket=tiket, aktor=aktor(ktx.petugas), catatan="Jalan sudah ditambal.")
    awal = jejak(tiket)

    with pada(*buka):
        if boleh:
            hasil = services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Berlubang lagi.")
            assert hasil.status == S.DIPROSES
            assert hasil.jumlah_dibuka_kembali == 1
            assert hasil.diselesaikan_pada is None
        else:
            with pytest.raises(TransisiTidakSah):
                services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Berlubang lagi.")
            assert jejak(tiket) == awal


def test_tiket_yang_dibuka_kembali_dapat_diselesaikan_lagi(ktx, warga, petugas):
    tiket = bawa_ke(S.SELESAI, ktx, pemohon=warga)
    services.tiket_buka_kembali(tiket=tiket, aktor=aktor(warga), alasan="Belum beres.")

    hasil = services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah diperbaiki.")

    assert hasil.status == S.SELESAI
    assert hasil.diselesaikan_pada is not None
    assert hasil.jumlah_dibuka_kembali == 1


# --- officer capacity ----------------------------------------------------------------------------------


def test_penugasan_ke_petugas_yang_kapasitasnya_penuh_ditolak(ktx, warga, supervisor):
    penuh = buat_petugas(ktx.unit, kapasitas=1)
    pertama, kedua = (bawa_ke(S.DIAJUKAN, ktx, pemohon=warga) for _ in range(2))
    services.tiket_tugaskan(tiket=pertama, petugas=penuh, aktor=aktor(supervisor))
    awal = jejak(kedua)

    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan(tiket=kedua, petugas=penuh, aktor=aktor(supervisor))

    assert "petugas" in info.value.rincian
    assert jejak(kedua) == awal


def test_petugas_yang_kapasitasnya_penuh_tidak_bisa_mengambil_tiket_lagi(ktx, warga):
    penuh = buat_petugas(ktx.unit, kapasitas=1)
    pertama, kedua = (bawa_ke(S.DIAJUKAN, ktx, pemohon=warga) for _ in range(2))
    services.tiket_ambil(tiket=pertama, aktor=aktor(penuh))

    with pytest.raises(DataTidakValid):
        services.tiket_ambil(tiket=kedua, aktor=aktor(penuh))
    assert segarkan(kedua).status == S.DIAJUKAN


def test_tiket_yang_sudah_selesai_tidak_lagi_memakan_kapasitas(ktx, warga, supervisor):
    penuh = buat_petugas(ktx.unit, kapasitas=1)
    pertama, kedua = (bawa_ke(S.DIAJUKAN, ktx, pemohon=warga) for _ in range(2))
    services.tiket_tugaskan(tiket=pertama, petugas=penuh, aktor=aktor(supervisor))
    services.tiket_mulai(tiket=pertama, aktor=aktor(penuh))
    services.tiket_selesaikan(tiket=pertama, aktor=aktor(penuh), catatan="Beres.")

    hasil = services.tiket_tugaskan(tiket=kedua, petugas=penuh, aktor=aktor(supervisor))

    assert hasil.petugas == penuh


def test_penugasan_ke_petugas_nonaktif_ditolak(ktx, warga, supervisor):
    cuti = buat_petugas(ktx.unit, aktif=False)
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan(tiket=tiket, petugas=cuti, aktor=aktor(supervisor))

    assert "petugas" in info.value.rincian
    assert segarkan(tiket).status == S.DIAJUKAN


@pytest.mark.parametrize("peran", ["supervisor", "sistem"])
def test_penugasan_ke_petugas_unit_lain_ditolak(request, ktx, warga, petugas_unit_lain, peran):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)
    awal = jejak(tiket)

    with pytest.raises(DataTidakValid) as info:
        services.tiket_tugaskan(tiket=tiket, petugas=petugas_unit_lain, aktor=pelaku(request, peran, tiket))

    assert "petugas" in info.value.rincian
    assert jejak(tiket) == awal


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


# --- transfer (disposisi) -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DIAJUKAN, S.DITUGASKAN, S.DIPROSES])
def test_alihkan_memindahkan_tiket_ke_antrian_unit_lain(ktx, warga, supervisor, status):
    tiket = bawa_ke(status, ktx, pemohon=warga)

    hasil = services.tiket_alihkan(
        tiket=tiket, aktor=aktor(supervisor), unit_tujuan=ktx.unit_lain, alasan="Wewenang DPMPTSP."
    )

    assert (hasil.status, hasil.unit_id, hasil.petugas_id) == (S.DIAJUKAN, ktx.unit_lain.pk, None)
    assert hasil.jumlah_dialihkan == 1
    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert peristiwa.jenis == JenisPeristiwa.PENGALIHAN
    assert peristiwa.data == {"unit_asal": ktx.unit.pk, "unit_tujuan": ktx.unit_lain.pk}
    assert peristiwa.unit_id == ktx.unit_lain.pk
    assert peristiwa.catatan == "Wewenang DPMPTSP."


def test_setelah_dialihkan_unit_asal_kehilangan_wewenang_unit_tujuan_mendapatkannya(
    ktx, warga, supervisor, petugas, supervisor_unit_lain, petugas_unit_lain
):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)
    services.tiket_alihkan(
        tiket=tiket, aktor=aktor(supervisor), unit_tujuan=ktx.unit_lain, alasan="Disposisi."
    )

    from antrian.exceptions import TidakDiizinkan

    with pytest.raises(TidakDiizinkan):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    with pytest.raises(TidakDiizinkan):
        services.tiket_alihkan(tiket=tiket, aktor=aktor(supervisor), unit_tujuan=ktx.unit, alasan="Balik.")
    hasil = services.tiket_tugaskan(tiket=tiket, petugas=petugas_unit_lain, aktor=aktor(supervisor_unit_lain))
    assert hasil.petugas == petugas_unit_lain
    # Transferred back and forth, the counter keeps counting.
    services.tiket_alihkan(
        tiket=tiket, aktor=aktor(supervisor_unit_lain), unit_tujuan=ktx.unit, alasan="Balik."
    )
    assert segarkan(tiket).jumlah_dialihkan == 2


# --- optimistic versions ----------------------------------------------------------------------------


def test_versi_usang_ditolak_sebagai_perubahan_bersamaan(ktx, warga, petugas):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)
    awal = jejak(tiket)

    with pytest.raises(PerubahanBersamaan) as info:
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas), versi=tiket.versi - 1)

    assert info.value.status_http == 409
    assert info.value.rincian == {"versi_saat_ini": tiket.versi, "versi_dikirim": tiket.versi - 1}
    assert jejak(tiket) == awal


def test_versi_terkini_diterima_dan_naik_satu(ktx, warga, petugas):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas), versi=tiket.versi)

    assert hasil.versi == segarkan(tiket).versi == tiket.versi + 1


# --- broadcast after commit ---------------------------------------------------------------------------

KUNCI_MUATAN = {"type", "id", "jenis", "aksi", "nomor", "status", "unit"}


def test_siaran_baru_dikirim_setelah_commit_tanpa_identitas_pemohon(
    ktx, warga, petugas, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    with mock.patch("antrian.realtime._kirim") as kirim:
        with django_capture_on_commit_callbacks() as callbacks:
            services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        assert not kirim.called  # nothing leaves before the commit
        assert len(callbacks) == 1
        callbacks[0]()

    kirim.assert_called_once()
    (tujuan,) = kirim.call_args.args
    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert {grup for grup, _ in tujuan} == {
        realtime.grup_unit(ktx.unit.pk),
        realtime.grup_petugas(petugas.pk),
        realtime.grup_tiket(tiket.pk),
    }
    for _, pesan in tujuan:
        assert set(pesan) == KUNCI_MUATAN
        assert pesan["id"] == peristiwa.pk
        assert (pesan["jenis"], pesan["aksi"]) == (JenisPeristiwa.TRANSISI, "mulai")
        assert (pesan["nomor"], pesan["status"]) == (tiket.nomor, S.DIPROSES)
        teks = json.dumps(pesan)
        for identitas in (warga.username, warga.email, warga.nama_lengkap):
            assert identitas not in teks


def test_siaran_tiket_tamu_tidak_membawa_kontak(ktx, petugas, django_capture_on_commit_callbacks):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=None)

    with mock.patch("antrian.realtime._kirim") as kirim, django_capture_on_commit_callbacks(execute=True):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))

    (tujuan,) = kirim.call_args.args
    teks = json.dumps([pesan for _, pesan in tujuan])
    assert tiket.kontak_email not in teks
    assert tiket.kontak_nama not in teks


def test_pengalihan_disiarkan_ke_antrian_kedua_unit(
    ktx, warga, supervisor, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    with mock.patch("antrian.realtime._kirim") as kirim, django_capture_on_commit_callbacks(execute=True):
        services.tiket_alihkan(
            tiket=tiket, aktor=aktor(supervisor), unit_tujuan=ktx.unit_lain, alasan="Disposisi."
        )

    (tujuan,) = kirim.call_args.args
    grup = {g for g, _ in tujuan}
    assert {realtime.grup_unit(ktx.unit.pk), realtime.grup_unit(ktx.unit_lain.pk)} <= grup


def test_transaksi_yang_dibatalkan_tidak_disiarkan(ktx, warga, petugas, django_capture_on_commit_callbacks):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    class Gagal(Exception):
        pass

    with (
        mock.patch("antrian.realtime._kirim") as kirim,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Gagal),
        transaction.atomic(),
    ):
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        raise Gagal

    assert callbacks == []
    assert not kirim.called
    assert segarkan(tiket).status == S.DITUGASKAN


class _LayerRusak:
    async def group_send(self, grup: str, pesan: dict[str, Any]) -> None:
        raise ConnectionError("Redis mati")


def test_channel_layer_yang_gagal_tidak_menggagalkan_layanan(
    ktx, warga, petugas, django_capture_on_commit_callbacks, caplog
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    with (
        mock.patch("antrian.realtime.get_channel_layer", return_value=_LayerRusak()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))

    assert hasil.status == segarkan(tiket).status == S.DIPROSES
    assert realtime.tunggu_siaran()  # the broadcast leaves from the process's sender, after the request
    assert "Siaran peristiwa gagal" in caplog.text


def test_channel_layer_yang_salah_konfigurasi_tidak_menggagalkan_layanan(
    ktx, warga, petugas, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    # get_channel_layer() itself raises when the backend cannot be built (bad CHANNEL_LAYERS, no Redis lib).
    with (
        mock.patch("antrian.realtime.get_channel_layer", side_effect=RuntimeError("layer rusak")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))

    assert hasil.status == S.DIPROSES


def test_aktor_sistem_menutup_otomatis_dan_ditandai_otomatis(ktx, warga):
    tiket = bawa_ke(S.SELESAI, ktx, pemohon=warga)

    services.tiket_tutup(tiket=tiket, aktor=Aktor.sistem_otomatis())

    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert (peristiwa.aktor_id, peristiwa.data) == (None, {"otomatis": True})
