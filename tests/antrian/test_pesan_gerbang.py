"""The HTTP gateway channel (SMS/WhatsApp) against a real HTTP server on 127.0.0.1: success, a failure
retried with exponential backoff, a timeout, and a gateway that never recovers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from celery.signals import task_retry

from antrian.models import PesanKeluar, SaluranPesan, StatusPesan
from antrian.pesan.kirim import Hasil, kunci_pesan
from antrian.pesan.saluran import GagalKirim, GerbangHttp
from antrian.pesan.tugas import kirim_pesan
from config.celery import app as celery_app
from tests.antrian.factories import PenggunaFactory, buat_tiket

pytestmark = pytest.mark.django_db

TELEPON = "081234567890"
TOKEN = "token-gerbang-uji"
BATAS_DETIK = 0.5


@dataclass
class Gerbang:
    """What the stub answers, in order (an int: that status; "lambat": no answer within the timeout; the
    last entry repeats), and what it was sent."""

    jawaban: list[int | str] = field(default_factory=lambda: [200])
    diterima: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def gerbang() -> Iterator[Gerbang]:
    keadaan = Gerbang()
    kunci = threading.Lock()

    class Penangan(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            badan = self.rfile.read(int(self.headers["Content-Length"]))
            with kunci:
                ke = len(keadaan.diterima)
                keadaan.diterima.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(badan)}
                )
                jawab = keadaan.jawaban[min(ke, len(keadaan.jawaban) - 1)]
            if jawab == "lambat":
                time.sleep(BATAS_DETIK * 3)
                jawab = 200
            try:
                self.send_response(int(jawab))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting ("lambat"): that is the point

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Penangan)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    keadaan.url = f"http://127.0.0.1:{server.server_address[1]}/kirim"
    yield keadaan
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def rantai_ulang() -> Iterator[None]:
    """Jobs run in-process with their retries chained as a worker runs them (without the countdown)."""
    lama = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = lama


@pytest.fixture
def jeda_ulang() -> Iterator[list[float]]:
    """The countdowns Celery schedules the retries with."""
    jeda: list[float] = []

    def catat(sender: Any = None, reason: Any = None, **kwargs: Any) -> None:
        jeda.append(reason.when)

    task_retry.connect(catat, weak=False)
    yield jeda
    task_retry.disconnect(catat)


@pytest.fixture
def sms(gerbang: Gerbang, unit, settings, django_capture_on_commit_callbacks) -> PesanKeluar:  # type: ignore[no-untyped-def]
    """A submission's SMS, written but not sent yet."""
    settings.PESAN_SALURAN = {
        "sms": {
            "KELAS": "antrian.pesan.saluran.GerbangHttp",
            "URL": gerbang.url,
            "TOKEN": TOKEN,
            "BATAS_DETIK": BATAS_DETIK,
        }
    }
    warga = PenggunaFactory(telepon=TELEPON)
    with django_capture_on_commit_callbacks(execute=False):
        buat_tiket(unit, pemohon=warga)
    return PesanKeluar.objects.get(saluran=SaluranPesan.SMS)


def test_gerbang_menerima_json_dengan_token_bearer(gerbang, sms):
    assert kirim_pesan.apply(args=[sms.pk]).get() == Hasil.TERKIRIM
    (permintaan,) = gerbang.diterima
    assert permintaan["path"] == "/kirim"
    assert permintaan["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert permintaan["headers"]["Content-Type"] == "application/json"
    assert permintaan["json"] == {
        "saluran": "sms",
        "tujuan": TELEPON,
        "pesan": sms.isi,
        "id": kunci_pesan(sms),
    }
    assert permintaan["headers"]["Idempotency-Key"] == kunci_pesan(sms)
    sms.refresh_from_db()
    assert (sms.status, sms.percobaan) == (StatusPesan.TERKIRIM, 1)


def test_gerbang_500_lalu_berhasil_dicoba_ulang_setelah_jeda(gerbang, sms, jeda_ulang, settings):
    gerbang.jawaban = [500, 200]
    assert kirim_pesan.apply(args=[sms.pk]).get() == Hasil.TERKIRIM
    assert len(gerbang.diterima) == 2
    # The same idempotency key both times: a gateway that got the first one can drop the repeat.
    assert {p["json"]["id"] for p in gerbang.diterima} == {kunci_pesan(sms)}
    assert jeda_ulang == [settings.PESAN_ULANG_JEDA_DETIK]
    sms.refresh_from_db()
    assert (sms.status, sms.percobaan, sms.galat_terakhir) == (StatusPesan.TERKIRIM, 2, "")


def test_gerbang_yang_tak_pulih_dicoba_dengan_jeda_berlipat_lalu_gagal(gerbang, sms, jeda_ulang, settings):
    gerbang.jawaban = [503]
    assert kirim_pesan.apply(args=[sms.pk]).get() == Hasil.GAGAL
    assert len(gerbang.diterima) == 7
    dasar = settings.PESAN_ULANG_JEDA_DETIK
    assert jeda_ulang == [dasar, 2 * dasar, 4 * dasar, 8 * dasar, 16 * dasar, 32 * dasar]
    sms.refresh_from_db()
    assert (sms.status, sms.percobaan) == (StatusPesan.GAGAL, 7)
    assert "HTTP 503" in sms.galat_terakhir
    assert TELEPON not in sms.galat_terakhir


def test_gerbang_yang_tidak_menjawab_tepat_waktu_dianggap_gagal_lalu_dicoba_lagi(gerbang, sms, jeda_ulang):
    gerbang.jawaban = ["lambat", 200]
    mulai = time.monotonic()
    assert kirim_pesan.apply(args=[sms.pk]).get() == Hasil.TERKIRIM
    assert time.monotonic() - mulai < BATAS_DETIK * 3
    assert len(jeda_ulang) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.percobaan) == (StatusPesan.TERKIRIM, 2)


def test_gerbang_lambat_langsung_melempar_gagal_kirim_dengan_alasan(gerbang):
    gerbang.jawaban = ["lambat"]
    saluran = GerbangHttp("whatsapp", {"URL": gerbang.url, "TOKEN": TOKEN, "BATAS_DETIK": BATAS_DETIK})
    with pytest.raises(GagalKirim, match="whatsapp unreachable"):
        saluran.kirim(penerima=TELEPON, subjek="s", isi="i", kunci="k")
