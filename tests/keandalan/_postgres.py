"""A PostgreSQL cluster of a fault test's own, so restarting it never touches the shared server."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

from tests._topologi import port_bebas

BIN_PG = Path("/usr/lib/postgresql/15/bin")


class PostgresSendiri:
    """A PostgreSQL 15 cluster in a temporary folder, on a free loopback port, trust authentication.
    `salin_dari_uji()` copies the test database (schema and the rows the test made) into it."""

    NAMA_DB = "sigap"

    def __init__(self) -> None:
        self.port = port_bebas()
        self.folder = Path(tempfile.mkdtemp(prefix="sigap-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self._sebagai: list[str] = []
        if os.geteuid() == 0:
            # initdb and postgres refuse to run as root.
            shutil.chown(self.folder, "postgres", "postgres")
            self._sebagai = ["runuser", "-u", "postgres", "--"]
        self.berjalan = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.NAMA_DB}"

    def _jalankan(self, perintah: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(  # noqa: S603 - our own arguments
            [*self._sebagai, *perintah], check=True, capture_output=True, timeout=60, **kwargs
        )

    def siapkan(self) -> None:
        self._jalankan(
            [
                str(BIN_PG / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        )
        self.mulai()
        self._jalankan(
            [
                str(BIN_PG / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                f"CREATE DATABASE {self.NAMA_DB}",
            ]
        )

    def mulai(self) -> None:
        opsi = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        opsi += " -c synchronous_commit=off -c full_page_writes=off"
        self._jalankan(
            [str(BIN_PG / "pg_ctl"), "-D", str(self.data), "-o", opsi, "-l", str(self.log), "-w", "start"]
        )
        self.berjalan = True

    def hentikan(self, mode: str = "fast") -> None:
        self._jalankan([str(BIN_PG / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])
        self.berjalan = False

    def salin_dari_uji(self) -> None:
        """pg_dump of the test database (committed rows only: the test runs with transaction=True)."""
        db = settings.DATABASES["default"]
        env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
        dump = subprocess.run(  # noqa: S603
            [
                str(BIN_PG / "pg_dump"),
                "-h",
                db["HOST"] or "127.0.0.1",
                "-p",
                str(db["PORT"] or 5432),
                "-U",
                db["USER"],
                "--no-owner",
                "--no-privileges",
                db["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=60,
            env=env,
        ).stdout
        subprocess.run(  # noqa: S603
            [
                str(BIN_PG / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                self.NAMA_DB,
            ],
            input=dump,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def bersihkan(self) -> None:
        """Stop (immediately: nothing to keep) and delete the cluster; safe after any failure."""
        if self.berjalan:
            with contextlib.suppress(Exception):
                self.hentikan("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def isi_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""
