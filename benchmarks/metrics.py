# ruff: noqa: E501
"""Performance-metrics figures at scale: the manager's overview, the per-officer table and an export, on a
PostgreSQL database with --tikets tikets of realistic history (default 1,000,000).

Loads the demo Tubei plus the history of `manage.py muat_demo --tikets N` (portal.demo.sejarah: a year of
tikets with their full event logs, metrics summary rows and SKM answers, written with COPY) into a database
of its own (`sigap_demo_bench`, kept afterwards so `--pakai` can measure it again without the ~15-minute
load), then VACUUM ANALYZE. Then, in this process with DEBUG off and the Redis cache (db 15), each item
gets 3 warm-up runs and --ulang measured runs (default 20), as the manager `pimpinan` over the last 90 days:

- (a) the per-unit overview for all units with its total (ikhtisar_unit), computed from the summary;
- (b) the per-officer table (kinerja_petugas) of the unit with the most tikets, computed;
- (t) the weekly trend (tren_mingguan), computed;
- (d) the whole page /dasbor/kinerja/ as managers get it: its default view kept current by
  `manage.py metrik_hangatkan` in the one-minute store (antrian/selectors/kinerja/simpan.py);
- (e) the same page computed on every request (store off);
- (c) the export of that unit over the 90 days: the per-officer table as CSV and the tikets behind it
  (tabel=tiket). Through the Django test client against `antrian:kinerja_ekspor` (/dasbor/kinerja/ekspor/)
  when that view exists, else straight through the selectors (kinerja_petugas, tiket_di_balik) and the csv
  module; the output says which.

Per item: p50 / p95 / max wall time, the number of queries (one run inside a transaction, where the
selectors' two-thread parallel reads run in this thread and are all seen), this process's tracemalloc peak (one extra run
with tracemalloc on, so it does not slow the timed runs) and ru_maxrss at the end. Target: p95 < 300 ms for
(a), (b) and (d). A missed target gets the EXPLAIN (ANALYZE, BUFFERS) of its slowest queries printed and
summarised. Writes the section "Metrics at N tikets" of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/metrics.py [--tikets 1000000] [--ulang 20] [--pakai] [--db sigap_demo_bench]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _umum as u
from benchmarks._metrik_laporan import PEMANASAN, Butir, laporan

NAMA_DB = "sigap_demo_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
CHANNEL_PREFIX = "sigap-demo-bench"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--tikets",
        type=int,
        default=1_000_000,
        help="history tikets to load (with --pakai: names the section)",
    )
    ap.add_argument("--ulang", type=int, default=20, help="measured runs per item (at least 20)")
    ap.add_argument("--pakai", action="store_true", help="measure the database a previous run loaded")
    ap.add_argument("--db", default=NAMA_DB, help="database name (must start with sigap_demo_)")
    ap.add_argument("--hapus", action="store_true", help="drop the database at the end")
    return ap


def butir_diukur() -> tuple[list[Butir], str, dict[str, Any]]:
    from django.db.models import Count
    from django.test import Client, override_settings
    from django.urls import NoReverseMatch, reverse

    from antrian.izin import Aktor
    from antrian.models import MetrikTiket, Unit
    from antrian.selectors.kinerja import (
        Rentang,
        Saringan,
        ikhtisar_unit,
        kinerja_petugas,
        tiket_di_balik,
        tren_mingguan,
    )
    from portal.models import Pengguna

    manajer = Pengguna.objects.get(username="pimpinan")
    rentang = Rentang.bawaan(90)
    terbesar = (
        MetrikTiket.objects.values("unit_awal_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    ).get("unit_awal_id")
    if terbesar is None:
        raise RuntimeError("the database has no tikets: load it first (run without --pakai)")
    unit = Unit.objects.get(pk=terbesar)
    info = {"unit": unit.kode, "dari": rentang.dari, "sampai": rentang.sampai}

    def ikhtisar() -> int:
        # A fresh Aktor each time, as each request builds one; computed, not read from the store.
        baris, _total = ikhtisar_unit(aktor=Aktor.dari_pengguna(manajer), rentang=rentang)
        return len(baris)

    def tren() -> int:
        return len(tren_mingguan(aktor=Aktor.dari_pengguna(manajer), rentang=rentang))

    def per_petugas() -> int:
        return len(kinerja_petugas(aktor=Aktor.dari_pengguna(manajer), rentang=rentang, unit_id=unit.pk))

    halaman = Client(SERVER_NAME="127.0.0.1")
    halaman.force_login(manajer)

    def buka_halaman() -> int:
        jawaban = halaman.get("/dasbor/kinerja/", {"unit_petugas": unit.pk})
        if jawaban.status_code != 200:
            raise RuntimeError(f"/dasbor/kinerja/ answered {jawaban.status_code}")
        return len(jawaban.content)

    def halaman_tersimpan() -> int:
        with override_settings(KINERJA_SIMPAN_DETIK=60):
            return buka_halaman()

    def halaman_dihitung() -> int:
        with override_settings(KINERJA_SIMPAN_DETIK=0):
            return buka_halaman()

    try:
        url = reverse("antrian:kinerja_ekspor")
    except NoReverseMatch:
        url = ""
    if url:
        klien = Client(SERVER_NAME="127.0.0.1")  # ALLOWED_HOSTS of the benchmark environment
        klien.force_login(manajer)
        cara = f"through the Django test client against `{url}` (antrian:kinerja_ekspor)"

        def ekspor() -> int:
            total = 0
            for tabel in ("petugas", "tiket"):
                jawaban = klien.get(
                    url,
                    {
                        "tabel": tabel,
                        "format": "csv",
                        "dari": rentang.dari.isoformat(),
                        "sampai": rentang.sampai.isoformat(),
                        "unit": unit.pk,
                        "ukuran": "masuk",
                    },
                )
                if jawaban.status_code != 200:
                    raise RuntimeError(f"{url} tabel={tabel} answered {jawaban.status_code}")
                isi = (
                    b"".join(getattr(jawaban, "streaming_content", []))
                    if jawaban.streaming
                    else jawaban.content
                )
                total += len(isi)
            return total

    else:
        cara = (
            "the export view `antrian:kinerja_ekspor` does not exist yet: measured straight through the "
            "selectors (kinerja_petugas, tiket_di_balik with ukuran=masuk) and the csv module"
        )

        def ekspor() -> int:
            a = Aktor.dari_pengguna(manajer)
            keluar = io.StringIO()
            tulis = csv.writer(keluar)
            tulis.writerow(["petugas", "selesai", "median_jam_kerja", "p90_jam_kerja", "tepat", "terbuka"])
            for b in kinerja_petugas(aktor=a, rentang=rentang, unit_id=unit.pk):
                tulis.writerow(
                    [
                        b.nama,
                        b.selesai,
                        b.selesai_kerja.median,
                        b.selesai_kerja.p90,
                        b.selesai_tepat,
                        b.terbuka,
                    ]
                )
            qs = tiket_di_balik(
                aktor=a, rentang=rentang, ukuran="masuk", saringan=Saringan(unit_ids=frozenset({unit.pk}))
            )
            tulis.writerow(["nomor", "jenis", "status", "diajukan_pada", "unit", "petugas", "tenggat"])
            for t in qs.iterator(chunk_size=2000):
                tulis.writerow(
                    [
                        t.nomor,
                        t.jenis,
                        t.status,
                        t.diajukan_pada.isoformat(),
                        t.unit.nama,
                        t.petugas.nama if t.petugas else "",
                        t.tenggat.isoformat() if t.tenggat else "",
                    ]
                )
            return len(keluar.getvalue().encode())

    butir = [
        Butir("a", "per-unit overview, all units + total (ikhtisar_unit), computed", ikhtisar, True),
        Butir("b", f"per-officer table (kinerja_petugas, {unit.kode}), computed", per_petugas, True),
        Butir("t", "weekly trend (tren_mingguan), computed", tren, False),
        Butir(
            "d",
            "the page /dasbor/kinerja/ as served: default view kept by `metrik_hangatkan` (store, at most 60 s old)",
            halaman_tersimpan,
            True,
        ),
        Butir(
            "e", "the same page computed on every request (KINERJA_SIMPAN_DETIK=0)", halaman_dihitung, False
        ),
        Butir("c", f"export {unit.kode}: officers CSV + its tikets (tabel=tiket)", ekspor, False, ulang=3),
    ]
    return butir, cara, info


def ukur(b: Butir, ulang: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    for _ in range(PEMANASAN if b.ulang is None else 1):
        b.jalankan()
    for _ in range(b.ulang or ulang):
        mulai = time.perf_counter()
        b.keluaran = b.jalankan()
        b.ms.append((time.perf_counter() - mulai) * 1000)
    # In one transaction the selectors run their parallel reads one after another on this connection
    # (antrian.metrik.statistik.serentak), so every query is captured, counted and can be explained.
    with transaction.atomic(), CaptureQueriesContext(connection) as kueri:
        b.jalankan()
    b.kueri = len(kueri.captured_queries)
    b.kueri_lambat = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in kueri.captured_queries), reverse=True
    )[:3]
    tracemalloc.start()
    b.jalankan()
    b.puncak_kib = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()


def muat(arg: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    mulai = time.monotonic()
    call_command("muat_demo", tikets=arg.tikets, stdout=sys.stdout, stderr=sys.stderr)
    print(f"[data] loaded in {time.monotonic() - mulai:.0f}s", flush=True)
    with connection.cursor() as kursor:
        kursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps: statistics, visibility map


def ringkasan_data() -> dict[str, Any]:
    from django.db.models import Count

    from antrian.models import MetrikTiket, Peristiwa, SurveiKepuasan, Tiket

    per_status = dict(Tiket.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "tiket": sum(per_status.values()),
        "per_status": per_status,
        "peristiwa": Peristiwa.objects.count(),
        "metrik": MetrikTiket.objects.count(),
        "survei": SurveiKepuasan.objects.count(),
    }


def main() -> None:
    arg = parser().parse_args()
    if not arg.db.startswith("sigap_demo_"):
        sys.exit("--db must start with sigap_demo_")
    arg.ulang = max(arg.ulang, 20)
    # Static files straight from the apps (no collectstatic manifest), as halaman.py does.
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ["STATIC_FINDERS"] = "1"
    u.siapkan_django(arg.db, redis_url=REDIS_URL, channel_prefix=CHANNEL_PREFIX, buat=not arg.pakai)
    try:
        if not arg.pakai:
            muat(arg)
        from django.core.cache import cache

        cache.clear()
        data = ringkasan_data()
        print(f"[data] {arg.db}: {data['tiket']:,} tikets, {data['peristiwa']:,} events", flush=True)
        butir, cara, info = butir_diukur()
        from django.core.management import call_command
        from django.test import override_settings

        with override_settings(KINERJA_SIMPAN_DETIK=60):
            mulai = time.perf_counter()
            call_command("metrik_hangatkan", stdout=io.StringIO())
            data["hangat_s"] = time.perf_counter() - mulai
        print(f"[hangat] metrik_hangatkan took {data['hangat_s']:.1f} s", flush=True)
        beban_awal = os.getloadavg()[0]
        for b in butir:
            ukur(b, arg.ulang)
            print(
                f"[{b.kode}] p50 {u.persentil(b.ms, 50):.1f} ms p95 {u.persentil(b.ms, 95):.1f} ms "
                f"max {max(b.ms):.1f} ms, {b.kueri} queries, tracemalloc peak {b.puncak_kib:,.0f} KiB",
                flush=True,
            )
        data["beban"] = (beban_awal, os.getloadavg()[0])
        laporan(butir, cara, info, data, arg)
    finally:
        if arg.hapus:
            u.hapus_db(arg.db)


if __name__ == "__main__":
    main()
