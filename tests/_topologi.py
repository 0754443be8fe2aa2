"""Helpers of tests/test_topologi.py: the production processes started natively on loopback, and an SMTP
sink the worker delivers the citizens' e-mail to.

The sink speaks just enough SMTP (RFC 5321 without extensions) for Django's SMTP backend: a greeting,
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Every message received is kept whole for the test to read.
"""

from __future__ import annotations

import socket
import socketserver
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

BATAS_MULAI = 60.0


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proses:
    """One started process and the file its output goes to."""

    nama: str
    popen: subprocess.Popen[bytes]
    log: Path
    # Stopped on purpose by a fault test (tests/keandalan/): its exit is not a failure of the topology.
    boleh_berhenti: bool = False

    def isi_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Topologi:
    """The processes of one test, stopped together whatever happened."""

    proses: list[Proses] = field(default_factory=list)

    def mulai(self, nama: str, perintah: list[str], env: dict[str, str], folder: Path) -> Proses:
        log = folder / f"{nama}.log"
        with log.open("wb") as berkas:
            # A process group of its own: a fault test kills the whole group (`celery worker -B` runs beat
            # in a child that would outlive its parent's SIGKILL).
            popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                perintah,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=berkas,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        p = Proses(nama, popen, log)
        self.proses.append(p)
        return p

    def semua_log(self) -> str:
        return "\n".join(
            f"===== {p.nama} (kode keluar {p.popen.poll()}) =====\n{p.isi_log()}" for p in self.proses
        )

    def periksa_hidup(self) -> None:
        """Raise with every log as soon as one process has exited: waiting longer would only time out."""
        for p in self.proses:
            if p.popen.poll() is not None and not p.boleh_berhenti:
                raise AssertionError(f"proses {p.nama} berhenti")

    def tunggu(self, syarat: Callable[[], bool], batas: float, pesan: str) -> None:
        akhir = time.monotonic() + batas
        while not syarat():
            self.periksa_hidup()
            if time.monotonic() > akhir:
                raise AssertionError(f"{pesan} dalam {batas:.0f} s")
            time.sleep(0.2)

    def hentikan(self) -> None:
        """Terminate all at once (each gets SIGTERM: a graceful stop), then wait; kill what hangs."""
        for p in self.proses:
            if p.popen.poll() is None:
                p.popen.terminate()
        for p in self.proses:
            try:
                p.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.popen.kill()
                p.popen.wait(timeout=10)


def siap(port: int) -> bool:
    """/readyz answers 200: the process serves, and reaches the database and Redis."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as jawaban:
            return int(jawaban.status) == 200
    except (OSError, urllib.error.HTTPError):
        return False


class _Sesi(socketserver.StreamRequestHandler):
    server: _Server

    def _tulis(self, baris: str) -> None:
        self.wfile.write(f"{baris}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        self._tulis("220 sink.uji ESMTP")
        while baris := self.rfile.readline():
            perintah = baris.decode("ascii", errors="replace").strip().upper()
            if perintah.startswith(("EHLO", "HELO")):
                self._tulis("250 sink.uji")
            elif perintah == "DATA":
                if self.server.tahan_data is not None:
                    self.server.tahan_data()  # a stalled server (tests/keandalan/test_pekerja_mati.py)
                self._tulis("354 akhiri dengan <CRLF>.<CRLF>")
                isi: list[bytes] = []
                while (baris := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    isi.append(baris[1:] if baris.startswith(b"..") else baris)
                if not baris:
                    return  # the client went away mid-message: nothing was delivered
                with self.server.kunci:
                    self.server.pesan.append(b"".join(isi))
                self._tulis("250 diterima")
            elif perintah == "QUIT":
                self._tulis("221 sampai jumpa")
                return
            elif perintah.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._tulis("250 ok")
            else:
                self._tulis("502 tidak didukung")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tahan_data: Callable[[], None] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Sesi)
        self.pesan: list[bytes] = []
        self.kunci = threading.Lock()
        self.tahan_data = tahan_data


class PenampungSmtp:
    """An SMTP server on a free loopback port, in a thread of the test process. `tahan_data` is called when
    a client sends DATA, before the server answers it: a test makes the server stall there."""

    def __init__(self, tahan_data: Callable[[], None] | None = None) -> None:
        self._server = _Server(tahan_data)
        self.port = int(self._server.server_address[1])
        self._utas = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PenampungSmtp:
        self._utas.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def diterima(self) -> list[str]:
        with self._server.kunci:
            return [p.decode("utf-8", errors="replace") for p in self._server.pesan]
