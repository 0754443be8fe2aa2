"""PostgreSQL restarted under load (issue 7 item 7), on a cluster of the test's own.

The test database (schema and the rows the test made) is copied into a fresh cluster; two uvicorn
processes serve from it with persistent connections (DB_CONN_MAX_AGE) and health checks. While requests
keep coming — API submissions and reads, HTML pages — the cluster is stopped (every connection
terminated), left down, and started again. While it is down every request is answered 503 with a message
(the house JSON error for the API, an HTML page for pages; never a 500, a stack trace or no answer), and
afterwards both processes serve again without being restarted: HTTP requests and websocket streams (whose
consumers read the event log through their own database connections).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from rest_framework.authtoken.models import Token

from antrian import selectors
from tests.antrian.factories import buat_tiket
from tests.antrian.test_multiproses import _kuki_sesi
from tests.keandalan._klien import KlienAliran, LoopLatar, tunggu_klien
from tests.keandalan._postgres import PostgresSendiri
from tests.keandalan._proses import Jawaban, lingkungan, panggil, tunggu
from tests.portal.open311_bantu import buat_kategori

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LAMA_MATI = 4.0
BATAS = 30.0


@pytest.fixture
def postgres_sendiri() -> Iterator[PostgresSendiri]:
    pg = PostgresSendiri()
    try:
        pg.siapkan()
        yield pg
    finally:
        pg.bersihkan()


def _permintaan(
    env: Any, ke: int, i: int, kepala: dict[str, str], halaman: tuple[str, str]
) -> tuple[str, Jawaban]:
    """One of the load's requests, in turn: a submission, an API read, a page (the citizen's tracking page
    of their own tiket, with their session)."""
    jenis = ("ajukan", "api", "halaman")[i % 3]
    if jenis == "ajukan":
        isian = {
            "kategori": "jalan-rusak",
            "judul": f"Trotoar rusak {i}",
            "isi": "Ubin lepas di depan sekolah.",
        }
        kunci = {"Idempotency-Key": f"pg-{i}"}
        return jenis, panggil("POST", env.url(ke, "/api/v1/keluhan/"), data=isian, kepala={**kepala, **kunci})
    if jenis == "api":
        return jenis, panggil("GET", env.url(ke, "/api/v1/tiket-saya/"), kepala=kepala)
    jalur, kuki = halaman
    return jenis, panggil("GET", env.url(ke, jalur), kepala={"Cookie": kuki})


def test_postgres_dimulai_ulang_jawaban_503_lalu_pulih_tanpa_memulai_ulang_web(
    unit, petugas, warga, tmp_path, postgres_sendiri
):
    buat_kategori(unit)
    kepala = {"Authorization": f"Token {Token.objects.create(user=warga).key}"}
    kuki_petugas = _kuki_sesi(petugas.pengguna)
    halaman = (f"/lacak/{buat_tiket(unit, pemohon=warga).tiket.nomor}/", _kuki_sesi(warga))
    awal = selectors.urutan_terakhir()
    postgres_sendiri.salin_dari_uji()
    jawaban: list[tuple[str, float, Jawaban]] = []  # (kind, phase time, answer)
    henti = threading.Event()
    fase = {"mati": False}
    latar = LoopLatar()
    with lingkungan(tmp_path, database_url=postgres_sendiri.url, pekerja=False) as env:
        try:
            # Warm: a process loads its URLconf and views on its first routed request (/readyz is answered
            # before that), seconds on a busy machine; that cold start is not what this test measures.
            for ke in range(2):
                for i in range(3):
                    assert _permintaan(env, ke, 30_000 + ke * 3 + i, kepala, halaman)[1].diterima
            petugas_ws = KlienAliran(env.url_ws("/ws/petugas/"), kuki_petugas, "petugas")
            with petugas_ws.berjalan(latar, awal):

                def beban(utas: int) -> None:
                    i = utas * 10_000
                    while not henti.is_set():
                        jenis, j = _permintaan(env, i, i, kepala, halaman)
                        jawaban.append((jenis, fase["mati"], j))
                        i += 1
                        time.sleep(0.1)

                utas = [threading.Thread(target=beban, args=(u,), daemon=True) for u in range(2)]
                for u in utas:
                    u.start()
                time.sleep(2.0)
                postgres_sendiri.hentikan("fast")  # terminates every connection, as a restart does
                fase["mati"] = True
                mati_sejak = time.monotonic()
                # Besides the load: each kind of request on each process, so every path meets the outage.
                for ke in range(2):
                    for i in range(3):
                        jenis, j = _permintaan(env, ke, 20_000 + ke * 3 + i, kepala, halaman)
                        jawaban.append((jenis, True, j))
                time.sleep(max(0.0, mati_sejak + LAMA_MATI - time.monotonic()))
                fase["mati"] = False
                postgres_sendiri.mulai()
                time.sleep(3.0)
                henti.set()
                for u in utas:
                    u.join(timeout=15)

                # While down: a clean 503 and a message, never a 500 or no answer.
                status = Counter(j.status for _, _, j in jawaban)
                assert set(status) <= {200, 201, 503}, [
                    j for _, _, j in jawaban if j.status not in (200, 201, 503)
                ][:2]
                gagal = [(jenis, j) for jenis, _, j in jawaban if j.status == 503]
                assert {jenis for jenis, _ in gagal} == {"ajukan", "api", "halaman"}, (
                    "each kind met the outage"
                )
                for jenis, j in gagal:
                    assert j.kepala.get("retry-after"), j
                    if jenis == "halaman":
                        assert j.kepala["content-type"].startswith("text/html") and "SIGAP Tubei" in j.isi
                        assert "Traceback" not in j.isi and "OperationalError" not in j.isi
                    else:
                        assert j.isi["galat"]["kode"] == "layanan_tidak_tersedia", j

                # Afterwards both processes serve, unrestarted: every kind of request, on each.
                for ke in range(2):
                    for i in range(3):
                        jenis, j = _permintaan(env, ke, 1000 + ke * 3 + i, kepala, halaman)
                        assert j.diterima, (ke, jenis, j)
                        jawaban.append((jenis, False, j))
                assert all(p.popen.poll() is None for p, _ in env.web), "no web process was restarted"

                # Each accepted submission is in the database once.
                diterima = [j.isi["nomor"] for jenis, _, j in jawaban if jenis == "ajukan" and j.diterima]
                with psycopg.connect(postgres_sendiri.url.replace("postgres://", "postgresql://")) as db:
                    baris = db.execute(
                        "SELECT nomor FROM antrian_tiket WHERE nomor = ANY(%s)", (diterima,)
                    ).fetchall()
                assert sorted(n for (n,) in baris) == sorted(set(diterima))

                # A stream that reconnects now is authorised (session) and caught up by its consumer's
                # database reads; then an event after it arrives live.
                petugas_ws.putuskan(latar)
                tunggu(lambda: petugas_ws.sambung >= 2, BATAS, "aliran tidak tersambung lagi", env.topologi)
                assert _permintaan(env, 1, 40_002, kepala, halaman)[1].diterima  # a submission
                with psycopg.connect(postgres_sendiri.url.replace("postgres://", "postgresql://")) as db:
                    harap = [
                        u
                        for (u,) in db.execute(
                            "SELECT urutan FROM antrian_peristiwa WHERE unit_id = %s AND urutan > %s"
                            " ORDER BY urutan",
                            (unit.pk, awal),
                        ).fetchall()
                    ]
                assert len(harap) >= len(set(diterima))
                tunggu_klien(petugas_ws, harap, BATAS, env.topologi)
        finally:
            henti.set()
            latar.tutup()
            for jenis, _, j in jawaban:
                if j.status not in (200, 201, 503):
                    print(f"[keandalan] {jenis} {j.status} {j.detik:.3f} s {j.galat}")
            mati = sorted(j.detik for _, m, j in jawaban if m)
            if mati:
                print(
                    f"[keandalan] postgres mati: {len(mati)} permintaan, terlama {mati[-1]:.3f} s; "
                    f"status {Counter(j.status for _, _, j in jawaban)}"
                )
