"""A Celery worker killed (SIGKILL) in the middle of sending a citizen's e-mail (issue 7 item 7).

The SMTP sink stalls when the worker sends DATA, so the job is caught mid-send: the message row is leased
to that attempt (antrian.pesan.kirim), the broker's copy of the job is unacknowledged (acks_late). The
worker is killed there and the sink lets go; the half-sent message is not delivered (no 250 was ever
answered). A new worker, with its beat, must send it — once: the sweep queues again a message whose
attempt died holding its lease, and the lease keeps any other attempt off it until then.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import threading

import pytest
from django.utils import timezone

from antrian.models.pesan import PesanKeluar, StatusPesan
from antrian.pesan.kirim import kunci_pesan
from tests.keandalan._proses import bunuh, lingkungan, panggil, tunggu
from tests.portal.open311_bantu import buat_kategori

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BATAS = 30.0


def _sapuan(log: str) -> int:
    """Sweeps the worker finished, from its log."""
    return sum(1 for baris in log.splitlines() if "kirim_tertunda[" in baris and " succeeded " in baris)


def test_pekerja_dibunuh_saat_mengirim_warga_tetap_menerima_tepat_satu_email(unit, tmp_path):
    buat_kategori(unit)
    macet, lepas = threading.Event(), threading.Event()

    def tahan_data() -> None:
        # Only the first delivery stalls: the one the killed worker was making.
        if not macet.is_set():
            macet.set()
            lepas.wait(timeout=BATAS * 2)

    with lingkungan(tmp_path, jumlah_web=1, tahan_data=tahan_data, PESAN_SAPU_DETIK="2") as env:
        try:
            isian = {
                "kategori": "jalan-rusak",
                "judul": "Lampu jalan mati",
                "isi": "Sudah seminggu gelap.",
                "kontak_nama": "Sari",
                "kontak_email": "sari@contoh.id",
            }
            j = panggil(
                "POST", env.url(0, "/api/v1/keluhan/"), data=isian, kepala={"Idempotency-Key": "pekerja-1"}
            )
            assert j.status == 201, j
            pesan = PesanKeluar.objects.get(tiket__nomor=j.isi["nomor"])

            assert macet.wait(timeout=BATAS), "the worker never reached the SMTP DATA step"
            bunuh(env.pekerja[0])
            lepas.set()
            pesan.refresh_from_db()
            assert (pesan.status, pesan.percobaan) == (StatusPesan.ANTRI, 1), "killed mid-send: no outcome"
            assert pesan.sewa_sampai is not None and pesan.sewa_sampai > timezone.now()
            assert env.smtp.diterima() == [], "a message without the server's 250 is not delivered"

            # The lease (at least 60 s in production) runs out: shortened here rather than waited for.
            PesanKeluar.objects.filter(pk=pesan.pk).update(
                sewa_sampai=timezone.now() - dt.timedelta(seconds=1)
            )
            env.tambah_pekerja("pekerja-baru", beat=True)
            tunggu(
                lambda: PesanKeluar.objects.get(pk=pesan.pk).status == StatusPesan.TERKIRIM,
                BATAS,
                "pesan tidak dikirim ulang",
                env.topologi,
            )
            # Two more sweeps: nothing is sent a second time.
            baru = env.pekerja[-1]
            sapuan = _sapuan(baru.isi_log())
            tunggu(
                lambda: _sapuan(baru.isi_log()) >= sapuan + 2, BATAS, "penyapuan tidak berjalan", env.topologi
            )
            surat = [email.message_from_string(s, policy=email.policy.default) for s in env.smtp.diterima()]
            assert [(s["To"], s["X-SIGAP-Pesan"]) for s in surat] == [("sari@contoh.id", kunci_pesan(pesan))]
            pesan.refresh_from_db()
            assert (pesan.percobaan, pesan.sewa_sampai) == (2, None)
        finally:
            lepas.set()
