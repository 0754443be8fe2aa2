# ruff: noqa: E501
"""Page weight and server time of the main web pages with 100,000 tikets in the database (issue 4).

Loads the demo Tubei (units, officers, catalogue, categories, the demo logins) into a PostgreSQL database of
its own, adds officers and citizens, then bulk-inserts --tiket tikets (default 100,000) spread over the
units, services and complaint categories and over the lifecycle's states, each with its permohonan or
keluhan row, its event log and its replies — the shape the real services leave behind, written with
bulk inserts so it takes a minute or two, not hours.

Then, for each page, --permintaan requests (default 200, after 10 warm-up requests) through the Django test
client in this process — server time only: URL routing, middleware, view, queries, template, no network
and no HTTP parsing — with DEBUG off, the Redis cache and sessions in the database as in production:

- the citizen home `/`, the submission form `/layanan/<kode>/ajukan/` (rotating over every service) and
  the complaint form `/keluhan/baru/`, as a guest;
- the tracking page `/lacak/<nomor>/?token=` as a guest, rotating over 50 tikets in various states;
- the officer queue `/petugas/` as an officer of the busiest unit;
- the dashboard `/dasbor/` as the manager (every unit).

Page weight: the HTML gzip-compressed (level 6, what a reverse proxy typically does) plus every stylesheet,
script and image the page references, compressed as whitenoise serves them (its gzip, level 9; brotli is
not installed here), JavaScript counted separately. Assets a page loads only on demand (the map of the
complaint form) are listed apart and not in the total. Headers are not counted.

Targets (issue 4): < 150 KB compressed per page, JS < 50 KB, server p95 < 100 ms. The query count of one
request of each page is printed too. Writes the section "Pages (...)" of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/halaman.py [--tiket 100000] [--permintaan 200] [--simpan] [--pakai]

--simpan keeps the database afterwards; --pakai measures a database a previous --simpan run left (no load).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _umum as u
from benchmarks._data_halaman import BOBOT_STATUS, muat_data, ringkasan_data

NAMA_DB = "sigap_bench_halaman"
# Its own Redis db and prefix: nothing here listens for broadcasts, and nobody should hear these.
REDIS_URL = "redis://127.0.0.1:6379/7"
CHANNEL_PREFIX = "sigap-halaman-bench"
KB = 1024
TARGET_HALAMAN_KB = 150
TARGET_JS_KB = 50
TARGET_P95_MS = 100


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiket", type=int, default=100_000, help="tikets in the database")
    ap.add_argument("--permintaan", type=int, default=200, help="measured requests per page")
    ap.add_argument("--simpan", action="store_true", help="keep the database afterwards")
    ap.add_argument("--pakai", action="store_true", help="reuse the database a --simpan run left")
    ap.add_argument(
        "--tanpa-server", action="store_true", help="skip the second measurement through gunicorn over HTTP"
    )
    return ap


# --- measuring ----------------------------------------------------------------------------------------------


@dataclass
class Halaman:
    nama: str
    contoh: str  # the URL shown in the table
    url: list[str]  # rotated over
    pengguna: Any = None  # logged in as; None: a guest
    waktu_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # this process's CPU (Python: view, template, ...)
    db_ms: list[float] = field(default_factory=list)  # waiting on the database
    http_ms: list[float] = field(default_factory=list)  # through gunicorn, as the client sees it
    status: int = 0
    kueri: int = 0
    html: bytes = b""
    catatan: str = ""


def halaman_diukur() -> list[Halaman]:
    from antrian.models import Petugas, Tiket
    from layanan.models import JenisLayanan
    from portal.models import Pengguna

    layanan = list(JenisLayanan.objects.filter(aktif=True).order_by("kode").values_list("kode", flat=True))
    # Guests' tikets of the busiest unit in every state, with their (known) bench tokens.
    lacak: list[str] = []
    for status in BOBOT_STATUS:
        for pk, nomor in (
            Tiket.objects.filter(status=status, pemohon__isnull=True, unit__kode="disdukcapil")
            .order_by("-id")
            .values_list("pk", "nomor")[:7]
        ):
            lacak.append(f"/lacak/{nomor}/?token=lacak-{pk}")
    petugas = Petugas.objects.filter(pengguna__username="budi.dukcapil").select_related("pengguna").first()
    if petugas is None:
        petugas = (
            Petugas.objects.filter(keanggotaan__unit__kode="disdukcapil").select_related("pengguna").first()
        )
    manajer = Pengguna.objects.get(username="pimpinan")
    return [
        Halaman("Citizen home", "/", ["/"]),
        Halaman(
            "Submission form", f"/layanan/{layanan[0]}/ajukan/", [f"/layanan/{k}/ajukan/" for k in layanan]
        ),
        Halaman("Complaint form", "/keluhan/baru/", ["/keluhan/baru/"]),
        Halaman("Tracking page (guest)", "/lacak/<nomor>/?token=…", lacak),
        Halaman("Officer queue", "/petugas/", ["/petugas/"], pengguna=petugas.pengguna if petugas else None),
        Halaman("Dashboard (manager)", "/dasbor/", ["/dasbor/"], pengguna=manajer),
    ]


def ukur(h: Halaman, jumlah: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    klien = Client(HTTP_HOST="127.0.0.1")
    if h.pengguna is not None:
        klien.force_login(h.pengguna)
    for i in range(10):  # warm-up: template loading, connections, caches
        klien.get(h.url[i % len(h.url)], follow=True)
    with CaptureQueriesContext(connection) as kueri:
        respons = klien.get(h.url[0], follow=True)
    h.status = respons.status_code
    h.kueri = len(kueri)
    h.html = respons.content
    if respons.redirect_chain:
        h.catatan = f"follows {len(respons.redirect_chain)} redirect(s) to {respons.redirect_chain[-1][0]}"
    db = [0.0]

    def catat_db(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        awal = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db[0] += time.perf_counter() - awal

    with connection.execute_wrapper(catat_db):
        for i in range(jumlah):
            url = h.url[i % len(h.url)]
            db[0] = 0.0
            awal, awal_cpu = time.perf_counter(), time.thread_time()
            respons = klien.get(url, follow=True)
            h.waktu_ms.append((time.perf_counter() - awal) * 1000)
            h.cpu_ms.append((time.thread_time() - awal_cpu) * 1000)
            h.db_ms.append(db[0] * 1000)
            if respons.status_code != h.status:
                h.catatan = f"{url} answered {respons.status_code}"


def _ambil(port: int, url: str, kuki: str | None) -> tuple[int, float]:
    """GET over a new loopback connection (gunicorn's sync workers close each one), following same-site
    redirects; the time of the whole exchange as the client sees it."""
    import http.client

    awal = time.perf_counter()
    for _ in range(5):
        sambungan = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        kepala = {"Host": "127.0.0.1", "Accept-Encoding": "identity"}
        if kuki:
            kepala["Cookie"] = kuki
        sambungan.request("GET", url, headers=kepala)
        respons = sambungan.getresponse()
        respons.read()
        sambungan.close()
        lokasi = respons.getheader("Location")
        if respons.status in (301, 302, 303, 307, 308) and lokasi and lokasi.startswith("/"):
            url = lokasi
            continue
        break
    return respons.status, (time.perf_counter() - awal) * 1000


def ukur_server(halaman: list[Halaman], jumlah: int) -> None:
    """The same requests through gunicorn (the production WSGI server), one sync worker, one at a time."""
    port = u.port_bebas()
    log = Path(tempfile.mkdtemp(prefix="sigap-halaman-")) / "gunicorn.log"
    env = {
        **u.env_server(NAMA_DB, redis_url=REDIS_URL, channel_prefix=CHANNEL_PREFIX),
        "STATIC_MANIFEST": "0",
        "STATIC_FINDERS": "1",
        "MEDIA_ROOT": os.environ["MEDIA_ROOT"],
    }
    perintah = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    proses = u.mulai_server([*perintah, "--workers", "1", "--log-level", "warning"], log, env)
    try:
        u.tunggu_menerima(port, proses, log)
        kuki = u.kuki_sesi_massal([h.pengguna for h in halaman if h.pengguna is not None])
        for h in halaman:
            kue = kuki[h.pengguna.pk] if h.pengguna is not None else None
            for i in range(10):
                _ambil(port, h.url[i % len(h.url)], kue)
            for i in range(jumlah):
                status, ms = _ambil(port, h.url[i % len(h.url)], kue)
                h.http_ms.append(ms)
                if status != h.status:
                    h.catatan = f"through gunicorn {h.url[i % len(h.url)]} answered {status}"
            print(
                f"[{h.nama}] gunicorn p50 {u.persentil(h.http_ms, 50):.1f} ms p95 {u.persentil(h.http_ms, 95):.1f} ms",
                flush=True,
            )
    finally:
        u.hentikan(proses)


POLA_ASET = re.compile(r"""<(script|link|img)\b[^>]*?>""", re.I)
POLA_URL = re.compile(r"""(?:src|href)=["']([^"']+)["']""", re.I)
POLA_STATIK = re.compile(r"""["'(](/static/[^"')\s]+)""")


def _gz(data: bytes, level: int) -> int:
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def _berkas_statik(url: str) -> bytes | None:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    jalur = url.split("?")[0].removeprefix(settings.STATIC_URL)
    ditemukan = finders.find(jalur)
    if not ditemukan:
        return None
    return Path(ditemukan if isinstance(ditemukan, str) else ditemukan[0]).read_bytes()


def bobot(html: bytes) -> dict[str, Any]:
    """Compressed bytes of the HTML and of every asset it references (eager), and the lazily loaded ones."""
    teks = html.decode("utf-8", "replace")
    langsung: dict[str, str] = {}
    for cocok in POLA_ASET.finditer(teks):
        tag, isi = cocok.group(1).lower(), cocok.group(0)
        if tag == "link" and not re.search(r"""rel=["'](stylesheet|preload|modulepreload|icon)""", isi):
            continue
        if tag == "img" and re.search(r"""loading=["']lazy""", isi):
            continue
        alamat = POLA_URL.search(isi)
        if alamat and not alamat.group(1).startswith(("http:", "https:", "//", "data:")):
            langsung[alamat.group(1)] = "js" if alamat.group(1).split("?")[0].endswith(".js") else "lain"
    malas = sorted({m for m in POLA_STATIK.findall(teks) if m not in langsung})
    hasil: dict[str, Any] = {
        "html_mentah": len(html),
        "html_gz": _gz(html, 6),
        "js_gz": 0,
        "lain_gz": 0,
        "aset": [],
        "malas": [],
    }
    for url, jenis in langsung.items():
        data = _berkas_statik(url)
        if data is None:
            hasil["aset"].append((url, None))
            continue
        ukuran = _gz(data, 9)
        hasil["js_gz" if jenis == "js" else "lain_gz"] += ukuran
        hasil["aset"].append((url, ukuran))
    for url in malas:
        data = _berkas_statik(url)
        hasil["malas"].append((url, _gz(data, 9) if data is not None else None))
    hasil["total_gz"] = hasil["html_gz"] + hasil["js_gz"] + hasil["lain_gz"]
    return hasil


def kb(n: int | None) -> str:
    return "?" if n is None else f"{n / KB:.1f}"


def main() -> None:
    arg = parser().parse_args()

    # Static files straight from the apps' folders (no collectstatic manifest), as the browser tests do.
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ["STATIC_FINDERS"] = "1"
    # The demo's attachments go to a scratch folder, not the project's media/.
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sigap-halaman-")
    u.siapkan_django(NAMA_DB, redis_url=REDIS_URL, channel_prefix=CHANNEL_PREFIX, buat=not arg.pakai)
    data: dict[str, Any]
    try:
        if arg.pakai:
            data = ringkasan_data()
            print(f"[data] reusing {NAMA_DB}: {data['tiket']:,} tikets", flush=True)
        else:
            data = muat_data(arg.tiket)
        from django.core.cache import cache

        cache.clear()
        halaman = halaman_diukur()
        beban_awal = os.getloadavg()[0]
        for h in halaman:
            ukur(h, arg.permintaan)
            print(
                f"[{h.nama}] {h.status} p50 {u.persentil(h.waktu_ms, 50):.1f} ms p95 {u.persentil(h.waktu_ms, 95):.1f} ms, "
                f"{h.kueri} queries {h.catatan}",
                flush=True,
            )
        if not arg.tanpa_server:
            ukur_server(halaman, arg.permintaan)
        # The machine may be shared: its load during the run says how much the times can be trusted.
        data["beban"] = (beban_awal, os.getloadavg()[0])
        laporan(halaman, data, arg)
    finally:
        if not arg.simpan:
            u.hapus_db(NAMA_DB)


def laporan(halaman: list[Halaman], data: dict[str, Any], arg: argparse.Namespace) -> None:
    baris = [
        "| page | URL | status | server p50 | server p95 | CPU p50 | DB p50 | gunicorn p50 / p95 | queries | HTML raw / gz | CSS+other gz | JS gz | total gz | targets |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    catatan: list[str] = []
    for h in halaman:
        b = bobot(h.html)
        p50, p95 = u.persentil(h.waktu_ms, 50), u.persentil(h.waktu_ms, 95)
        http = (
            f"{u.persentil(h.http_ms, 50):.1f} / {u.persentil(h.http_ms, 95):.1f} ms"
            if h.http_ms
            else "not measured"
        )
        ada = h.status == 200
        lulus = (
            ada
            and b["total_gz"] < TARGET_HALAMAN_KB * KB
            and b["js_gz"] < TARGET_JS_KB * KB
            and p95 < TARGET_P95_MS
        )
        hasil = "met" if lulus else ("page missing" if not ada else "**missed**")
        baris.append(
            f"| {h.nama} | `{h.contoh}` | {h.status} | {p50:.1f} ms | {p95:.1f} ms | "
            f"{u.persentil(h.cpu_ms, 50):.1f} ms | {u.persentil(h.db_ms, 50):.1f} ms | {http} | {h.kueri} | "
            f"{kb(b['html_mentah'])} / {kb(b['html_gz'])} KB | {kb(b['lain_gz'])} KB | {kb(b['js_gz'])} KB | "
            f"**{kb(b['total_gz'])} KB** | {hasil} |"
        )
        print(f"[{h.nama}] assets: " + ", ".join(f"{a} {kb(n)} KB" for a, n in b["aset"]), flush=True)
        if b["malas"]:
            catatan.append(
                f"- {h.nama}: loaded on demand, not in the total: "
                + ", ".join(f"`{a}` {kb(n)} KB" for a, n in b["malas"])
            )
        if h.catatan:
            catatan.append(f"- {h.nama}: {h.catatan}")
    per_status = ", ".join(f"{s} {n:,}" for s, n in sorted(data["per_status"].items(), key=lambda x: -x[1]))
    isi = "\n".join(
        [
            f"{u.sekarang()}, {u.mesin()}; PostgreSQL with {data['tiket']:,} tikets over {data['unit']} units "
            f"({per_status}) and {data['peristiwa']:,} events. Load average (1 min) at the start and end of "
            f"the measurements: {data['beban'][0]:.1f} / {data['beban'][1]:.1f}.",
            "",
            f"Server time: the Django test client in the benchmark's process (routing, middleware, view, queries, "
            f"template; no network, no HTTP parsing), DEBUG off, Redis cache, database sessions; "
            f"{arg.permintaan} requests per page after 10 warm-up requests, the form rotating over every "
            f"service and the tracking page over {len(halaman[3].url)} guests' tikets in every state. Queries: "
            f"one request. CPU: this process's CPU time per request (Python: middleware, view, template); DB: "
            f"time spent waiting in database calls; the rest of the server time is waiting for a core or the Redis cache. "
            f"gunicorn: the same requests over HTTP on loopback to one gunicorn sync worker (production's WSGI "
            f"server; a new connection per request, sessions by cookie), as the client sees them. "
            f"Weight: HTML gzip level 6 + each referenced stylesheet/script/image as whitenoise "
            f"serves it (gzip level 9; no brotli installed), headers not counted. Targets: page < "
            f"{TARGET_HALAMAN_KB} KB, JS < {TARGET_JS_KB} KB, server p95 < {TARGET_P95_MS} ms.",
            "",
            *baris,
            "",
            *catatan,
        ]
    )
    print(isi)
    u.tulis_bagian("Pages: weight and server time", isi)


if __name__ == "__main__":
    main()
