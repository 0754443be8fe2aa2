"""Redis stopped for 10 s in the middle of a burst of submissions and transitions (issue 7 item 7).

Two web processes (uvicorn, HTTP and websockets) and a Celery worker with its beat run on a Redis of the
test's own, which the test kills and starts again, empty, 10 s later — what a Redis restart without a
volume does: queued jobs, cache keys and subscriptions are gone. Meanwhile guests and a citizen file
complaints through the API with an `Idempotency-Key` (retrying with the same key when refused, as the
front-end does) and an officer claims, starts and resolves tickets. Afterwards:

- every request a server accepted (2xx) is in the database exactly once, every refusal was a clean 503
  with the house JSON error, and no request went unanswered;
- websocket clients — one that stayed connected, one officer and one citizen dropped mid-outage that
  reconnect to whichever process answers — received every event of their scope, once;
- every citizen notification written meanwhile was delivered once (the outbox sweep queues again what
  could not be queued while the broker was down).
"""

from __future__ import annotations

import email
import email.policy
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from antrian import selectors
from antrian.models import KunciIdempoten, Peristiwa, Tiket
from antrian.models.pesan import PesanKeluar, StatusPesan
from tests.antrian.test_multiproses import _kuki_sesi
from tests.keandalan._klien import KlienAliran, LoopLatar, harapan_petugas, harapan_tiket, tunggu_klien
from tests.keandalan._proses import Jawaban, lingkungan, panggil, tunggu
from tests.portal.open311_bantu import buat_kategori

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SEBELUM_MATI = 2.0  # seconds of load before Redis is stopped
LAMA_MATI = 10.0
LAMA_BEBAN = 15.0
JEDA_PENGAJUAN = 0.4
JUMLAH_TIKET_KERJA = 5
BATAS_PULIH = 30.0
SEMUA = 10**6


def _isian(i: int, *, tamu: bool) -> dict[str, Any]:
    data = {"kategori": "jalan-rusak", "judul": f"Jalan berlubang {i}", "isi": "Lubang besar di Jl. Merdeka."}
    if tamu:
        data |= {"kontak_nama": f"Tamu {i}", "kontak_email": f"tamu{i}@contoh.id"}
    return data


@dataclass
class Catatan:
    """Every answer, by what was asked."""

    jawaban: list[tuple[str, Jawaban]] = field(default_factory=list)
    pengajuan: dict[str, str] = field(default_factory=dict)  # idempotency key -> nomor (accepted)
    transisi: list[tuple[str, str]] = field(default_factory=list)  # (nomor, aksi) accepted

    def catat(self, apa: str, jawaban: Jawaban) -> Jawaban:
        self.jawaban.append((apa, jawaban))
        return jawaban


def _ajukan(env: Any, catatan: Catatan, i: int, kepala_warga: dict[str, str], akhir: float) -> None:
    """One submission, resent with the same key until accepted (the front-end's retry)."""
    tamu = i % 2 == 0
    kunci = f"keandalan-{i}-{'tamu' if tamu else 'warga'}"
    kepala = {"Idempotency-Key": kunci, **({} if tamu else kepala_warga)}
    ke = i
    while time.monotonic() < akhir:
        j = catatan.catat(
            "ajukan",
            panggil("POST", env.url(ke, "/api/v1/keluhan/"), data=_isian(i, tamu=tamu), kepala=kepala),
        )
        if j.diterima:
            catatan.pengajuan[kunci] = j.isi["nomor"]
            return
        ke += 1
        time.sleep(0.5)


def _kerjakan(
    env: Any, catatan: Catatan, nomor: str, kepala: dict[str, str], mulai: float, akhir: float
) -> None:
    """An officer works one ticket through: claim, start, resolve, each retried until accepted."""
    time.sleep(max(0.0, mulai - time.monotonic()))
    langkah = [("ambil", {}), ("mulai", {}), ("selesaikan", {"catatan": "Jalan sudah ditambal."})]
    ke = 0
    for aksi, data in langkah:
        while time.monotonic() < akhir:
            ke += 1
            url = env.url(ke, f"/api/v1/tiket/{nomor}/{aksi}/")
            if catatan.catat(aksi, panggil("POST", url, data=data, kepala=kepala)).diterima:
                catatan.transisi.append((nomor, aksi))
                break
            time.sleep(0.5)
        time.sleep(1.5)


def _kunci_surat(smtp: Any) -> Counter[str]:
    return Counter(
        str(email.message_from_string(s, policy=email.policy.default)["X-SIGAP-Pesan"])
        for s in smtp.diterima()
    )


def _ringkas(catatan: Catatan, mati: float, hidup: float) -> None:
    """Figures for the report (printed; pytest shows them with -s or on failure)."""
    for nama, saring in (
        ("saat mati", lambda t: mati <= t < hidup),
        ("di luar", lambda t: not mati <= t < hidup),
    ):
        detik = sorted(j.detik for _, j in catatan.jawaban if saring(j.mulai))
        if detik:
            print(
                f"[keandalan] {nama}: {len(detik)} permintaan, "
                f"{Counter(j.status for _, j in catatan.jawaban if saring(j.mulai))}, "
                f"p50 {detik[len(detik) // 2]:.3f} s, terlama {detik[-1]:.3f} s"
            )


def test_redis_mati_sepuluh_detik_tidak_menghilangkan_pengajuan_peristiwa_maupun_pemberitahuan(
    unit, petugas, warga, tmp_path
):
    buat_kategori(unit)
    kepala_petugas = {"Authorization": f"Token {Token.objects.create(user=petugas.pengguna).key}"}
    kepala_warga = {"Authorization": f"Token {Token.objects.create(user=warga).key}"}
    kuki_petugas, kuki_warga = _kuki_sesi(petugas.pengguna), _kuki_sesi(warga)
    catatan = Catatan()
    latar = LoopLatar()
    t0 = time.monotonic()
    with lingkungan(tmp_path, beat=True, PESAN_SAPU_DETIK="2") as env:
        try:
            # Tickets the officer will work during the outage; the citizen follows the first one live.
            kerja = []
            for i in range(JUMLAH_TIKET_KERJA):
                j = panggil(
                    "POST",
                    env.url(i, "/api/v1/keluhan/"),
                    data=_isian(100 + i, tamu=False),
                    kepala=kepala_warga,
                )
                assert j.status == 201, j
                kerja.append(j.isi["nomor"])
            awal = selectors.urutan_terakhir()
            tetap = KlienAliran(env.url_ws("/ws/petugas/"), kuki_petugas, "petugas-tetap")
            pindah = KlienAliran(env.url_ws("/ws/petugas/")[::-1], kuki_petugas, "petugas-pindah")
            warga_ws = KlienAliran(env.url_ws(f"/ws/tiket/{kerja[0]}/"), kuki_warga, "warga")
            with tetap.berjalan(latar, awal), pindah.berjalan(latar, awal), warga_ws.berjalan(latar, awal):
                t0 = time.monotonic()
                akhir_coba = t0 + LAMA_BEBAN + BATAS_PULIH
                with ThreadPoolExecutor(max_workers=8) as pool:
                    tugas = [
                        pool.submit(
                            _kerjakan, env, catatan, nomor, kepala_petugas, t0 + 0.5 + 2.5 * i, akhir_coba
                        )
                        for i, nomor in enumerate(kerja)
                    ]

                    def beban() -> None:
                        with ThreadPoolExecutor(max_workers=4) as kirim:
                            for i in range(int(LAMA_BEBAN / JEDA_PENGAJUAN)):
                                time.sleep(max(0.0, t0 + i * JEDA_PENGAJUAN - time.monotonic()))
                                kirim.submit(_ajukan, env, catatan, i, kepala_warga, akhir_coba)

                    tugas.append(pool.submit(beban))
                    time.sleep(max(0.0, t0 + SEBELUM_MATI - time.monotonic()))
                    env.redis.hentikan()
                    time.sleep(LAMA_MATI / 2)
                    # Two clients lose their connection mid-outage and must reconnect (to either process).
                    pindah.putuskan(latar)
                    warga_ws.putuskan(latar)
                    time.sleep(LAMA_MATI / 2)
                    env.redis.mulai()
                    for t in tugas:
                        t.result(timeout=LAMA_BEBAN + BATAS_PULIH + 15)

                # 1. Accepted exactly once; refused cleanly; nothing hung.
                status = Counter(j.status for _, j in catatan.jawaban)
                assert set(status) <= {200, 201, 503}, (
                    status,
                    [j for _, j in catatan.jawaban if j.status not in (200, 201, 503)][:3],
                )
                for _, j in catatan.jawaban:
                    if j.status == 503:
                        assert (
                            j.isi["galat"]["kode"] == "layanan_tidak_tersedia" and "retry-after" in j.kepala
                        )
                jumlah = int(LAMA_BEBAN / JEDA_PENGAJUAN)
                assert len(catatan.pengajuan) == jumlah, "every submission was accepted in the end"
                kunci = KunciIdempoten.objects.filter(kunci__startswith="keandalan-")
                assert sorted(kunci.values_list("kunci", flat=True)) == sorted(catatan.pengajuan)
                assert {k.kunci: k.tiket.nomor for k in kunci} == catatan.pengajuan
                assert Tiket.objects.count() == jumlah + JUMLAH_TIKET_KERJA, "no duplicate tickets"
                assert len(catatan.transisi) == 3 * JUMLAH_TIKET_KERJA
                for nomor, aksi in catatan.transisi:
                    assert Peristiwa.objects.filter(tiket__nomor=nomor, aksi=aksi).count() == 1, (nomor, aksi)

                # 2. Every event of each client's scope, once, in order.
                harap_petugas = harapan_petugas(petugas.pengguna, awal)
                harap_warga = harapan_tiket(kerja[0], warga, awal)
                assert len(harap_petugas) > jumlah and len(harap_warga) >= 2
                for klien, harap in (
                    (tetap, harap_petugas),
                    (pindah, harap_petugas),
                    (warga_ws, harap_warga),
                ):
                    tunggu_klien(klien, harap, BATAS_PULIH, env.topologi)
                assert pindah.sambung >= 2 and warga_ws.sambung >= 2, "the dropped clients reconnected"

                # 3. Every notification delivered once, including those written while the broker was down.
                pesan = PesanKeluar.objects.all()
                tunggu(
                    lambda: not pesan.exclude(status=StatusPesan.TERKIRIM).exists(),
                    BATAS_PULIH,
                    "pemberitahuan tertunda",
                    env.topologi,
                )
                from antrian.pesan.kirim import kunci_pesan

                harap_surat = Counter(kunci_pesan(p) for p in pesan)
                assert len(harap_surat) >= jumlah // 2 + JUMLAH_TIKET_KERJA
                tunggu(lambda: _kunci_surat(env.smtp) == harap_surat, 10, "surat di SMTP", env.topologi)
        finally:
            latar.tutup()
            _ringkas(catatan, t0 + SEBELUM_MATI, t0 + SEBELUM_MATI + LAMA_MATI)
