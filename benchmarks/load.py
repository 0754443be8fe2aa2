# ruff: noqa: E501
"""Load: citizens filing and following tikets, officers working their queues and websocket listeners, at
once, against the production topology on loopback — two gunicorn processes (WSGI, plain HTTP; the client
spreads its requests over both, as a proxy would), uvicorn processes for /ws/ only, and a Celery worker — on
PostgreSQL (its own database `sigap_bench_beban`, created, migrated and dropped) and Redis (db 8, prefix
`sigap-beban`). Bounded in people, connections and time.

Prints and writes to benchmarks/RESULTS.md throughput, p50/p95/p99 per endpoint, errors by status, websocket
delivery latency from each event's commit, and the consistency check: every accepted submission in the
database exactly once (by its Idempotency-Key), every event delivered once to each listener whose scope it
is in (with `?sejak=` catch-up after a drop), each dashboard's last counters equal to the database's. Exits 1
when the check fails.

    .venv/bin/python benchmarks/load.py                         # 200 citizens, 50 officers, 1,000 listeners, 300 s
    .venv/bin/python benchmarks/load.py --detik 30              # a smoke run
    .venv/bin/python benchmarks/load.py --detik 20 --warga 20 --petugas 5 --dengar-petugas 30 --dengar-tiket 15 --dengar-dasbor 5 --tanpa-tulis
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import pickle
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _beban_server as srv
from benchmarks import _umum as u

NAMA_DB = "sigap_bench_beban"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--detik", type=float, default=300, help="seconds of load (default 300)")
    ap.add_argument("--warga", type=int, default=200, help="citizens filing and tracking (default 200)")
    ap.add_argument("--petugas", type=int, default=50, help="officers working the queues (default 50)")
    ap.add_argument(
        "--dengar-petugas",
        dest="dengar_petugas",
        type=int,
        default=600,
        help="officer listeners /ws/petugas/ (the working officers among them)",
    )
    ap.add_argument(
        "--dengar-tiket",
        dest="dengar_tiket",
        type=int,
        default=380,
        help="citizen listeners /ws/tiket/<nomor>/",
    )
    ap.add_argument(
        "--dengar-dasbor", dest="dengar_dasbor", type=int, default=20, help="manager listeners /ws/dasbor/"
    )
    ap.add_argument(
        "--unit", type=int, default=6, help="units (each with one service and one complaint category)"
    )
    ap.add_argument("--web", type=int, default=2, help="gunicorn processes (default 2)")
    ap.add_argument(
        "--web-pekerja", dest="web_pekerja", type=int, default=2, help="sync workers per gunicorn process"
    )
    ap.add_argument(
        "--ws", type=int, default=2, help="uvicorn processes serving /ws/ (compose: WS_WORKERS=2)"
    )
    ap.add_argument("--celery", type=int, default=2, help="Celery worker concurrency (compose: 2)")
    ap.add_argument(
        "--proses-dengar",
        dest="proses_dengar",
        type=int,
        default=2,
        help="client processes for the listeners",
    )
    ap.add_argument(
        "--jeda-warga",
        dest="jeda_warga",
        type=float,
        nargs=2,
        default=(3.0, 15.0),
        help="a citizen's think time, seconds (min max)",
    )
    ap.add_argument(
        "--jeda-petugas",
        dest="jeda_petugas",
        type=float,
        nargs=2,
        default=(1.0, 5.0),
        help="an officer's think time, seconds (min max)",
    )
    ap.add_argument(
        "--landai",
        type=float,
        default=None,
        help="ramp-up: people start within this many seconds (default min(20, detik/5))",
    )
    ap.add_argument(
        "--porsi-akun", dest="porsi_akun", type=float, default=0.5, help="share of citizens with an account"
    )
    ap.add_argument(
        "--porsi-ulang",
        dest="porsi_ulang",
        type=float,
        default=0.05,
        help="share of submissions sent twice with the same key",
    )
    ap.add_argument(
        "--tiris", type=float, default=10.0, help="seconds to drain after the load before checking"
    )
    ap.add_argument("--paralel", type=int, default=50, help="websocket handshakes at once")
    ap.add_argument(
        "--port-dasar",
        dest="port_dasar",
        type=int,
        default=srv.PORT_DASAR,
        help="first port (this benchmark: 18800-18899)",
    )
    ap.add_argument("--simpan", action="store_true", help="keep the database afterwards")
    ap.add_argument(
        "--tanpa-tulis", dest="tanpa_tulis", action="store_true", help="print only; leave RESULTS.md alone"
    )
    return ap


def _cpu_mesin() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    medan = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(medan[:8])
    return total - medan[3] - medan[4], total


def _cpu(topologi: srv.Topologi) -> dict[str, float]:
    hasil = {}
    for p in topologi.proses:
        try:
            hasil[p.nama] = u.cpu_pohon_detik(p.popen.pid)
        except (FileNotFoundError, ProcessLookupError):
            hasil[p.nama] = float("nan")
    return hasil


def _mulai_server(
    arg: argparse.Namespace, topologi: srv.Topologi, folder: Path
) -> tuple[list[int], list[int]]:
    env = srv.env_beban(NAMA_DB)
    port_web = [arg.port_dasar + 1 + i for i in range(arg.web)]
    port_ws = [arg.port_dasar + 11 + i for i in range(arg.ws)]
    for i, port in enumerate(port_web):
        komit = {"SIGAP_BENCH_KOMIT": str(folder / f"komit-web{i + 1}.txt")}
        topologi.mulai(f"web{i + 1}", srv.perintah_gunicorn(port, arg.web_pekerja), {**env, **komit}, port)
    for i, port in enumerate(port_ws):
        topologi.mulai(f"ws{i + 1}", srv.perintah_uvicorn(port), env, port)
    topologi.mulai("worker", srv.perintah_celery(arg.celery), env)
    topologi.tunggu_siap()
    return port_web, port_ws


def _jalankan(arg: argparse.Namespace, topologi: srv.Topologi, folder: Path) -> tuple[list[str], bool, str]:
    from django.db import connections

    from antrian import selectors
    from antrian.models import Tiket
    from benchmarks import _beban_data, _beban_dengar, _beban_klien, _beban_periksa

    rencana = _beban_data.siapkan(
        unit=arg.unit,
        petugas=arg.petugas,
        warga=arg.warga,
        porsi_akun=arg.porsi_akun,
        dengar=(arg.dengar_petugas, arg.dengar_tiket, arg.dengar_dasbor),
    )
    connections.close_all()
    port_web, port_ws = _mulai_server(arg, topologi, folder)
    print(
        f"[servers] gunicorn {port_web} ({arg.web_pekerja} workers each), uvicorn {port_ws}, Celery worker x{arg.celery}; rate limits raised: {srv.ringkas_batas()}",
        flush=True,
    )
    panas = srv.panaskan(port_web, rencana)
    time.sleep(2)  # the warm-up's broadcasts settle before the listeners' start position is read
    rencana.sejak = selectors.urutan_terakhir()
    rencana.tiket_id_awal = Tiket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    connections.close_all()
    print(f"[warm-up] {panas:.1f}s; stream position {rencana.sejak}", flush=True)

    ctx = mp.get_context("spawn")
    pendengar = _beban_dengar.buat_pendengar(rencana, port_ws)
    siap_q, henti = ctx.Queue(), ctx.Event()
    proses_dengar = []
    for i in range(arg.proses_dengar):
        bagian = pendengar[i :: arg.proses_dengar]
        keluar = str(folder / f"dengar-{i}.pickle")
        proses_dengar.append(
            (
                ctx.Process(
                    target=_beban_dengar.proses_dengar,
                    args=(bagian, arg.paralel, siap_q, henti, keluar),
                    daemon=True,
                ),
                keluar,
            )
        )
    for p, _k in proses_dengar:
        p.start()
    hidup = sum(siap_q.get(timeout=_beban_dengar.BATAS_SAMBUNG + 60)["hidup"] for _ in proses_dengar)
    rss_ws = sum(u.rss_kib(topologi.pid(f"ws{i + 1}")) for i in range(arg.ws))
    print(f"[listeners] {hidup}/{len(pendengar)} live; ws servers' RSS {rss_ws / 1024:.0f} MiB", flush=True)

    mulai = ctx.Event()
    keluar_aktor = str(folder / "aktor.pickle")
    aktor = ctx.Process(
        target=_beban_klien.proses_aktor, args=(rencana, arg, port_web, mulai, keluar_aktor), daemon=True
    )
    aktor.start()
    time.sleep(1.0)
    cpu0, mesin0, beban0 = _cpu(topologi), _cpu_mesin(), Path("/proc/loadavg").read_text().split()[:3]
    t0 = time.monotonic()
    mulai.set()
    print(f"[load] {arg.warga} citizens and {arg.petugas} officers for {arg.detik:g}s ...", flush=True)
    aktor.join(timeout=arg.detik + 180)
    jendela = time.monotonic() - t0
    cpu1, mesin1 = _cpu(topologi), _cpu_mesin()
    if aktor.is_alive():
        aktor.kill()
        raise RuntimeError("the client process did not finish within its time")
    time.sleep(arg.tiris)
    u_akhir = selectors.urutan_terakhir()
    henti.set()
    for p, _k in proses_dengar:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()
    mati = topologi.hidup()
    with open(keluar_aktor, "rb") as f:
        catatan = pickle.load(f)
    hasil_dengar = []
    for _p, keluar in proses_dengar:
        with open(keluar, "rb") as f:
            hasil_dengar.append(pickle.load(f))
    semua_dengar = [x for h in hasil_dengar for x in h["pendengar"]]

    # --- figures and the check ----------------------------------------------------------------------------
    komit = _beban_periksa.waktu_komit(folder)
    baris_http, galat = _beban_periksa.angka_http(catatan.permintaan, arg.detik)
    baris_aju, ok_aju = _beban_periksa.periksa_pengajuan(
        catatan.pengajuan, catatan.ulang, rencana.tiket_id_awal
    )
    baris_ws, ok_ws, lat = _beban_periksa.periksa_pendengar(semua_dengar, u_akhir, komit)
    sibuk = (mesin1[0] - mesin0[0]) / max(1, mesin1[1] - mesin0[1]) * 100
    cpu_teks = ", ".join(f"{n} {cpu1[n] - cpu0[n]:.0f}" for n in cpu0)
    lag = [x for h in hasil_dengar for x in h["lag_ms"]]
    baris = [
        *baris_http,
        *baris_aju,
        *baris_ws,
        f"CPU seconds over the {jendela:.0f} s of load: {cpu_teks}; clients: HTTP {catatan.cpu_detik:.0f}, listeners "
        f"{sum(h['cpu_detik'] for h in hasil_dengar):.0f} (to the end of the drain); the whole machine {sibuk:.0f} % busy "
        f"(2 cores; PostgreSQL and Redis are the rest); load average at start {' '.join(beban0)}, at end "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        f"client event-loop lag ms (is the client keeping up?): HTTP p99 {u.persentil(catatan.lag_ms, 99):.0f} max "
        f"{max(catatan.lag_ms, default=0):.0f}; listeners p99 {u.persentil(lag, 99):.0f} max {max(lag, default=0):.0f}",
    ]
    if mati:
        baris.append(f"server processes that EXITED during the run: {mati} (logs in {folder})")
    if catatan.contoh_galat:
        baris.append(f"first error answers: {catatan.contoh_galat[:6]}")
    ok = ok_aju and ok_ws and galat == 0 and not mati
    semua_lat = [x for v in lat.values() for x in v]
    muat = sum(len(x.muat_ulang) for x in semua_dengar)
    semua_ms = [x[2] for x in catatan.permintaan]
    beban_akhir = float(Path("/proc/loadavg").read_text().split()[0])
    makna = (
        f"{len(catatan.permintaan) / arg.detik:.0f} req/s answered (p50 {u.persentil(semua_ms, 50):.0f} ms, p99 "
        f"{u.persentil(semua_ms, 99):.0f} ms), {galat} errors (target 0); submissions "
        f"{'consistent' if ok_aju else 'NOT consistent'}; listeners {'consistent' if ok_ws else 'NOT consistent'}"
        f"{f' ({muat} reload requests: events published out of commit order by two web processes)' if muat else ''}; "
        f"websocket delivery p99 {u.persentil(semua_lat, 99):.0f} ms from the commit. "
        + ("RESULT: PASS." if ok else "RESULT: FAIL.")
        + (
            f" The machine was shared (load average {beban0[0]} at start, {beban_akhir:.1f} at end on 2 cores): "
            "the web tier got a fraction of a core, so latency here is queueing, not the portal's speed."
            if max(float(beban0[0]), beban_akhir) > 4
            else ""
        )
    )
    return baris, ok, makna


def main() -> None:
    arg = parser().parse_args()
    if arg.landai is None:
        arg.landai = min(20.0, arg.detik / 5)
    dengar = arg.dengar_petugas + arg.dengar_tiket + arg.dengar_dasbor
    lunak, _keras = srv.naikkan_batas_berkas(2 * dengar + 4 * (arg.warga + arg.petugas) + 1024)
    judul = f"Load: {arg.warga:,} citizens, {arg.petugas:,} officers, {dengar:,} listeners"
    srv.kosongkan_redis()
    u.siapkan_django(NAMA_DB, redis_url=srv.REDIS_URL, channel_prefix=srv.CHANNEL_PREFIX)
    folder = Path(tempfile.mkdtemp(prefix="sigap-beban-"))
    topologi = srv.Topologi(folder)
    mulai = time.monotonic()
    # The whole run is bounded: setup, connect, load, drain and check; past this everything is stopped.
    batas_total = int(2 * arg.detik + 1200)

    def habis(_sinyal: int, _bingkai: Any) -> None:
        raise TimeoutError(f"the run exceeded its {batas_total} s bound")

    signal.signal(signal.SIGALRM, habis)
    signal.alarm(batas_total)
    try:
        baris, ok, makna = _jalankan(arg, topologi, folder)
    finally:
        topologi.hentikan()
        if not arg.simpan:
            u.hapus_db(NAMA_DB)
        srv.kosongkan_redis()
    baris.append(
        f"RESULT: {'PASS' if ok else 'FAIL'} (0 errors and a clean consistency check); whole run {time.monotonic() - mulai:.0f} s; open-file limit {lunak}; logs in {folder}"
    )
    print("\n".join(baris), flush=True)
    if not arg.tanpa_tulis:
        isi = "\n".join(
            [
                f"- date: {u.sekarang()}; machine: {u.mesin()}; servers, PostgreSQL, Redis and the client processes share the same 2 cores",
                f"- parameters: {arg.warga} citizens ({arg.porsi_akun:.0%} with an account; POST /api/v1/keluhan/ and /api/v1/permohonan/ "
                f"with an Idempotency-Key, {arg.porsi_ulang:.0%} sent twice; then GET of the tiket's API detail or tracking page), "
                f"think {arg.jeda_warga[0]:g}-{arg.jeda_warga[1]:g} s; {arg.petugas} officers (queue list or /petugas/, claim, "
                f"mulai, tanggapan, selesaikan, sometimes the detail), think {arg.jeda_petugas[0]:g}-{arg.jeda_petugas[1]:g} s; "
                f"listeners: {arg.dengar_petugas} /ws/petugas/, {arg.dengar_tiket} /ws/tiket/<nomor>/ (half session, half guest token), "
                f"{arg.dengar_dasbor} /ws/dasbor/; {arg.unit} units; {arg.detik:g} s of load after a {arg.landai:g} s ramp inside it",
                f"- servers: {arg.web} gunicorn processes x {arg.web_pekerja} sync workers (the client alternates between them), "
                f"{arg.ws} uvicorn processes for /ws/ (no permessage-deflate), Celery worker concurrency {arg.celery}; PostgreSQL "
                f"database {NAMA_DB}, Redis db 8; rate limits raised through the environment for the run "
                f"({srv.ringkas_batas()}): every simulated person shares 127.0.0.1",
                f"- command: `{' '.join(['.venv/bin/python', 'benchmarks/load.py', *sys.argv[1:]])}`",
                "",
                "```",
                *baris,
                "```",
                "",
                f"Meaning: {makna}",
            ]
        )
        u.tulis_bagian(judul, isi)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
