# ruff: noqa: SIM105
"""Shared pieces of the benchmarks: their own PostgreSQL database and Redis db/prefix, Django setup, bulk
users/officers/tikets, real server processes, percentiles and the RESULTS.md sections.

Import this module before anything from Django: `siapkan_django(nama_db)` sets the environment first."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

AKAR = Path(__file__).resolve().parent.parent
HASIL = AKAR / "benchmarks" / "RESULTS.md"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/13"
CHANNEL_PREFIX = "sigap-bench"

if str(AKAR) not in sys.path:
    sys.path.insert(0, str(AKAR))


def url_db(nama_db: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{nama_db}"


def env_server(
    nama_db: str, *, redis_url: str = REDIS_URL, channel_prefix: str = CHANNEL_PREFIX
) -> dict[str, str]:
    """The environment of a benchmark's servers. A benchmark that may run while another one does passes
    its own Redis db and prefix, so neither hears the other's broadcasts (unit ids start at 1 in both)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url_db(nama_db),
        "REDIS_URL": redis_url,
        "CHANNEL_PREFIX": channel_prefix,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",  # DEBUG keeps every query in memory: it would distort RSS and speed
        "SECRET_KEY": "bench-" + "k" * 50,
    }


def _admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def buat_db(nama_db: str) -> None:
    _admin_sql(f'DROP DATABASE IF EXISTS "{nama_db}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{nama_db}"')


def hapus_db(nama_db: str) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:
        pass
    _admin_sql(f'DROP DATABASE IF EXISTS "{nama_db}" WITH (FORCE)')


def siapkan_django(
    nama_db: str, *, redis_url: str = REDIS_URL, channel_prefix: str = CHANNEL_PREFIX, buat: bool = True
) -> None:
    """Create the database, point Django at it, migrate (quietly). `buat=False`: only point Django at a
    database another process of the same benchmark created (a worker process)."""
    env = env_server(nama_db, redis_url=redis_url, channel_prefix=channel_prefix)
    os.environ.update({k: v for k, v in env.items() if k not in ("PYTHONUNBUFFERED",)})
    os.chdir(AKAR)
    if not buat:
        import django

        django.setup()
        return
    buat_db(nama_db)
    import django

    django.setup()
    from django.core.management import call_command

    mulai = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"[setup] database {nama_db} migrated in {time.monotonic() - mulai:.1f}s", flush=True)


# --- data -------------------------------------------------------------------------------------------------


def buat_unit(kode: str, strategi: str = "klaim") -> Any:
    from antrian.models import Unit

    return Unit.objects.create(kode=kode, nama=f"Unit {kode}", strategi_penugasan=strategi)


def _nip(n: int) -> str:
    hari = 1 + (n // 1998) % 28
    return f"198501{hari:02d}201001{1 + (n // 999) % 2}{n % 999 + 1:03d}"


def buat_petugas_massal(unit: Any, jumlah: int, *, awal: int, kapasitas: int) -> list[Any]:
    """Officers in bulk (no password hashing: an unusable password is enough for sessions and tokens)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from antrian.models import Keanggotaan, Peran, Petugas
    from portal.models import Pengguna

    sandi = make_password(None)
    with transaction.atomic():
        pengguna = Pengguna.objects.bulk_create(
            [
                Pengguna(username=f"bench{awal + i}", email=f"bench{awal + i}@contoh.id", password=sandi)
                for i in range(jumlah)
            ]
        )
        petugas = Petugas.objects.bulk_create(
            [Petugas(pengguna=p, nip=_nip(awal + i), kapasitas=kapasitas) for i, p in enumerate(pengguna)]
        )
        Keanggotaan.objects.bulk_create(
            [Keanggotaan(petugas=p, unit=unit, peran=Peran.PETUGAS) for p in petugas]
        )
    return list(Petugas.objects.filter(pk__in=[p.pk for p in petugas]).select_related("pengguna"))


def buat_tiket_massal(unit: Any, jumlah: int, *, per_batch: int = 250) -> list[str]:
    """Tikets in `diajukan` through the real service, one transaction per batch. Returns their numbers."""
    from django.db import transaction

    from antrian import services
    from antrian.izin import Aktor
    from antrian.models import JenisTiket

    nomor: list[str] = []
    aktor = Aktor()
    for awal in range(0, jumlah, per_batch):
        with transaction.atomic():
            for _ in range(min(per_batch, jumlah - awal)):
                baru = services.tiket_buat(
                    jenis=JenisTiket.KELUHAN,
                    unit=unit,
                    judul="Jalan berlubang",
                    aktor=aktor,
                    tenggat_hari=5,
                    kontak=services.Kontak(nama="Tamu", email="tamu@contoh.id"),
                )
                assert baru.tiket.nomor is not None  # numbered on insert
                nomor.append(baru.tiket.nomor)
    return nomor


def kuki_sesi_massal(pengguna: list[Any]) -> dict[int, str]:
    """Session cookies for many users with one bulk insert."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    toko = SessionStore()
    kadaluarsa = timezone.now() + dt.timedelta(days=1)
    baris, hasil = [], {}
    for p in pengguna:
        kunci = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(p.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: p.get_session_auth_hash(),
        }
        baris.append(Session(session_key=kunci, session_data=toko.encode(data), expire_date=kadaluarsa))
        hasil[p.pk] = f"{settings.SESSION_COOKIE_NAME}={kunci}"
    Session.objects.bulk_create(baris, batch_size=500)
    return hasil


# --- servers --------------------------------------------------------------------------------------------


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mulai_server(perintah: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as berkas:
        return subprocess.Popen(perintah, cwd=AKAR, env=env, stdout=berkas, stderr=subprocess.STDOUT)


def tunggu_menerima(port: int, proses: subprocess.Popen[bytes], log: Path, batas: float = 60.0) -> None:
    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        if proses.poll() is not None:
            raise RuntimeError(f"server on {port} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not accept connections within {batas}s")


def hentikan(proses: subprocess.Popen[bytes] | None) -> None:
    if proses is None or proses.poll() is not None:
        return
    proses.terminate()
    try:
        proses.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proses.kill()
        proses.wait(timeout=10)


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB (psutil is not installed)."""
    for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
        if baris.startswith("VmRSS:"):
            return int(baris.split()[1])
    return 0


def rss_pohon_kib(pid: int) -> int:
    """VmRSS of a process and its direct children (gunicorn master + workers)."""
    total = rss_kib(pid)
    anak = Path(f"/proc/{pid}/task/{pid}/children")
    if anak.exists():
        for c in anak.read_text().split():
            try:
                total += rss_kib(int(c))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return total


# --- figures --------------------------------------------------------------------------------------------


def persentil(nilai: list[float], p: float) -> float:
    if not nilai:
        return float("nan")
    urut = sorted(nilai)
    k = (len(urut) - 1) * p / 100
    bawah = int(k)
    atas = min(bawah + 1, len(urut) - 1)
    return urut[bawah] + (urut[atas] - urut[bawah]) * (k - bawah)


def mesin() -> str:
    return f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}"


def tulis_bagian(judul: str, isi: str) -> None:
    """Replace (or append) the section `## judul` of RESULTS.md. Runs of the same benchmark with other
    parameters use another `judul`."""
    teks = (
        HASIL.read_text()
        if HASIL.exists()
        else "# Benchmark results\n\nWritten by the scripts in benchmarks/.\n"
    )
    bagian = f"## {judul}\n\n{isi.strip()}\n"
    pola = re.compile(rf"^## {re.escape(judul)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pola.search(teks):
        teks = pola.sub(lambda _m: bagian + "\n", teks)
    else:
        teks = teks.rstrip("\n") + "\n\n" + bagian
    HASIL.write_text(teks.rstrip("\n") + "\n")


def sekarang() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def cpu_detik(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat."""
    isi = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    medan = isi[isi.rindex(")") + 2 :].split()
    return (int(medan[11]) + int(medan[12])) / os.sysconf("SC_CLK_TCK")


def cpu_layanan(nama: str) -> dict[int, float]:
    """CPU seconds so far of every process whose name is `nama` (``postgres``, ``redis-server``), by pid:
    the services a benchmark's requests cost besides the server's own CPU (backends, WAL writer, autovacuum).
    Take the difference with `selisih_cpu`: processes come and go (a backend per connection)."""
    hasil: dict[int, float] = {}
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            if (folder / "comm").read_text().strip() == nama:
                hasil[int(folder.name)] = cpu_detik(int(folder.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return hasil


def selisih_cpu(awal: dict[int, float], akhir: dict[int, float]) -> float:
    """CPU seconds used between two `cpu_layanan` readings: a process that started in between counts in
    full; one that ended in between is lost from both sides (its last readings are not available)."""
    return sum(cpu - awal.get(pid, 0.0) for pid, cpu in akhir.items())


def cpu_pohon_detik(pid: int) -> float:
    """CPU seconds of a process and its direct children (gunicorn master + workers)."""
    total = cpu_detik(pid)
    anak = Path(f"/proc/{pid}/task/{pid}/children")
    if anak.exists():
        for c in anak.read_text().split():
            try:
                total += cpu_detik(int(c))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return total
