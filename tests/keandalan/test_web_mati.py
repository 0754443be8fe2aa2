"""A web process killed (SIGKILL) while its websocket clients stream (issue 7 item 7).

Two uvicorn processes serve HTTP and websockets on the same database and Redis. An officer's queue stream
and a citizen's tracking stream are connected to the first; the officer works tickets through the API.
The first process is killed mid-stream: its clients reconnect, with the last position they saw, to the
other (the clients hold both addresses, as a load balancer would route them), and in the end each has
received every event of its scope exactly once, in order — before, across and after the kill.
"""

from __future__ import annotations

import time

import pytest
from rest_framework.authtoken.models import Token

from antrian import selectors
from tests.antrian.test_multiproses import _kuki_sesi
from tests.keandalan._klien import KlienAliran, LoopLatar, harapan_petugas, harapan_tiket, tunggu_klien
from tests.keandalan._proses import bunuh, lingkungan, panggil, tunggu
from tests.portal.open311_bantu import buat_kategori

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BATAS = 20.0
SEMUA = 10**6


def test_web_dibunuh_klien_pindah_ke_proses_lain_tanpa_kehilangan_peristiwa(unit, petugas, warga, tmp_path):
    buat_kategori(unit)
    kepala_petugas = {"Authorization": f"Token {Token.objects.create(user=petugas.pengguna).key}"}
    kepala_warga = {"Authorization": f"Token {Token.objects.create(user=warga).key}"}
    latar = LoopLatar()
    with lingkungan(tmp_path, pekerja=False) as env:
        try:
            nomor = []
            for i in range(4):
                isian = {"kategori": "jalan-rusak", "judul": f"Got mampet {i}", "isi": "Air meluap ke jalan."}
                j = panggil("POST", env.url(1, "/api/v1/keluhan/"), data=isian, kepala=kepala_warga)
                assert j.status == 201, j
                nomor.append(j.isi["nomor"])
            awal = selectors.urutan_terakhir()
            petugas_ws = KlienAliran(env.url_ws("/ws/petugas/"), _kuki_sesi(petugas.pengguna), "petugas")
            warga_ws = KlienAliran(env.url_ws(f"/ws/tiket/{nomor[0]}/"), _kuki_sesi(warga), "warga")

            def kerjakan(n: str, aksi: str, data: dict[str, str] | None = None) -> None:
                j = panggil(
                    "POST", env.url(1, f"/api/v1/tiket/{n}/{aksi}/"), data=data or {}, kepala=kepala_petugas
                )
                assert j.status == 200, j

            with petugas_ws.berjalan(latar, awal), warga_ws.berjalan(latar, awal):
                # Before the kill, through the surviving process: delivered live to process 0's clients.
                for n in nomor[:2]:
                    kerjakan(n, "ambil")
                tunggu(lambda: len(petugas_ws.urutan) >= 2, BATAS, "peristiwa awal tidak tiba", env.topologi)
                bunuh(env.web[0][0])
                # While the clients find the other process, and after.
                kerjakan(nomor[0], "mulai")
                for n in nomor[2:]:
                    kerjakan(n, "ambil")
                time.sleep(1.0)
                kerjakan(nomor[0], "selesaikan", {"catatan": "Saluran sudah dibersihkan."})

                harap_petugas = harapan_petugas(petugas.pengguna, awal)
                harap_warga = harapan_tiket(nomor[0], warga, awal)
                assert len(harap_petugas) >= 6 and len(harap_warga) >= 2
                for klien, harap in ((petugas_ws, harap_petugas), (warga_ws, harap_warga)):
                    tunggu_klien(klien, harap, BATAS, env.topologi)
                    assert klien.sambung >= 2, f"{klien.nama} connected again after the kill"
        finally:
            latar.tutup()
