# ruff: noqa: F811  (the shared `ktx` fixture is imported, then requested by name)
"""The event log is append-only: the audit trail, the metrics' source and the websocket's replay."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from antrian import services
from antrian.izin import Aktor
from antrian.models import Peristiwa, Status, Tiket
from antrian.models.catatan import JenisPeristiwa, LogTidakBolehDiubah
from tests.antrian.factories import buat_tiket
from tests.antrian.test_siklus import bawa_ke, ktx  # noqa: F401
from tests.conftest import aktor


@pytest.fixture
def peristiwa(unit, warga) -> Peristiwa:
    return Peristiwa.objects.get(tiket=buat_tiket(unit, pemohon=warga).tiket)


def test_peristiwa_yang_sudah_tersimpan_tidak_bisa_disimpan_ulang(peristiwa):
    peristiwa.catatan = "diubah diam-diam"

    with pytest.raises(LogTidakBolehDiubah):
        peristiwa.save()

    assert Peristiwa.objects.get(pk=peristiwa.pk).catatan == ""


def test_peristiwa_tidak_bisa_dihapus(peristiwa):
    with pytest.raises(LogTidakBolehDiubah):
        peristiwa.delete()

    assert Peristiwa.objects.filter(pk=peristiwa.pk).exists()


def test_update_massal_pada_log_ditolak(peristiwa):
    with pytest.raises(LogTidakBolehDiubah):
        Peristiwa.objects.filter(pk=peristiwa.pk).update(ke_status=Status.DITUTUP)
    with pytest.raises(LogTidakBolehDiubah):
        Peristiwa.objects.update(catatan="semua")

    assert Peristiwa.objects.get(pk=peristiwa.pk).ke_status == Status.DIAJUKAN


def test_bulk_update_pada_log_ditolak(peristiwa):
    peristiwa.aksi = "palsu"

    # bulk_update runs in atomic(savepoint=False); our savepoint keeps the test's transaction usable.
    with pytest.raises(LogTidakBolehDiubah), transaction.atomic():
        Peristiwa.objects.bulk_update([peristiwa], ["aksi"])

    assert Peristiwa.objects.get(pk=peristiwa.pk).aksi == "ajukan"


def test_hapus_massal_pada_log_ditolak(peristiwa):
    with pytest.raises(LogTidakBolehDiubah):
        Peristiwa.objects.filter(pk=peristiwa.pk).delete()
    with pytest.raises(LogTidakBolehDiubah):
        Peristiwa.objects.all().delete()

    assert Peristiwa.objects.filter(pk=peristiwa.pk).exists()


def test_menghapus_tiket_tidak_bisa_menghapus_lognya(peristiwa):
    with pytest.raises(ProtectedError):
        Tiket.objects.filter(pk=peristiwa.tiket_id).delete()

    assert Peristiwa.objects.filter(pk=peristiwa.pk).exists()


def test_id_peristiwa_naik_ketat_sesuai_urutan_kejadian(ktx, warga, petugas, unit_lain):
    # Two tikets interleaved: ids grow across tikets too (a reconnecting client resumes from one id).
    a = bawa_ke(Status.DIAJUKAN, ktx, pemohon=warga)
    b = bawa_ke(Status.DIAJUKAN, ktx, pemohon=warga)
    langkah = [
        lambda: services.tiket_ambil(tiket=a, aktor=aktor(petugas)),
        lambda: services.tiket_tanggapi(tiket=b, aktor=aktor(warga), isi="Mohon dicek."),
        lambda: services.tiket_mulai(tiket=a, aktor=aktor(petugas)),
        lambda: services.tiket_batalkan(tiket=b, aktor=aktor(warga)),
        lambda: services.tiket_selesaikan(tiket=a, aktor=aktor(petugas), catatan="Beres."),
    ]
    ids = []
    for jalankan in langkah:
        jalankan()
        ids.append(Peristiwa.objects.latest("id").pk)

    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    aksi_berurutan = list(
        Peristiwa.objects.filter(pk__gte=ids[0]).order_by("id").values_list("tiket_id", "aksi")
    )
    assert aksi_berurutan == [
        (a.pk, "ambil"),
        (b.pk, "tanggapi"),
        (a.pk, "mulai"),
        (b.pk, "batalkan"),
        (a.pk, "selesaikan"),
    ]


def test_setiap_layanan_menulis_tepat_satu_peristiwa(ktx, unit, warga, petugas, supervisor, unit_lain):
    """Walk one tiket through every service; each step adds exactly one event to it."""

    def jumlah() -> int:
        return Peristiwa.objects.filter(tiket=tiket).count()

    baru = buat_tiket(unit, pemohon=warga)
    tiket = baru.tiket
    assert jumlah() == 1
    assert Peristiwa.objects.get(tiket=tiket).jenis == JenisPeristiwa.PENGAJUAN

    sp, pt, wg = aktor(supervisor), aktor(petugas), aktor(warga)
    langkah = [
        ("tugaskan", lambda: services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=sp)),
        ("lepaskan", lambda: services.tiket_lepaskan(tiket=tiket, aktor=pt)),
        ("ambil", lambda: services.tiket_ambil(tiket=tiket, aktor=pt)),
        ("tanggapi", lambda: services.tiket_tanggapi(tiket=tiket, aktor=pt, isi="Kami cek.")),
        ("catatan_internal", lambda: services.tiket_tanggapi(tiket=tiket, aktor=pt, isi="x", internal=True)),
        ("mulai", lambda: services.tiket_mulai(tiket=tiket, aktor=pt)),
        ("minta_kelengkapan", lambda: services.tiket_minta_kelengkapan(tiket=tiket, aktor=pt, pesan="KK?")),
        ("lengkapi", lambda: services.tiket_lengkapi(tiket=tiket, aktor=wg, pesan="Terlampir.")),
        ("selesaikan", lambda: services.tiket_selesaikan(tiket=tiket, aktor=pt, catatan="Beres.")),
        ("buka_kembali", lambda: services.tiket_buka_kembali(tiket=tiket, aktor=wg, alasan="Belum.")),
        (
            "alihkan",
            lambda: services.tiket_alihkan(tiket=tiket, aktor=sp, unit_tujuan=unit_lain, alasan="D."),
        ),
    ]
    for aksi, jalankan in langkah:
        sebelum = jumlah()
        jalankan()
        assert jumlah() == sebelum + 1, aksi
        assert Peristiwa.objects.filter(tiket=tiket).latest("id").aksi == aksi

    # The ends of the other paths, each on a fresh tiket.
    for aksi, status, jalankan in [
        ("tutup", Status.SELESAI, lambda t: services.tiket_tutup(tiket=t, aktor=Aktor.sistem_otomatis())),
        (
            "tolak",
            Status.DIPROSES,
            lambda t: services.tiket_tolak(tiket=t, aktor=pt, alasan="spam", catatan="-"),
        ),
        ("batalkan", Status.DITUGASKAN, lambda t: services.tiket_batalkan(tiket=t, aktor=wg)),
    ]:
        tiket = bawa_ke(status, ktx, pemohon=warga)
        sebelum = jumlah()
        jalankan(tiket)
        assert jumlah() == sebelum + 1, aksi


def test_catatan_internal_tidak_publik_di_log(unit, warga, petugas):
    tiket = buat_tiket(unit, pemohon=warga).tiket

    services.tiket_tanggapi(tiket=tiket, aktor=aktor(petugas), isi="Pemohon sering komplain.", internal=True)

    peristiwa = Peristiwa.objects.filter(tiket=tiket).latest("id")
    assert (peristiwa.aksi, peristiwa.publik) == ("catatan_internal", False)
