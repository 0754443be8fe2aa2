# ruff: noqa: E501
"""The officer's queue and a tiket's detail with a million tikets in the database: p95 under 50 ms (issue 7).

Measures an EXISTING database (default `sigap_demo_bench`, loaded by `benchmarks/metrics.py` /
`manage.py muat_demo --tikets 1000000`) and writes to it only through requests (the officer's login, which
stores a session and a token). The officer is one of the demo officers (password `sigap-demo-2026`) of the
unit with the most tikets; the tiket is that unit's newest. Five requests — the queue through the API
(`/api/v1/antrian/` as is: the open tikets, the page's default too; and with `?status=semua`, the unit's
whole history in queue order, a comparison line without a target) and as the page (`/petugas/`), the detail through the API (`/api/v1/tiket/<nomor>/`) and
as the page (`/petugas/tiket/<nomor>/`) — are timed twice:

- in-process with Django's test client (routing, middleware, view, queries, template: server time without
  network or HTTP parsing; DEBUG off), with the query count of one request;
- through a running gunicorn (2 sync workers, the product's settings) from one client, one request at a
  time, over loopback (end to end: HTTP parsing, WSGI, response transfer).

    .venv/bin/python benchmarks/antrian_1m.py [--db-ada sigap_demo_bench] [--permintaan 200] [--tanpa-tulis]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _beban_server as srv
from benchmarks import _umum as u

PORT = srv.PORT_DASAR + 31
TARGET_MS = 50.0


def _pilih(pengguna: str | None) -> dict[str, Any]:
    """The unit with the most tikets, a demo officer of it who can log in, and the unit's newest tiket."""
    from django.db.models import Count

    from antrian.models import Keanggotaan, Tiket, Unit

    if pengguna:
        anggota = (
            Keanggotaan.objects.select_related("petugas__pengguna", "unit")
            .filter(petugas__pengguna__username=pengguna)
            .first()
        )
        if anggota is None:
            raise SystemExit(f"{pengguna} is not an officer of any unit in this database")
        unit = anggota.unit
    else:
        terbesar = Tiket.objects.values("unit_id").annotate(n=Count("id")).order_by("-n").first()
        if terbesar is None:
            raise SystemExit("this database has no tikets")
        unit = Unit.objects.get(pk=terbesar["unit_id"])
        anggota = (
            Keanggotaan.objects.select_related("petugas__pengguna")
            .filter(unit=unit, peran="petugas")
            .exclude(petugas__pengguna__password__startswith="!")  # unusable: no login possible
            .order_by("id")
            .first()
        )
        if anggota is None:
            raise SystemExit(f"no officer of {unit.kode} can log in (demo officers have the demo password)")
    tiket = Tiket.objects.filter(unit=unit).order_by("-id").values_list("nomor", flat=True).first()
    return {
        "unit": unit.kode,
        "tiket_unit": Tiket.objects.filter(unit=unit).count(),
        "tiket_semua": Tiket.objects.count(),
        "pengguna": anggota.petugas.pengguna.username,
        "nomor": tiket,
    }


def _http(
    port: int, metode: str, jalur: str, kepala: dict[str, str], badan: bytes | None = None
) -> tuple[int, dict[str, list[str]], bytes]:
    sambungan = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sambungan.request(metode, jalur, body=badan, headers=kepala)
        r = sambungan.getresponse()
        kepala_r: dict[str, list[str]] = {}
        for k, v in r.getheaders():
            kepala_r.setdefault(k.lower(), []).append(v)
        return r.status, kepala_r, r.read()
    finally:
        sambungan.close()


def _kuki(kepala: dict[str, list[str]], nama: str) -> str | None:
    for baris in kepala.get("set-cookie", []):
        cocok = re.match(rf"\s*{nama}=([^;]*)", baris)
        if cocok:
            return cocok.group(1)
    return None


def _masuk(port: int, pengguna: str, sandi: str) -> tuple[str, str]:
    """Log in through requests, as the officer would: the login page (session cookie) and the API token.
    Cookies are carried by hand: with DEBUG off they are Secure, and this is plain HTTP on loopback."""
    from django.conf import settings

    status, kepala, isi = _http(port, "GET", "/masuk/", {})
    csrf = _kuki(kepala, settings.CSRF_COOKIE_NAME) or ""
    cocok = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', isi)
    if status != 200 or cocok is None:
        raise SystemExit(f"login page answered {status}")
    badan = f"username={pengguna}&password={sandi}&csrfmiddlewaretoken={cocok.group(1).decode()}".encode()
    kepala_minta = {
        "Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    status, kepala, _isi = _http(port, "POST", "/masuk/", kepala_minta, badan)
    sesi = _kuki(kepala, settings.SESSION_COOKIE_NAME)
    if status != 302 or not sesi:
        raise SystemExit(f"login as {pengguna} failed ({status})")
    status, _kepala, isi = _http(
        port,
        "POST",
        "/api/v1/akun/token/",
        {"Content-Type": "application/json"},
        json.dumps({"username": pengguna, "password": sandi}).encode(),
    )
    if status != 200:
        raise SystemExit(f"token for {pengguna} failed ({status})")
    return sesi, json.loads(isi)["token"]


def _ringkas(nama: str, ms: list[float], extra: str = "", *, target: bool = True) -> tuple[str, float]:
    p = u.persentil
    p95 = p(ms, 95)
    tanda = ("ok" if p95 < TARGET_MS else "OVER") if target else "cmp"
    return (
        f"  {nama:<40} n={len(ms):<4} p50 {p(ms, 50):6.1f}  p95 {p95:6.1f}  p99 {p(ms, 99):6.1f}  max {max(ms):6.1f} ms  {tanda}{extra}",
        p95,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--db-ada", dest="db_ada", default="sigap_demo_bench", help="the existing database to measure"
    )
    ap.add_argument("--permintaan", type=int, default=200, help="measured requests per endpoint and mode")
    ap.add_argument("--pemanasan", type=int, default=20, help="warm-up requests per endpoint and mode")
    ap.add_argument(
        "--batas-detik",
        dest="batas_detik",
        type=float,
        default=60,
        help="at most this many seconds per endpoint and mode (warm-up and measurement each)",
    )
    ap.add_argument("--pengguna", help="the officer's username (default: a demo officer of the biggest unit)")
    ap.add_argument("--sandi", default="sigap-demo-2026", help="the officer's password (the demo's)")
    ap.add_argument(
        "--tanpa-tulis", dest="tanpa_tulis", action="store_true", help="print only; leave RESULTS.md alone"
    )
    arg = ap.parse_args()

    import os

    # As the server runs (benchmarks/_beban_server.env_beban): static files from the apps, no manifest.
    os.environ.update({"STATIC_MANIFEST": "0", "STATIC_FINDERS": "1"})
    u.siapkan_django(arg.db_ada, redis_url=srv.REDIS_URL, channel_prefix=srv.CHANNEL_PREFIX, buat=False)
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client

    pilihan = _pilih(arg.pengguna)
    print(f"[setup] {pilihan}", flush=True)
    connections.close_all()
    folder = Path(tempfile.mkdtemp(prefix="sigap-antrian1m-"))
    topologi = srv.Topologi(folder)
    beban0 = Path("/proc/loadavg").read_text().split()[:3]
    try:
        topologi.mulai(
            "web",
            srv.perintah_gunicorn(PORT, 2, komit=False, daur_ulang=False),
            srv.env_beban(arg.db_ada),
            PORT,
        )
        topologi.tunggu_siap()
        sesi, token = _masuk(PORT, pilihan["pengguna"], arg.sandi)
        nomor = pilihan["nomor"]
        # (name, path, client, held to the target): the whole history is a comparison line only.
        titik = [
            ("GET /api/v1/antrian/", "/api/v1/antrian/", "api", True),
            ("GET /api/v1/antrian/?status=semua", "/api/v1/antrian/?status=semua", "api", False),
            ("GET /petugas/ (page)", "/petugas/", "sesi", True),
            ("GET /api/v1/tiket/<nomor>/", f"/api/v1/tiket/{nomor}/", "api", True),
            ("GET /petugas/tiket/<nomor>/ (page)", f"/petugas/tiket/{nomor}/", "sesi", True),
        ]
        kepala = {
            "api": {"Authorization": f"Token {token}"},
            "sesi": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sesi}"},
        }
        baris_proses, baris_server, p95_semua, p95_banding = [], [], [], []
        klien_api = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
        klien_sesi = Client(SERVER_NAME="127.0.0.1")
        klien_sesi.cookies[settings.SESSION_COOKIE_NAME] = sesi
        for nama, jalur, jenis, target in titik:
            p95_ke = p95_semua if target else p95_banding
            klien = klien_api if jenis == "api" else klien_sesi
            akhir = time.monotonic() + arg.batas_detik
            for _ in range(arg.pemanasan):
                r = klien.get(jalur)
                if r.status_code != 200:
                    raise SystemExit(f"{jalur} answered {r.status_code} in-process")
                if time.monotonic() > akhir:
                    break
            hitung: list[str] = []

            def catat(
                jalankan: Any, sql: str, params: Any, many: bool, konteks: Any, hitung: list[str] = hitung
            ) -> Any:
                hitung.append(sql)
                return jalankan(sql, params, many, konteks)

            with connection.execute_wrapper(catat):
                klien.get(jalur)
            ms = []
            akhir = time.monotonic() + arg.batas_detik
            for _ in range(arg.permintaan):
                m = time.perf_counter()
                klien.get(jalur)
                ms.append((time.perf_counter() - m) * 1000)
                if time.monotonic() > akhir:
                    break  # bounded: a slow endpoint is measured on fewer requests (n is printed)
            teks, p95 = _ringkas(nama, ms, f"  ({len(hitung)} queries)", target=target)
            baris_proses.append(teks)
            p95_ke.append(p95)
            akhir = time.monotonic() + arg.batas_detik
            for _ in range(arg.pemanasan):
                _http(PORT, "GET", jalur, kepala[jenis])
                if time.monotonic() > akhir:
                    break
            ms = []
            akhir = time.monotonic() + arg.batas_detik
            for _ in range(arg.permintaan):
                m = time.perf_counter()
                status, _k, _isi = _http(PORT, "GET", jalur, kepala[jenis])
                ms.append((time.perf_counter() - m) * 1000)
                if status != 200:
                    raise SystemExit(f"{jalur} answered {status} from the server")
                if time.monotonic() > akhir:
                    break
            teks, p95 = _ringkas(nama, ms, target=target)
            baris_server.append(teks)
            p95_ke.append(p95)
            print(baris_proses[-1] + "\n" + baris_server[-1], flush=True)
    finally:
        topologi.hentikan()
        connections.close_all()
    lulus = all(p < TARGET_MS for p in p95_semua)
    baris = [
        f"database {arg.db_ada}: {pilihan['tiket_semua']:,} tikets; unit {pilihan['unit']} (the biggest) {pilihan['tiket_unit']:,}; "
        f"officer {pilihan['pengguna']}; tiket {pilihan['nomor']} (the unit's newest)",
        f"in-process (Django test client: server time without network; {arg.permintaan} requests each after {arg.pemanasan} warm-up):",
        *baris_proses,
        f"through gunicorn (2 sync workers) on loopback, one request at a time ({arg.permintaan} each after {arg.pemanasan} warm-up):",
        *baris_server,
        f"load average at start {' '.join(beban0)}, at end {' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        f"RESULT: {'PASS' if lulus else 'FAIL'} (p95 < {TARGET_MS:.0f} ms for every line marked ok/OVER, both ways; "
        "cmp: the whole history, a comparison line without a target)",
    ]
    print("\n".join(baris))
    if not arg.tanpa_tulis:
        isi = "\n".join(
            [
                f"- date: {u.sekarang()}; machine: {u.mesin()}; PostgreSQL, Redis, the server and the client on the same 2 cores",
                f"- an existing database ({arg.db_ada}) read through requests only (the officer logged in through the login page "
                "and the token API); Redis db 8 for the cache and sessions; the product's settings, DEBUG off",
                f"- command: `{' '.join(['.venv/bin/python', 'benchmarks/antrian_1m.py', *sys.argv[1:]])}`",
                "",
                "```",
                *baris,
                "```",
                "",
                f"Meaning: with {pilihan['tiket_semua']:,} tikets in the database, the officer's queue and a tiket's detail, as API "
                f"and as pages, answer at p95 {min(p95_semua):.0f}–{max(p95_semua):.0f} ms — the target (p95 < {TARGET_MS:.0f} ms) is "
                + ("met." if lulus else "NOT met for the lines marked OVER.")
                + " The unit's whole history in queue order (`?status=semua`, a comparison line without a target) "
                f"answers at p95 {min(p95_banding):.0f}–{max(p95_banding):.0f} ms.",
            ]
        )
        u.tulis_bagian("Load: queue and detail at 1,000,000 tikets", isi)
    sys.exit(0 if lulus else 1)


if __name__ == "__main__":
    main()
