"""The production topology of docker/compose.yaml, started natively on loopback against the test database
and Redis: gunicorn (WSGI, plain HTTP), uvicorn (ASGI, websockets), a Celery worker and Celery beat. One
citizen's request goes through all of them: filed through Open311 on gunicorn, auto-assigned, seen live by
the officer connected to uvicorn, its notification delivered by the worker (to an SMTP sink), and, once
resolved and quiet long enough, closed by beat's periodic job on the worker, with a shortened interval.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import os
import sys
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from websockets.asyncio.client import connect

from antrian import selectors, services
from antrian.izin import Aktor
from antrian.models import Peristiwa, Status, StrategiPenugasan, Tiket
from antrian.models.pesan import JenisPesan, PesanKeluar, StatusPesan
from config.celery import app
from tests._topologi import BATAS_MULAI, PenampungSmtp, Topologi, port_bebas, siap
from tests.antrian.test_multiproses import _kuki_sesi, _url_database_uji
from tests.portal.open311_bantu import KUNCI, buat_aplikasi, buat_kategori

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BATAS_TIBA = 15.0
BATAS_TUTUP = 30.0
# Auto-close every 2 s; the other periodic jobs far beyond the test's length, so they do not interleave.
JADWAL = {
    "JADWAL_TUTUP_OTOMATIS_DETIK": "2",
    "JADWAL_ESKALASI_DETIK": "3600",
    "JADWAL_HANGATKAN_KINERJA_DETIK": "3600",
    "PESAN_SAPU_DETIK": "3600",
}


def _env(smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "JADWAL_", "WEB_CONCURRENCY"))}
    env.update(JADWAL)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _url_database_uji(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            # Their own channel names and job locks: nothing else on this Redis reaches them.
            "CHANNEL_PREFIX": f"sigap-topologi-{uuid.uuid4().hex[:8]}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _ajukan_open311(port: int, kode_kategori: str) -> tuple[int, Any]:
    data = urllib.parse.urlencode(
        {
            "api_key": KUNCI,
            "service_code": f"keluhan.{kode_kategori}",
            "address_string": "Jl. Melati 3, Tubei",
            "first_name": "Sari",
            "email": "sari@contoh.id",
            "description": "Jalan berlubang di depan pasar.",
        }
    ).encode()
    permintaan = urllib.request.Request(f"http://127.0.0.1:{port}/open311/v2/requests.json", data=data)
    with urllib.request.urlopen(permintaan, timeout=BATAS_TIBA) as jawaban:  # noqa: S310
        return int(jawaban.status), json.loads(jawaban.read())


async def _sampai(ws: Any, cocok: Any) -> dict[str, Any]:
    async with asyncio.timeout(BATAS_TIBA):
        while True:
            data = json.loads(await ws.recv())
            if cocok(data):
                return data


def _skenario_langsung(
    port_ws: int, port_web: int, kuki: str, kategori: str
) -> tuple[int, str, dict[str, Any]]:
    """File through gunicorn while connected to uvicorn; returns the status, the number and its live event."""
    sejak = selectors.urutan_terakhir()

    async def jalan() -> tuple[int, str, dict[str, Any]]:
        async with connect(
            f"ws://127.0.0.1:{port_ws}/ws/petugas/?sejak={sejak}",
            origin=f"http://127.0.0.1:{port_ws}",  # type: ignore[arg-type]
            additional_headers={"Cookie": kuki},
            open_timeout=BATAS_TIBA,
        ) as ws:
            await _sampai(ws, lambda d: d["tipe"] == "siap")
            status, isi = await asyncio.to_thread(_ajukan_open311, port_web, kategori)
            nomor = isi[0]["service_request_id"]
            # Events that came before the answer wait in the client's buffer: none is missed.
            data = await _sampai(
                ws,
                lambda d: (
                    d["tipe"] == "peristiwa" and d["nomor"] == nomor and d["status"] == Status.DITUGASKAN
                ),
            )
            return status, nomor, data

    return asyncio.run(jalan())


def test_topologi_produksi_menjalankan_pengajuan_open311_sampai_tutup_otomatis(unit, petugas, tmp_path):
    unit.strategi_penugasan = StrategiPenugasan.OTOMATIS
    unit.save(update_fields=["strategi_penugasan"])
    kategori = buat_kategori(unit)
    buat_aplikasi()
    kuki = _kuki_sesi(petugas.pengguna)
    app.control.purge()  # nothing left on the broker by earlier runs reaches this worker
    port_web, port_ws = port_bebas(), port_bebas()
    topologi = Topologi()
    with PenampungSmtp() as smtp:
        env = _env(smtp.port)
        py = sys.executable
        try:
            web = [py, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port_web}"]
            topologi.mulai("gunicorn", [*web, "--workers", "1", "--timeout", "60"], env, tmp_path)
            ws = [
                py,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port_ws),
            ]
            ws += ["--lifespan", "off", "--ws-per-message-deflate", "false", "--log-level", "warning"]
            topologi.mulai("uvicorn", ws, env, tmp_path)
            kerja = [py, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
            kerja += ["-n", f"topologi-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle"]
            worker = topologi.mulai("worker", kerja, env, tmp_path)
            jadwal = [py, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
            jadwal += ["--schedule", str(tmp_path / "celerybeat-schedule")]
            beat = topologi.mulai("beat", jadwal, env, tmp_path)
            topologi.tunggu(lambda: siap(port_web) and siap(port_ws), BATAS_MULAI, "/readyz tidak 200")
            topologi.tunggu(lambda: "ready." in worker.isi_log(), BATAS_MULAI, "worker tidak siap")

            # 1-4: filed on gunicorn, auto-assigned in the same request, seen live on uvicorn.
            status, nomor, data = _skenario_langsung(port_ws, port_web, kuki, kategori.kode)
            assert status == 201
            tiket = Tiket.objects.get(nomor=nomor)
            assert (tiket.status, tiket.petugas_id, tiket.unit_id) == (Status.DITUGASKAN, petugas.pk, unit.pk)
            assert (data["unit"], data["aksi"]) == (unit.pk, "tugaskan")

            # 5: the submission notice, sent by the worker through SMTP.
            topologi.tunggu(
                lambda: PesanKeluar.objects.filter(
                    tiket=tiket, jenis=JenisPesan.PENGAJUAN, status=StatusPesan.TERKIRIM
                ).exists(),
                BATAS_TIBA,
                "pemberitahuan pengajuan tidak terkirim",
            )
            topologi.tunggu(lambda: bool(smtp.diterima()), BATAS_TIBA, "tidak ada e-mail di SMTP")
            surat = email.message_from_string(smtp.diterima()[0], policy=email.policy.default)
            assert surat["To"] == "sari@contoh.id"
            badan = surat.get_body(preferencelist=("plain",))
            assert badan is not None and nomor in badan.get_content()

            # 6: resolved long ago with no word since: beat's next run has the worker close it.
            oleh = Aktor(pengguna=petugas.pengguna)
            services.tiket_mulai(tiket=tiket, aktor=oleh)
            services.tiket_selesaikan(tiket=tiket, aktor=oleh, catatan="Jalan sudah ditambal.")
            Tiket.objects.filter(pk=tiket.pk).update(diselesaikan_pada=timezone.now() - dt.timedelta(days=60))
            topologi.tunggu(
                lambda: Tiket.objects.get(pk=tiket.pk).status == Status.DITUTUP,
                BATAS_TUTUP,
                "tiket tidak ditutup otomatis",
            )
            tutup = Peristiwa.objects.get(tiket=tiket, aksi="tutup")
            assert tutup.aktor_id is None, "closed by the system, not by a person"
            assert "Sending due task tutup-otomatis" in beat.isi_log()
            assert "antrian.tasks.tutup_otomatis" in worker.isi_log()
        except BaseException:
            topologi.hentikan()
            print(topologi.semua_log())  # shown by pytest for a failed test only
            raise
        finally:
            topologi.hentikan()
