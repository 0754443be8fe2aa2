"""A rejected tiket tells its citizen why (antrian.pesan): the reason and the officer's note, in the
portal's language, once; not for spam, and never for an anonymous tiket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail

from antrian import services
from antrian.models import AlasanTolak, JenisPesan, PesanKeluar, StatusPesan
from config.celery import app as celery_app
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager() -> Iterator[None]:
    lama = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = lama


def test_penolakan_mengirim_alasan_dan_catatan_petugas_sekali(
    unit, warga, petugas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tiket = buat_tiket(unit, pemohon=warga, judul="Izin usaha warung").tiket
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.tiket_tolak(
            tiket=tiket,
            aktor=aktor(petugas),
            alasan=AlasanTolak.TIDAK_LENGKAP,
            catatan="Surat keterangan domisili belum dilampirkan.",
        )

    pesan = PesanKeluar.objects.get(jenis=JenisPesan.DITOLAK)
    assert pesan.status == StatusPesan.TERKIRIM and pesan.penerima == warga.email
    assert len(mail.outbox) == 1
    surel = mail.outbox[0]
    assert tiket.nomor in surel.subject and "ditolak" in surel.subject.lower()
    assert "Tidak lengkap" in surel.body  # the reason's label, in the portal's language
    assert "Surat keterangan domisili belum dilampirkan." in surel.body
    assert "Izin usaha warung" in surel.body


def test_penolakan_sebagai_spam_tidak_mengirim_pesan(
    unit, warga, petugas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tiket = buat_tiket(unit, pemohon=warga).tiket
        services.tiket_tolak(tiket=tiket, aktor=aktor(petugas), alasan=AlasanTolak.SPAM, catatan="Iklan.")

    assert list(PesanKeluar.objects.values_list("jenis", flat=True)) == [JenisPesan.PENGAJUAN]
