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
import datetime as dt
import gzip
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _umum as u

NAMA_DB = "sigap_bench_halaman"
# Its own Redis db and prefix: nothing here listens for broadcasts, and nobody should hear these.
REDIS_URL = "redis://127.0.0.1:6379/7"
CHANNEL_PREFIX = "sigap-halaman-bench"
BENIH = 2026
KB = 1024
TARGET_HALAMAN_KB = 150
TARGET_JS_KB = 50
TARGET_P95_MS = 100

# Share of tikets per unit (demo unit codes): the civil registry carries most of a regency's requests.
BOBOT_UNIT = {"disdukcapil": 45, "dpmptsp": 18, "dinsos": 14, "pupr": 12, "dinkes": 8, "inspektorat": 3}
# Share per state over a year of tikets: most are long closed; about a tenth are open.
BOBOT_STATUS = {
    "diajukan": 3.0,
    "ditugaskan": 2.0,
    "diproses": 3.0,
    "menunggu_warga": 1.5,
    "selesai": 3.0,
    "ditutup": 80.0,
    "ditolak": 5.0,
    "dibatalkan": 2.5,
}
STATUS_TERBUKA = {"diajukan", "ditugaskan", "diproses", "menunggu_warga"}
JUDUL_KELUHAN = [
    "Jalan berlubang di depan sekolah",
    "Lampu penerangan jalan mati",
    "Antrean pelayanan terlalu lama",
    "Saluran air tersumbat saat hujan",
    "Petugas meminta biaya tidak resmi",
    "Bantuan sosial belum diterima",
    "Sampah menumpuk di pasar",
    "Puskesmas kehabisan obat",
]
ISI_KELUHAN = (
    "Sudah lebih dari dua minggu kondisi ini tidak ada perbaikan. Warga sekitar kesulitan beraktivitas, "
    "terutama pada malam hari dan saat hujan. Mohon segera ditindaklanjuti oleh dinas terkait. Terima kasih."
)
CATATAN_SELESAI = "Permohonan telah selesai diproses. Dokumen dapat diambil di kantor atau diunduh."


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


# --- data ---------------------------------------------------------------------------------------------------


def _acak_waktu(acak: random.Random, sekarang: dt.datetime, status: str) -> dt.datetime:
    """Open tikets are recent; closed ones spread over the year."""
    if status in STATUS_TERBUKA:
        hari = acak.uniform(0, 30)
    elif status == "selesai":
        hari = acak.uniform(2, 20)
    else:
        hari = acak.uniform(5, 365)
    return sekarang - dt.timedelta(days=hari)


def muat_data(jumlah: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from antrian.models import Keanggotaan, Peristiwa, Tanggapan, Tiket, Unit
    from antrian.services._umum import hash_token
    from keluhan.models import KategoriKeluhan, Keluhan
    from layanan.models import JenisLayanan, Permohonan
    from portal.demo.muat import muat_demo
    from portal.models import Pengguna

    mulai = time.monotonic()
    muat_demo()
    unit = {x.kode: x for x in Unit.objects.all()}
    # More officers: 8 per unit besides the demo ones, as a regency's units have.
    for i, x in enumerate(unit.values()):
        u.buat_petugas_massal(x, 8, awal=1000 + i * 10, kapasitas=25)
    sandi = make_password(None)
    warga = Pengguna.objects.bulk_create(
        [Pengguna(username=f"warga{i}", email=f"warga{i}@contoh.id", password=sandi) for i in range(3000)]
    )
    petugas_unit: dict[int, list[tuple[int, int]]] = {}
    for k in Keanggotaan.objects.select_related("petugas"):
        petugas_unit.setdefault(k.unit_id, []).append((k.petugas_id, k.petugas.pengguna_id))
    layanan_unit: dict[int, list[JenisLayanan]] = {}
    for lay in JenisLayanan.objects.filter(aktif=True):
        layanan_unit.setdefault(lay.unit_id, []).append(lay)
    kategori_unit: dict[int, list[KategoriKeluhan]] = {}
    kategori_semua = list(KategoriKeluhan.objects.filter(aktif=True))
    for kat in kategori_semua:
        kategori_unit.setdefault(kat.unit_default_id, []).append(kat)
    print(f"[data] demo Tubei + officers + citizens in {time.monotonic() - mulai:.1f}s", flush=True)

    acak = random.Random(BENIH)
    sekarang = timezone.now()
    kode_unit = [k for k in BOBOT_UNIT if k in unit]
    bobot_unit = [BOBOT_UNIT[k] for k in kode_unit]
    daftar_status = list(BOBOT_STATUS)
    bobot_status = list(BOBOT_STATUS.values())

    with connection.cursor() as kursor:
        # Stream positions are handed out at commit by a per-row trigger (migration 0005); for a bulk load
        # they are set to the id afterwards instead, the same order the trigger would give one writer.
        kursor.execute("ALTER TABLE antrian_peristiwa DISABLE TRIGGER antrian_peristiwa_urutan")
    per_batch = 5000
    dibuat = 0
    mulai = time.monotonic()
    while dibuat < jumlah:
        n = min(per_batch, jumlah - dibuat)
        with connection.cursor() as kursor:
            kursor.execute("SELECT nextval('antrian_tiket_id_seq') FROM generate_series(1, %s)", [n])
            ids = [baris[0] for baris in kursor.fetchall()]
        tiket: list[Tiket] = []
        permohonan: list[Permohonan] = []
        keluhan: list[Keluhan] = []
        peristiwa: list[Peristiwa] = []
        tanggapan: list[Tanggapan] = []
        for pk in ids:
            x = unit[acak.choices(kode_unit, bobot_unit)[0]]
            status = acak.choices(daftar_status, bobot_status)[0]
            layanan = layanan_unit.get(x.pk)
            jenis = "permohonan" if layanan and acak.random() < 0.65 else "keluhan"
            diajukan = _acak_waktu(acak, sekarang, status)
            jangka = layanan[0].jangka_waktu_hari if jenis == "permohonan" and layanan else 5
            # Calendar days for working days (weekends): the tenggat the calendar would give, roughly.
            tenggat = diajukan + dt.timedelta(days=jangka * 1.4 + 0.5)
            tamu = acak.random() < 0.5
            pemohon = None if tamu else acak.choice(warga)
            anonim = jenis == "keluhan" and tamu and acak.random() < 0.2
            petugas_id, petugas_pengguna = acak.choice(petugas_unit[x.pk])
            ditangani = status not in {"diajukan", "dibatalkan"} and not (
                status == "ditolak" and acak.random() < 0.5
            )
            t = Tiket(
                id=pk,
                jenis=jenis,
                judul=(
                    layanan[pk % len(layanan)].nama
                    if jenis == "permohonan" and layanan
                    else acak.choice(JUDUL_KELUHAN)
                ),
                unit=x,
                status=status,
                prioritas=acak.choices([1, 2, 3, 4], [10, 80, 8, 2])[0],
                pemohon=pemohon,
                kontak_nama="" if (pemohon or anonim) else "Warga Tamu",
                kontak_email="" if (pemohon or anonim) else f"tamu{pk}@contoh.id",
                anonim=anonim,
                identitas_rahasia=anonim,
                token_lacak_hash=hash_token(f"lacak-{pk}"),
                petugas_id=petugas_id if ditangani else None,
                diajukan_pada=diajukan,
                ditugaskan_pada=diajukan + dt.timedelta(hours=3) if ditangani else None,
                respons_pertama_pada=diajukan + dt.timedelta(hours=5) if ditangani else None,
                diselesaikan_pada=diajukan + dt.timedelta(days=jangka)
                if status in {"selesai", "ditutup"}
                else None,
                ditutup_pada=diajukan + dt.timedelta(days=jangka + 10)
                if status in {"ditutup", "ditolak", "dibatalkan"}
                else None,
                jeda_sejak=diajukan + dt.timedelta(days=1) if status == "menunggu_warga" else None,
                tenggat=tenggat,
                tenggat_respons=diajukan + dt.timedelta(days=1.4),
                tenggat_penugasan=diajukan + dt.timedelta(days=4.2) if jenis == "keluhan" else None,
                alasan_tolak=acak.choice(["bukan_wewenang", "tidak_lengkap", "duplikat", "spam"])
                if status == "ditolak"
                else "",
            )
            lokal = timezone.localtime(diajukan)
            t.nomor = f"{'LYN' if jenis == 'permohonan' else 'ADU'}-{lokal:%y%m}-{pk:05d}"
            if status == "selesai":
                # Some were resolved today: the dashboard's "resolved today" is not always zero.
                t.diselesaikan_pada = sekarang - dt.timedelta(hours=acak.uniform(0, 240))
            tiket.append(t)
            if jenis == "permohonan" and layanan:
                permohonan.append(
                    Permohonan(tiket_id=pk, layanan=layanan[pk % len(layanan)], jawaban={"keterangan": "-"})
                )
            else:
                kat = acak.choice(kategori_unit.get(x.pk) or kategori_semua)
                keluhan.append(
                    Keluhan(
                        tiket_id=pk,
                        kategori=kat,
                        judul=t.judul,
                        isi=ISI_KELUHAN,
                        alamat="Jl. Merdeka No. 1, Tubei",
                        anonim=anonim,
                        rahasia=anonim,
                    )
                )
            peristiwa.extend(_log(t, x.pk, petugas_id, petugas_pengguna, pemohon.pk if pemohon else None))
            if status in {"selesai", "ditutup"}:
                tanggapan.append(
                    Tanggapan(
                        tiket_id=pk,
                        penulis_id=petugas_pengguna,
                        dari_petugas=True,
                        isi=CATATAN_SELESAI,
                        dibuat_pada=t.diselesaikan_pada or sekarang,
                    )
                )
        with transaction.atomic():
            Tiket.objects.bulk_create(tiket, batch_size=1000)
            Permohonan.objects.bulk_create(permohonan, batch_size=1000)
            Keluhan.objects.bulk_create(keluhan, batch_size=1000)
            Peristiwa.objects.bulk_create(peristiwa, batch_size=2000)
            Tanggapan.objects.bulk_create(tanggapan, batch_size=2000)
        dibuat += n
        if dibuat % 20000 == 0 or dibuat == jumlah:
            print(f"[data] {dibuat:,} tikets ({time.monotonic() - mulai:.0f}s)", flush=True)
    with connection.cursor() as kursor:
        kursor.execute("UPDATE antrian_peristiwa SET urutan = id WHERE urutan IS NULL")
        kursor.execute(
            "SELECT setval('antrian_peristiwa_urutan_seq', (SELECT max(urutan) FROM antrian_peristiwa) + 1, false)"
        )
        kursor.execute("ALTER TABLE antrian_peristiwa ENABLE TRIGGER antrian_peristiwa_urutan")
        kursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps: visibility map set
    print(f"[data] loaded in {time.monotonic() - mulai:.0f}s", flush=True)
    return ringkasan_data()


def _log(t: Any, unit_id: int, petugas_id: int, petugas_pengguna: int, pemohon_id: int | None) -> list[Any]:
    """The events the services would have written for a tiket that reached its state."""
    from antrian.models import Peristiwa

    def ev(
        jenis: str,
        aksi: str,
        dari: str,
        ke: str,
        waktu: dt.datetime,
        *,
        aktor: int | None,
        petugas: int | None = None,
        catatan: str = "",
    ) -> Peristiwa:
        return Peristiwa(
            tiket_id=t.pk,
            jenis=jenis,
            aksi=aksi,
            dari_status=dari,
            ke_status=ke,
            aktor_id=aktor,
            petugas_id=petugas,
            unit_id=unit_id,
            dibuat_pada=waktu,
            catatan=catatan,
            data={},
        )

    s = t.status
    hasil = [ev("pengajuan", "ajukan", "", "diajukan", t.diajukan_pada, aktor=pemohon_id)]
    if s == "dibatalkan":
        hasil.append(ev("transisi", "batalkan", "diajukan", "dibatalkan", t.ditutup_pada, aktor=pemohon_id))
        return hasil
    if t.petugas_id is None:
        if s == "ditolak":
            hasil.append(
                ev(
                    "transisi",
                    "tolak",
                    "diajukan",
                    "ditolak",
                    t.ditutup_pada,
                    aktor=petugas_pengguna,
                    petugas=petugas_id,
                    catatan="Bukan kewenangan unit ini.",
                )
            )
        return hasil
    hasil.append(
        ev(
            "penugasan",
            "ambil",
            "diajukan",
            "ditugaskan",
            t.ditugaskan_pada,
            aktor=petugas_pengguna,
            petugas=petugas_id,
        )
    )
    if s == "ditugaskan":
        return hasil
    hasil.append(
        ev(
            "transisi",
            "mulai",
            "ditugaskan",
            "diproses",
            t.respons_pertama_pada,
            aktor=petugas_pengguna,
            petugas=petugas_id,
        )
    )
    if s == "menunggu_warga":
        hasil.append(
            ev(
                "transisi",
                "minta_kelengkapan",
                "diproses",
                "menunggu_warga",
                t.jeda_sejak,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan="Mohon unggah pindaian KK yang terbaca.",
            )
        )
    elif s == "ditolak":
        hasil.append(
            ev(
                "transisi",
                "tolak",
                "diproses",
                "ditolak",
                t.ditutup_pada,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan="Persyaratan tidak lengkap.",
            )
        )
    elif s in {"selesai", "ditutup"}:
        hasil.append(
            ev(
                "transisi",
                "selesaikan",
                "diproses",
                "selesai",
                t.diselesaikan_pada,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan=CATATAN_SELESAI,
            )
        )
        if s == "ditutup":
            hasil.append(ev("transisi", "tutup", "selesai", "ditutup", t.ditutup_pada, aktor=None))
    return hasil


def ringkasan_data() -> dict[str, Any]:
    from django.db.models import Count

    from antrian.models import Peristiwa, Tiket

    per_status = dict(Tiket.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "tiket": sum(per_status.values()),
        "per_status": per_status,
        "peristiwa": Peristiwa.objects.count(),
        "unit": Tiket.objects.values("unit").distinct().count(),
    }


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
