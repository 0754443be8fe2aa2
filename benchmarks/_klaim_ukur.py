"""Measuring tools of benchmarks/claim_storm.py: where the CPU goes during a storm (this process, the
PostgreSQL backends) and the single-claimer diagnostic (ms and queries per claim)."""

from __future__ import annotations

import collections
import contextlib
import os
import threading
import time
from pathlib import Path

from benchmarks import _umum as u

# --- where the CPU goes --------------------------------------------------------------------------------


class CpuPostgres:
    """CPU seconds used by the PostgreSQL backends serving the benchmark's database, sampled from
    /proc every 0.2 s (a backend's last ticks before it exits may be missed). Runs in its own thread with
    its own connection, outside Django."""

    def __init__(self, nama_db: str) -> None:
        self.nama_db = nama_db
        self.terakhir: dict[int, float] = {}
        self.henti = threading.Event()
        self.benang = threading.Thread(target=self._jalan, daemon=True)

    def __enter__(self) -> CpuPostgres:
        self.benang.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.henti.set()
        self.benang.join(timeout=10)

    def _jalan(self) -> None:
        import psycopg

        with psycopg.connect(u.PG_ADMIN, autocommit=True) as conn:
            while True:
                pid = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.nama_db,)
                ).fetchall()
                for (p,) in pid:
                    with contextlib.suppress(OSError, ValueError, IndexError):  # the backend just exited
                        self.terakhir[p] = cpu_proses(p)
                if self.henti.wait(0.2):
                    return

    @property
    def detik(self) -> float:
        return sum(self.terakhir.values())


def cpu_proses(pid: int) -> float:
    """CPU seconds (user + system) of a process, from /proc/<pid>/stat."""
    isi = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    medan = isi[isi.rindex(")") + 2 :].split()
    return (int(medan[11]) + int(medan[12])) / os.sysconf("SC_CLK_TCK")


def cpu_sendiri() -> float:
    """CPU seconds of this process and of its reaped children (the worker processes of --proses N)."""
    import resource

    diri, anak = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return diri.ru_utime + diri.ru_stime + anak.ru_utime + anak.ru_stime


# --- the single-claimer diagnostic --------------------------------------------------------------------------


def diagnosa_satu_pengklaim(jumlah: int) -> list[str]:
    """One officer claims `jumlah` tikets one after another from another unit (nobody contending): ms per
    claim, and queries per claim — with a fresh Aktor per claim, as an API request builds one, and with a
    reused one, as the storm's threads do. Counted on a real autocommit connection, so what runs after
    the commit (the broadcast's position read) is counted too, and so are BEGIN and COMMIT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antrian import realtime
    from antrian.izin import Aktor
    from antrian.services.penugasan import tiket_klaim_berikutnya

    unit = u.buat_unit("klaim-satu", "klaim")
    [petugas] = u.buat_petugas_massal(unit, 1, awal=900, kapasitas=min(jumlah + 20, 32000))
    u.buat_tiket_massal(unit, jumlah + 10)
    realtime.tunggu_siaran(30)

    dipakai_ulang = Aktor.dari_pengguna(petugas.pengguna)
    tiket_klaim_berikutnya(aktor=dipakai_ulang, unit=unit)  # warm-up: imports, caches, prepared plans
    waktu: list[float] = []
    for _ in range(jumlah):
        t = time.perf_counter()
        tiket_klaim_berikutnya(aktor=dipakai_ulang, unit=unit)
        waktu.append((time.perf_counter() - t) * 1000)
    realtime.tunggu_siaran(30)

    def hitung(aktor_baru: bool) -> tuple[int, list[str]]:
        aktor = Aktor.dari_pengguna(petugas.pengguna) if aktor_baru else dipakai_ulang
        with CaptureQueriesContext(connection) as tangkap:
            tiket_klaim_berikutnya(aktor=aktor, unit=unit)
        realtime.tunggu_siaran(30)
        return len(tangkap.captured_queries), [q["sql"] for q in tangkap.captured_queries]

    n_baru, sql_baru = hitung(aktor_baru=True)
    n_ulang, _ = hitung(aktor_baru=False)
    jenis = collections.Counter(s.split(None, 1)[0].upper() for s in sql_baru)
    rata = sum(waktu) / len(waktu) if waktu else float("nan")
    return [
        f"single claimer ({jumlah} claims one after another, nobody contending): mean {rata:.1f} ms/claim, "
        f"p50 {u.persentil(waktu, 50):.1f}, p95 {u.persentil(waktu, 95):.1f}",
        f"queries per claim: {n_baru} with a fresh Aktor (as an API request), {n_ulang} with a reused one "
        f"(as the storm's threads); by kind (fresh): {dict(sorted(jenis.items()))}",
    ]
