"""The escalation job: who is told what, exactly once per tenggat, by a row, an e-mail and a broadcast."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail

from antrian import realtime, services
from antrian.models import JenisNotifikasi, JenisTiket, Notifikasi, Peran, Peristiwa, Tiket
from antrian.services import eskalasi as layanan_eskalasi
from antrian.services.eskalasi import eskalasi_jalankan
from tests.antrian.factories import buat_petugas, buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SENIN = dt.datetime(2026, 7, 6, 9, 0, tzinfo=WIB)
SEJAM = dt.timedelta(hours=1)


def _setel(tiket: Tiket, **nilai: object) -> None:
    Tiket.objects.filter(pk=tiket.pk).update(**nilai)


def _diterima(petugas: object) -> list[tuple[str, int]]:
    pengguna = petugas.pengguna  # type: ignore[attr-defined]
    return sorted(Notifikasi.objects.filter(penerima=pengguna).values_list("jenis", "tiket_id"))


@pytest.fixture
def terlambat(unit, warga):  # type: ignore[no-untyped-def]
    tiket = buat_tiket(unit, pemohon=warga).tiket
    _setel(tiket, tenggat=SENIN - SEJAM)
    return tiket


def _dikerjakan(tiket: Tiket, petugas: object) -> Tiket:
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    return tiket


# --- who is told ------------------------------------------------------------------------------------


def test_tiket_terlambat_diberitahukan_ke_supervisor_unitnya_saja(
    terlambat, supervisor, petugas, supervisor_unit_lain
):
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.terlambat == 1
    assert _diterima(supervisor) == [(JenisNotifikasi.TERLAMBAT, terlambat.pk)]
    assert _diterima(petugas) == []
    assert _diterima(supervisor_unit_lain) == []


def test_hampir_jatuh_tempo_diberitahukan_ke_supervisor_dan_petugas_yang_mengerjakan(
    unit, warga, supervisor, petugas, petugas_kedua
):
    tiket = _dikerjakan(buat_tiket(unit, pemohon=warga).tiket, petugas)
    _setel(tiket, tenggat=SENIN + SEJAM)
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert (ringkasan.hampir_jatuh_tempo, ringkasan.terlambat) == (2, 0)
    assert _diterima(supervisor) == [(JenisNotifikasi.HAMPIR_JATUH_TEMPO, tiket.pk)]
    assert _diterima(petugas) == [(JenisNotifikasi.HAMPIR_JATUH_TEMPO, tiket.pk)]
    assert _diterima(petugas_kedua) == []

    # Once the deadline has passed it is the supervisor's call: only they hear of the overdue tiket.
    ringkasan = eskalasi_jalankan(sekarang=SENIN + 2 * SEJAM)
    assert (ringkasan.hampir_jatuh_tempo, ringkasan.terlambat) == (0, 1)
    assert JenisNotifikasi.TERLAMBAT in dict((j, t) for j, t in _diterima(supervisor))
    assert len(_diterima(petugas)) == 1


def test_supervisor_yang_mengerjakan_sendiri_diberi_tahu_sekali(unit, warga, supervisor):
    tiket = _dikerjakan(buat_tiket(unit, pemohon=warga).tiket, supervisor)
    _setel(tiket, tenggat=SENIN + SEJAM)
    assert eskalasi_jalankan(sekarang=SENIN).hampir_jatuh_tempo == 1


def test_keluhan_belum_ditugaskan_lewat_tenggat_penugasan_diberitahukan(unit, warga, supervisor, petugas):
    belum = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.KELUHAN).tiket
    sudah = _dikerjakan(buat_tiket(unit, pemohon=warga, jenis=JenisTiket.KELUHAN).tiket, petugas)
    permohonan = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.PERMOHONAN).tiket
    jauh = SENIN + dt.timedelta(days=30)
    for tiket in (belum, sudah, permohonan):
        _setel(tiket, tenggat_penugasan=SENIN - SEJAM, tenggat=jauh)
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.penugasan_terlambat == 1
    assert _diterima(supervisor) == [(JenisNotifikasi.PENUGASAN_TERLAMBAT, belum.pk)]
    assert _diterima(petugas) == []


def test_tiket_menunggu_warga_atau_selesai_tidak_dieskalasi(unit, warga, supervisor, petugas):
    menunggu = _dikerjakan(buat_tiket(unit, pemohon=warga).tiket, petugas)
    services.tiket_minta_kelengkapan(tiket=menunggu, aktor=aktor(petugas), pesan="Mohon unggah foto.")
    selesai = _dikerjakan(buat_tiket(unit, pemohon=warga).tiket, petugas)
    services.tiket_selesaikan(tiket=selesai, aktor=aktor(petugas), catatan="Sudah ditambal.")
    for tiket in (menunggu, selesai):
        _setel(tiket, tenggat=SENIN - SEJAM)
    assert eskalasi_jalankan(sekarang=SENIN).notifikasi == 0
    assert Notifikasi.objects.count() == 0


def test_supervisor_nonaktif_cuti_tidak_diberi_tahu_dan_diberi_tahu_setelah_aktif_kembali(unit, terlambat):
    aktif = buat_petugas(unit, peran=Peran.SUPERVISOR)
    cuti = buat_petugas(unit, peran=Peran.SUPERVISOR, aktif=False)
    eskalasi_jalankan(sekarang=SENIN)
    assert _diterima(aktif) == [(JenisNotifikasi.TERLAMBAT, terlambat.pk)]
    assert _diterima(cuti) == []

    cuti.aktif = True
    cuti.save()
    assert eskalasi_jalankan(sekarang=SENIN + SEJAM).terlambat == 1
    assert _diterima(cuti) == [(JenisNotifikasi.TERLAMBAT, terlambat.pk)]
    assert len(_diterima(aktif)) == 1


def test_akun_supervisor_yang_dinonaktifkan_tidak_diberi_tahu(terlambat, supervisor):
    supervisor.pengguna.is_active = False
    supervisor.pengguna.save()
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.terlambat == 0
    assert ringkasan.tanpa_penerima == 1


def test_unit_tanpa_supervisor_aktif_dilaporkan_dalam_ringkasan(terlambat, petugas):
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.notifikasi == 0
    assert ringkasan.tanpa_penerima == 1


# --- exactly once -----------------------------------------------------------------------------------


def test_dijalankan_dua_kali_tidak_memberi_tahu_dua_kali(terlambat, supervisor):
    pertama = eskalasi_jalankan(sekarang=SENIN)
    kedua = eskalasi_jalankan(sekarang=SENIN + SEJAM)
    assert (pertama.terlambat, kedua.terlambat) == (1, 0)
    assert Notifikasi.objects.count() == 1
    assert len(mail.outbox) == 1


def test_tenggat_yang_bergeser_setelah_jeda_memberi_tahu_lagi(terlambat, supervisor):
    eskalasi_jalankan(sekarang=SENIN)
    # The citizen answered after a pause: the tenggat moved on by the paused working time, and has now
    # passed again. That is a new lateness, so the supervisor hears of it again.
    _setel(terlambat, tenggat=SENIN + SEJAM)
    assert eskalasi_jalankan(sekarang=SENIN + 2 * SEJAM).terlambat == 1
    assert Notifikasi.objects.filter(tiket=terlambat, jenis=JenisNotifikasi.TERLAMBAT).count() == 2


def test_notifikasi_yang_didahului_run_lain_dilewati_tanpa_galat(terlambat, supervisor, monkeypatch):
    # Another run inserts the same notification after this run checked for it and before it inserts:
    # the unique key turns that into a skip, not an error and not a second e-mail.
    asli = layanan_eskalasi._Rencana.kunci.fget  # type: ignore[attr-defined]
    dibaca = []

    def kunci_didahului(self: layanan_eskalasi._Rencana) -> str:
        kunci = asli(self)
        dibaca.append(kunci)
        if len(dibaca) == 2:  # read once for the check, now for the insert
            Notifikasi.objects.create(
                penerima=self.penerima.pengguna, tiket=self.tiket, jenis=self.jenis, kunci=kunci, pesan="-"
            )
        return kunci

    monkeypatch.setattr(layanan_eskalasi._Rencana, "kunci", property(kunci_didahului))
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.terlambat == 0
    assert Notifikasi.objects.count() == 1
    assert mail.outbox == []


def test_banyak_tiket_diproses_per_kelompok_tanpa_terlewat(unit, warga, supervisor, monkeypatch):
    monkeypatch.setattr(layanan_eskalasi, "UKURAN_KELOMPOK", 2)
    for _ in range(5):
        _setel(buat_tiket(unit, pemohon=warga).tiket, tenggat=SENIN - SEJAM)
    assert eskalasi_jalankan(sekarang=SENIN).terlambat == 5
    # All five in one e-mail to the supervisor.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("- ") == 5


# --- how they are told ------------------------------------------------------------------------------


def test_email_sekali_per_penerima_berisi_nomor_tiket_dalam_bahasa_indonesia(
    unit, warga, terlambat, supervisor
):
    tanpa_email = buat_petugas(unit, peran=Peran.SUPERVISOR)
    tanpa_email.pengguna.email = None
    tanpa_email.pengguna.save()
    kedua = buat_tiket(unit, pemohon=warga).tiket
    _setel(kedua, tenggat=SENIN - SEJAM)

    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert ringkasan.terlambat == 4  # two tikets, two supervisors
    assert ringkasan.email == 1
    assert len(mail.outbox) == 1
    surel = mail.outbox[0]
    assert surel.to == [supervisor.pengguna.email]
    assert "2 tiket" in surel.subject
    assert terlambat.nomor in surel.body and kedua.nomor in surel.body
    assert "melewati tenggat" in surel.body
    assert "06-07-2026 08:00 WIB" in surel.body
    # The notification row carries the same Indonesian message.
    assert Notifikasi.objects.filter(penerima=supervisor.pengguna, tiket=terlambat).get().pesan in surel.body


def test_email_gagal_tidak_membatalkan_notifikasi(terlambat, supervisor, settings):
    settings.EMAIL_BACKEND = "tests.antrian.test_eskalasi_notifikasi.BackendRusak"
    ringkasan = eskalasi_jalankan(sekarang=SENIN)
    assert (ringkasan.terlambat, ringkasan.email) == (1, 0)
    assert Notifikasi.objects.count() == 1


class BackendRusak:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, pesan: object) -> int:
        raise ConnectionRefusedError("SMTP mati")


def test_notifikasi_tidak_menambah_peristiwa_ke_log_tiket(terlambat, supervisor):
    sebelum = Peristiwa.objects.filter(tiket=terlambat).count()
    eskalasi_jalankan(sekarang=SENIN)
    assert Peristiwa.objects.filter(tiket=terlambat).count() == sebelum
    assert Tiket.objects.get(pk=terlambat.pk).versi == terlambat.versi


def test_notifikasi_disiarkan_ke_kanal_petugas_penerima_setelah_commit(
    terlambat, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    kanal = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(realtime.grup_petugas(supervisor.pk), kanal)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        eskalasi_jalankan(sekarang=SENIN)
    assert callbacks
    # Bounded, so a missing broadcast fails the test instead of hanging it.
    pesan = async_to_sync(asyncio.wait_for)(layer.receive(kanal), 5)
    notifikasi = Notifikasi.objects.get()
    assert pesan == {
        "type": "notifikasi",
        "id": notifikasi.pk,
        "jenis": JenisNotifikasi.TERLAMBAT,
        "nomor": terlambat.nomor,
        realtime.KUNCI_GRUP: realtime.grup_petugas(supervisor.pk),
    }
