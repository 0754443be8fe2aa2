# ruff: noqa: F811  (the shared `ktx` fixture is imported, then requested by name)
"""The lifecycle's rules beyond who-may-do-what: required notes, the reopen window, officer capacity,
transfers, optimistic versions and the system actor. The paused SLA clock and the timestamps the metrics
read are in test_siklus_waktu.py, the broadcast after commit in test_siklus_siaran.py."""

from __future__ import annotations

import pytest

from antrian import services
from antrian.exceptions import DataTidakValid, PerubahanBersamaan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import JenisTiket, Peristiwa, Status, Tanggapan
from antrian.models.catatan import JenisPeristiwa
from tests.antrian._siklus_umum import pada
from tests.antrian.factories import UnitFactory, buat_petugas, segarkan
from tests.antrian.test_siklus import bawa_ke, jalankan, jejak, ktx, pelaku  # noqa: F401
from tests.conftest import aktor

S = Status


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


# --- the system actor ------------------------------------------------------------------------------


def test_aktor_sistem_menutup_otomatis_dan_ditandai_otomatis(ktx, warga):
    tiket = bawa_ke(S.SELESAI, ktx, pemohon=warga)

    services.tiket_tutup(tiket=tiket, aktor=Aktor.sistem_otomatis())

    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert (peristiwa.aktor_id, peristiwa.data) == (None, {"otomatis": True})
