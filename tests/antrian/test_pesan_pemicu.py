"""Which events write which messages to the citizen, and which notifications to officers (antrian.pesan)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from antrian import realtime, services
from antrian.izin import Aktor
from antrian.models import (
    JenisNotifikasi,
    JenisPesan,
    Notifikasi,
    Peristiwa,
    PesanKeluar,
    SaluranPesan,
    StatusPesan,
    Tiket,
)
from antrian.models.tiket import JenisTiket
from antrian.pesan import pesan_warga_antrekan, setelah_peristiwa
from antrian.pesan.isi import tautan_lacak, tautan_survei
from config.celery import app as celery_app
from tests.antrian.factories import PenggunaFactory, buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

NIK = "3201014506900001"
SALURAN_SMS = {
    "email": {"KELAS": "antrian.pesan.saluran.SaluranEmail"},
    "sms": {"KELAS": "antrian.pesan.saluran.GerbangHttp", "URL": "http://127.0.0.1:9/", "TOKEN": "t"},
}


@pytest.fixture(autouse=True)
def eager() -> Iterator[None]:
    # With REDIS_URL the project queues jobs on the broker; these tests run them in-process.
    lama = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = lama


def _siklus_penuh(tiket: Tiket, *, warga: Any, petugas: Any, supervisor: Any) -> Tiket:
    services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Mohon unggah KK terbaru.")
    services.tiket_lengkapi(tiket=tiket, aktor=aktor(warga), pesan="Sudah saya unggah.")
    services.tiket_selesaikan(
        tiket=tiket, aktor=aktor(petugas), catatan="KTP-el sudah dicetak.", produk="KTP"
    )
    services.tiket_tutup(tiket=tiket, aktor=aktor(warga))
    return segarkan(tiket)


def test_pengajuan_mengantrekan_satu_email_setelah_commit(unit, warga, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tiket = buat_tiket(unit, pemohon=warga).tiket
    pesan = PesanKeluar.objects.get()
    assert (pesan.tiket_id, pesan.jenis, pesan.saluran) == (
        tiket.pk,
        JenisPesan.PENGAJUAN,
        SaluranPesan.EMAIL,
    )
    assert pesan.penerima == warga.email
    assert pesan.status == StatusPesan.ANTRI and pesan.percobaan == 0
    # Not sent inside the request's transaction: only after the commit.
    assert mail.outbox == []
    assert callbacks


def test_setiap_pemicu_mengantrekan_pesan_tepat_sekali(
    unit, warga, petugas, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        tiket = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.PERMOHONAN).tiket
        _siklus_penuh(tiket, warga=warga, petugas=petugas, supervisor=supervisor)
    jenis = list(PesanKeluar.objects.order_by("pk").values_list("jenis", "peristiwa__aksi"))
    assert jenis == [
        (JenisPesan.PENGAJUAN, "ajukan"),
        (JenisPesan.MINTA_KELENGKAPAN, "minta_kelengkapan"),
        (JenisPesan.SELESAI, "selesaikan"),
        (JenisPesan.DITUTUP, "tutup"),
    ]


def test_semua_pemicu_terkirim_dalam_mode_eager(
    unit, warga, petugas, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tiket = buat_tiket(unit, pemohon=warga, jenis=JenisTiket.PERMOHONAN).tiket
    with django_capture_on_commit_callbacks(execute=True):
        _siklus_penuh(tiket, warga=warga, petugas=petugas, supervisor=supervisor)
    assert len(mail.outbox) == 4
    assert all(m.to == [warga.email] for m in mail.outbox)
    assert all(tiket.nomor in m.subject and tautan_lacak(tiket) in m.body for m in mail.outbox)
    assert "Mohon unggah KK terbaru." in mail.outbox[1].body
    assert set(PesanKeluar.objects.values_list("status", "percobaan")) == {(StatusPesan.TERKIRIM, 1)}
    assert not PesanKeluar.objects.filter(terkirim_pada__isnull=True).exists()


def test_pesan_selesai_membawa_undangan_survei(unit, warga, petugas, django_capture_on_commit_callbacks):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    with django_capture_on_commit_callbacks(execute=True):
        services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Jalan sudah ditambal.")
    (email,) = mail.outbox
    assert tautan_survei(tiket) in email.body
    assert tautan_survei(tiket).endswith(f"/lacak/{tiket.nomor}/survei/")


def test_tamu_mendapat_tautan_lacak_tanpa_token(unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        baru = buat_tiket(unit)  # a guest, contact e-mail tamu@contoh.id
    (email,) = mail.outbox
    assert email.to == ["tamu@contoh.id"]
    assert baru.token_lacak not in email.body
    assert email.body.count(f"/lacak/{baru.tiket.nomor}/") == 1
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        petunjuk = gettext("Use the tracking link you received when you submitted.")
    assert petunjuk in email.body


def test_tiket_anonim_tidak_mendapat_pesan_apa_pun(unit, warga, petugas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        baru = services.tiket_buat(
            jenis=JenisTiket.KELUHAN,
            unit=unit,
            judul="Pungutan liar",
            aktor=Aktor.dari_pengguna(warga),
            tenggat_hari=5,
            anonim=True,
        )
    tiket = baru.tiket
    with django_capture_on_commit_callbacks(execute=True):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        services.tiket_minta_kelengkapan(tiket=tiket, aktor=aktor(petugas), pesan="Lokasi tepatnya?")
    assert Peristiwa.objects.filter(tiket=tiket, aksi="minta_kelengkapan").exists()
    assert not PesanKeluar.objects.exists()
    assert mail.outbox == []


def test_isi_pesan_tidak_pernah_memuat_nik(unit, petugas, django_capture_on_commit_callbacks):
    warga = PenggunaFactory(nik=NIK, telepon="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        tiket = buat_tiket(unit, pemohon=warga, judul=f"KTP hilang, NIK {NIK}").tiket
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        services.tiket_minta_kelengkapan(
            tiket=tiket, aktor=aktor(petugas), pesan=f"Benarkah NIK Anda {NIK}? Unggah KK."
        )
    assert PesanKeluar.objects.count() == 2
    for subjek, isi in PesanKeluar.objects.values_list("subjek", "isi"):
        assert NIK not in subjek and NIK not in isi
    assert "Unggah KK." in mail.outbox[1].body


def test_sms_hanya_bila_gerbang_dipasang_dan_ada_nomor_telepon(
    unit, warga, settings, django_capture_on_commit_callbacks
):
    settings.PESAN_SALURAN = SALURAN_SMS
    bertelepon = PenggunaFactory(telepon="081234567890")
    with django_capture_on_commit_callbacks(execute=False):
        punya_telepon = buat_tiket(unit, pemohon=bertelepon).tiket
        tanpa_telepon = buat_tiket(unit, pemohon=warga).tiket
    assert sorted(PesanKeluar.objects.filter(tiket=punya_telepon).values_list("saluran", "penerima")) == [
        (SaluranPesan.EMAIL, bertelepon.email),
        (SaluranPesan.SMS, "081234567890"),
    ]
    assert list(PesanKeluar.objects.filter(tiket=tanpa_telepon).values_list("saluran", flat=True)) == [
        SaluranPesan.EMAIL
    ]
    sms = PesanKeluar.objects.get(saluran=SaluranPesan.SMS)
    assert tautan_lacak(punya_telepon) in sms.isi and len(sms.isi) < len(
        PesanKeluar.objects.get(tiket=punya_telepon, saluran=SaluranPesan.EMAIL).isi
    )


def test_tanpa_gerbang_nomor_telepon_saja_tidak_mendapat_pesan(unit, django_capture_on_commit_callbacks):
    hanya_telepon = PenggunaFactory(email=None, telepon="081299998888")
    with django_capture_on_commit_callbacks(execute=False):
        buat_tiket(unit, pemohon=hanya_telepon)
    assert not PesanKeluar.objects.exists()


def test_pemicu_yang_dijalankan_dua_kali_tidak_menambah_pesan_atau_notifikasi(
    unit, warga, petugas, supervisor
):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    tiket = segarkan(tiket)
    with transaction.atomic():
        for peristiwa in Peristiwa.objects.filter(tiket=tiket):
            setelah_peristiwa(tiket=tiket, peristiwa=peristiwa)
        ajukan = Peristiwa.objects.get(tiket=tiket, aksi="ajukan")
        assert pesan_warga_antrekan(tiket=tiket, peristiwa=ajukan, jenis=JenisPesan.PENGAJUAN) == []
    assert PesanKeluar.objects.count() == 1
    assert Notifikasi.objects.count() == 1


# --- officers -----------------------------------------------------------------------------------------


def _dengar(grup: str) -> tuple[Any, str]:
    layer = get_channel_layer()
    kanal = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(grup, kanal)
    return layer, kanal


def _notifikasi_diterima(layer: Any, kanal: str) -> list[dict[str, Any]]:
    assert realtime.tunggu_siaran()
    diterima = []
    while True:
        try:
            diterima.append(async_to_sync(asyncio.wait_for)(layer.receive(kanal), 0.5))
        except TimeoutError:
            break
    return [p for p in diterima if p["type"] == realtime.JENIS_NOTIFIKASI]


def test_penugasan_memberi_tahu_petugas_dan_disiarkan_ke_kanalnya(
    unit, warga, petugas, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer, kanal = _dengar(realtime.grup_petugas(petugas.pk))
    tiket = buat_tiket(unit, pemohon=warga).tiket
    with django_capture_on_commit_callbacks(execute=True):
        services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    notifikasi = Notifikasi.objects.get()
    assert (notifikasi.penerima_id, notifikasi.jenis) == (petugas.pengguna_id, JenisNotifikasi.DITUGASKAN)
    assert tiket.nomor in notifikasi.pesan
    assert _notifikasi_diterima(layer, kanal) == [
        {
            "type": realtime.JENIS_NOTIFIKASI,
            "id": notifikasi.pk,
            "jenis": JenisNotifikasi.DITUGASKAN,
            "nomor": tiket.nomor,
            realtime.KUNCI_GRUP: realtime.grup_petugas(petugas.pk),
        }
    ]


def test_penugasan_ulang_memberi_tahu_petugas_baru(unit, warga, petugas, petugas_kedua, supervisor):
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tugaskan(tiket=tiket, petugas=petugas, aktor=aktor(supervisor))
    services.tiket_tugaskan_ulang(
        tiket=tiket, petugas=petugas_kedua, aktor=aktor(supervisor), alasan="Petugas pertama cuti."
    )
    assert sorted(Notifikasi.objects.values_list("penerima_id", flat=True)) == sorted(
        [petugas.pengguna_id, petugas_kedua.pengguna_id]
    )


def test_yang_menugaskan_diri_sendiri_atau_mengambil_tidak_diberi_tahu(unit, warga, petugas, supervisor):
    services.tiket_tugaskan(
        tiket=buat_tiket(unit, pemohon=warga).tiket, petugas=supervisor, aktor=aktor(supervisor)
    )
    services.tiket_ambil(tiket=buat_tiket(unit, pemohon=warga).tiket, aktor=aktor(petugas))
    assert not Notifikasi.objects.exists()


def test_pengalihan_memberi_tahu_supervisor_unit_tujuan_saja(
    unit,
    unit_lain,
    warga,
    supervisor,
    supervisor_unit_lain,
    petugas_unit_lain,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer, kanal = _dengar(realtime.grup_petugas(supervisor_unit_lain.pk))
    tiket = buat_tiket(unit, pemohon=warga).tiket
    with django_capture_on_commit_callbacks(execute=True):
        services.tiket_alihkan(
            tiket=tiket, aktor=aktor(supervisor), unit_tujuan=unit_lain, alasan="Wewenang."
        )
    notifikasi = Notifikasi.objects.get()
    assert (notifikasi.penerima_id, notifikasi.jenis) == (
        supervisor_unit_lain.pengguna_id,
        JenisNotifikasi.DIALIHKAN,
    )
    assert unit_lain.nama in notifikasi.pesan
    assert [p["id"] for p in _notifikasi_diterima(layer, kanal)] == [notifikasi.pk]
