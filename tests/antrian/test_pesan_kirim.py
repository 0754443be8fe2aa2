"""Sending citizens' messages: idempotent jobs, failures recorded, the admin's resend, the sweep."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from antrian.models import PesanKeluar, StatusPesan
from antrian.pesan.kirim import Hasil, kirim_satu
from antrian.pesan.tugas import kirim_pesan, kirim_tertunda
from config.celery import app as celery_app
from tests.antrian.factories import buat_tiket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager() -> Iterator[None]:
    """Jobs run in-process, as in the embedded default (a failure's Retry propagates to the caller)."""
    lama = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = lama


@pytest.fixture
def rantai_ulang() -> Iterator[None]:
    """Eager retries chained as a worker would run them (Celery runs each retry at once, without the
    countdown): the whole retry sequence of a job in one call."""
    lama = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = lama


def _port_tertutup() -> int:
    """A loopback port nobody listens on: bound, then released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_mati(settings):  # type: ignore[no-untyped-def]
    """The real SMTP backend pointed at a closed port: every send fails with a refused connection."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _port_tertutup()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.fixture
def antri(unit, warga, django_capture_on_commit_callbacks) -> PesanKeluar:  # type: ignore[no-untyped-def]
    """A submission's message, written but not sent (its job was never run)."""
    with django_capture_on_commit_callbacks(execute=False):
        buat_tiket(unit, pemohon=warga)
    return PesanKeluar.objects.get()


def test_tugas_yang_dijalankan_lagi_tidak_mengirim_dua_kali(antri):
    assert kirim_pesan.apply(args=[antri.pk]).get() == Hasil.TERKIRIM
    assert kirim_pesan.apply(args=[antri.pk]).get() == Hasil.DILEWATI
    assert len(mail.outbox) == 1
    antri.refresh_from_db()
    assert (antri.status, antri.percobaan) == (StatusPesan.TERKIRIM, 1)


def test_pesan_yang_sedang_dikirim_percobaan_lain_dilewati(antri):
    # Another worker holds the lease (a redelivered job while the first is still sending).
    PesanKeluar.objects.filter(pk=antri.pk).update(sewa_sampai=timezone.now() + dt.timedelta(minutes=1))
    assert kirim_satu(antri.pk) == Hasil.DILEWATI
    assert mail.outbox == []
    # A lease that ran out (that worker died) no longer blocks.
    PesanKeluar.objects.filter(pk=antri.pk).update(sewa_sampai=timezone.now() - dt.timedelta(seconds=1))
    assert kirim_satu(antri.pk) == Hasil.TERKIRIM
    assert len(mail.outbox) == 1


def test_email_yang_terus_gagal_dicoba_ulang_lalu_tercatat_gagal_dengan_galat(antri, smtp_mati, rantai_ulang):
    assert kirim_pesan.apply(args=[antri.pk]).get() == Hasil.GAGAL
    antri.refresh_from_db()
    assert antri.status == StatusPesan.GAGAL
    assert antri.percobaan == 7  # the first attempt and PESAN_ULANG_MAKS = 6 retries
    assert "ConnectionRefusedError" in antri.galat_terakhir
    assert antri.terkirim_pada is None and antri.sewa_sampai is None


def test_dalam_mode_bawaan_kegagalan_tidak_menggagalkan_permintaan_dan_penyapuan_mencoba_lagi(
    unit, warga, smtp_mati, settings, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    # The job runs in-process after the commit; its failure is recorded, never raised into the request.
    with django_capture_on_commit_callbacks(execute=True):
        tiket = buat_tiket(unit, pemohon=warga).tiket
    pesan = PesanKeluar.objects.get(tiket=tiket)
    assert (pesan.status, pesan.percobaan) == (StatusPesan.ANTRI, 1)
    assert pesan.dicoba_lagi_pada == timezone.now() + dt.timedelta(seconds=settings.PESAN_ULANG_JEDA_DETIK)
    assert kirim_tertunda.apply().get() == 0  # not due yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(dt.timedelta(seconds=settings.PESAN_ULANG_JEDA_DETIK))
    assert kirim_tertunda.apply().get() == 1
    pesan.refresh_from_db()
    assert (pesan.status, pesan.percobaan, pesan.galat_terakhir) == (StatusPesan.TERKIRIM, 2, "")
    assert len(mail.outbox) == 1


def test_admin_melihat_kegagalan_dengan_galat_dan_penerima_tersamar(
    antri, smtp_mati, rantai_ulang, admin_client
):
    kirim_pesan.apply(args=[antri.pk])
    url = reverse("admin:antrian_pesankeluar_changelist")
    halaman = admin_client.get(url, {"status__exact": StatusPesan.GAGAL}).content.decode()
    assert "ConnectionRefusedError" in halaman
    assert antri.penerima not in halaman
    assert "w***@contoh.id" in halaman
    rinci = admin_client.get(reverse("admin:antrian_pesankeluar_change", args=[antri.pk]))
    assert rinci.status_code == 200 and antri.penerima not in rinci.content.decode()


def test_admin_kirim_ulang_mengirim_pesan_gagal_dan_bukan_yang_terkirim(
    unit,
    warga_lain,
    antri,
    smtp_mati,
    rantai_ulang,
    admin_client,
    settings,
    django_capture_on_commit_callbacks,
):
    kirim_pesan.apply(args=[antri.pk])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        buat_tiket(unit, pemohon=warga_lain)
    terkirim = PesanKeluar.objects.get(status=StatusPesan.TERKIRIM)
    assert len(mail.outbox) == 1
    jawaban = admin_client.post(
        reverse("admin:antrian_pesankeluar_changelist"),
        {"action": "kirim_ulang", "_selected_action": [antri.pk, terkirim.pk]},
    )
    assert jawaban.status_code == 302
    antri.refresh_from_db()
    assert antri.status == StatusPesan.TERKIRIM and antri.galat_terakhir == ""
    assert [m.to for m in mail.outbox] == [[warga_lain.email], [antri.penerima]]


def test_penyapuan_mengantrekan_pesan_lama_yang_tak_pernah_dicoba_saja(antri, unit, warga_lain, settings):
    from django.db import transaction

    with transaction.atomic():
        buat_tiket(unit, pemohon=warga_lain)  # written just now: its job may still be on its way
    PesanKeluar.objects.filter(pk=antri.pk).update(
        dibuat_pada=timezone.now() - dt.timedelta(seconds=settings.PESAN_SAPU_DETIK + 1)
    )
    assert kirim_tertunda.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[antri.penerima]]
    assert kirim_tertunda.apply().get() == 0
    assert len(mail.outbox) == 1
