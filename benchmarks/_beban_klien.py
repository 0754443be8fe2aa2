# ruff: noqa: E501
"""The people of the load run that speak HTTP (benchmarks/load.py), in one client process (asyncio +
aiohttp): citizens who file permohonan and keluhan through the API with an Idempotency-Key (as guests
and with an account) and then follow their tikets, and officers who work their units' queues. Every
request is spread over the web processes, timed and recorded; the process writes its records to a file.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

BATAS_PERMINTAAN = 30.0  # seconds one request may take before it counts as a timeout


@dataclass
class Catatan:
    """What the client process saw."""

    permintaan: list[tuple[str, float, float, int]] = field(default_factory=list)  # (name, t, ms, status)
    contoh_galat: list[tuple[str, int, str]] = field(default_factory=list)  # first answers of each error
    pengajuan: list[dict[str, Any]] = field(default_factory=list)  # one per submission key
    ulang: list[dict[str, Any]] = field(default_factory=list)  # deliberate resends of a key
    cpu_detik: float = 0.0
    lag_ms: list[float] = field(default_factory=list)


class Http:
    """One aiohttp session for every actor of the process; requests spread over the web ports."""

    def __init__(self, sesi: aiohttp.ClientSession, port: list[int], catatan: Catatan) -> None:
        self.sesi, self.port, self.catatan = sesi, port, catatan
        self._giliran = 0
        self._galat_per_jenis: dict[tuple[str, int], int] = {}

    async def minta(
        self, metode: str, jalur: str, nama: str, *, json_: Any = None, header: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        self._giliran += 1
        port = self.port[self._giliran % len(self.port)]
        t, m = time.time(), time.perf_counter()
        isi: Any = None
        try:
            async with self.sesi.request(
                metode, f"http://127.0.0.1:{port}{jalur}", json=json_, headers=header or {}
            ) as r:
                status, mentah = r.status, await r.read()
            if r.content_type == "application/json" and mentah:
                isi = json.loads(mentah)
        except TimeoutError:
            status, mentah = 0, b"timeout"
        except aiohttp.ClientError as exc:
            status, mentah = -1, f"{type(exc).__name__}: {exc}".encode()
        ms = (time.perf_counter() - m) * 1000
        self.catatan.permintaan.append((nama, t, ms, status))
        if not (200 <= status < 300) and not (nama == "POST /api/v1/antrian/klaim/" and status == 404):
            kunci = (nama, status)
            self._galat_per_jenis[kunci] = self._galat_per_jenis.get(kunci, 0) + 1
            if self._galat_per_jenis[kunci] <= 3:
                self.catatan.contoh_galat.append((nama, status, mentah[:300].decode(errors="replace")))
        return status, isi


async def _jeda(acak: random.Random, rentang: tuple[float, float], akhir: float) -> bool:
    """Think for a while; False once the run is over."""
    sisa = akhir - time.monotonic()
    if sisa <= 0:
        return False
    await asyncio.sleep(min(sisa, acak.uniform(*rentang)))
    return time.monotonic() < akhir


def _isi_pengajuan(
    acak: random.Random, w: dict[str, Any], unit: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    kontak = (
        {} if w["pk"] else {"kontak_nama": f"Warga Tamu {w['i']}", "kontak_email": f"tamu{w['i']}@contoh.id"}
    )
    if acak.random() < 0.6:
        return "keluhan", {
            "kategori": unit["kategori"],
            "judul": f"Lampu jalan mati di gang {acak.randint(1, 99)}",
            "isi": "Lampu penerangan jalan mati sejak minggu lalu, gang menjadi gelap dan rawan. Mohon diperbaiki.",
            "alamat": f"Jl. Melati {acak.randint(1, 200)}, Tubei",
            **kontak,
        }
    return "permohonan", {
        "layanan": unit["layanan"],
        "jawaban": {"keperluan": "Melamar pekerjaan"},
        **kontak,
    }


async def warga(
    w: dict[str, Any], unit: list[dict[str, Any]], http: Http, akhir: float, arg: Any, catatan: Catatan
) -> None:
    """A citizen: file, think, follow what was filed (the API detail or the tracking page), file again."""
    acak = random.Random(1000 + w["i"])
    await asyncio.sleep(acak.uniform(0, arg.landai))
    milik: list[tuple[str, str | None]] = []
    auth = {"Authorization": f"Token {w['token']}"} if w["token"] else {}
    while time.monotonic() < akhir:
        jenis, isi = _isi_pengajuan(acak, w, acak.choice(unit))
        kunci = uuid.uuid4().hex
        nama = f"POST /api/v1/{jenis}/"
        header = {**auth, "Idempotency-Key": kunci}
        rekam: dict[str, Any] = {"kunci": kunci, "jenis": jenis, "pk": w["pk"], "status": [], "nomor": None}
        catatan.pengajuan.append(rekam)
        # A timeout or a 5xx is retried with the same key, as a client would: it must not file twice.
        for _coba in range(3):
            status, data = await http.minta("POST", f"/api/v1/{jenis}/", nama, json_=isi, header=header)
            rekam["status"].append(status)
            if status in (200, 201) and isinstance(data, dict):
                rekam["nomor"] = data.get("nomor")
                milik.append((data["nomor"], None if w["pk"] else data.get("token_lacak")))
                break
            if 400 <= status < 500:
                break
            await asyncio.sleep(1.0)
        if rekam["nomor"] and acak.random() < arg.porsi_ulang:
            # A double submit: the same key and body again must answer 200 with the same tiket.
            status, data = await http.minta(
                "POST", f"/api/v1/{jenis}/", nama + " (resend)", json_=isi, header=header
            )
            catatan.ulang.append(
                {"kunci": kunci, "status": status, "nomor": (data or {}).get("nomor"), "asli": rekam["nomor"]}
            )
        for _ in range(acak.randint(1, 3)):
            if not await _jeda(acak, arg.jeda_warga, akhir) or not milik:
                break
            nomor, token = acak.choice(milik[-5:])
            if acak.random() < 0.5:
                h = {**auth, **({"X-Token-Lacak": token} if token else {})}
                await http.minta("GET", f"/api/v1/tiket/{nomor}/", "GET /api/v1/tiket/<nomor>/", header=h)
            else:
                jalur = f"/lacak/{nomor}/" + (f"?token={token}" if token else "")
                h = {"Cookie": w["kuki"]} if w["kuki"] else {}
                await http.minta("GET", jalur, "GET /lacak/<nomor>/ (page)", header=h)
        if not await _jeda(acak, arg.jeda_warga, akhir):
            break


async def petugas(p: dict[str, Any], http: Http, akhir: float, arg: Any, urutan: int) -> None:
    """An officer: look at the queue, claim the next tiket, start it, reply to the citizen, resolve it."""
    acak = random.Random(5000 + urutan)
    await asyncio.sleep(acak.uniform(0, arg.landai))
    api = {"Authorization": f"Token {p['token']}"}
    halaman = {"Cookie": p["kuki"]}
    putaran = 0
    while time.monotonic() < akhir:
        putaran += 1
        if putaran % 3 == 1:
            await http.minta("GET", "/petugas/", "GET /petugas/ (page)", header=halaman)
        else:
            await http.minta("GET", "/api/v1/antrian/", "GET /api/v1/antrian/", header=api)
        if not await _jeda(acak, arg.jeda_petugas, akhir):
            break
        status, data = await http.minta(
            "POST", "/api/v1/antrian/klaim/", "POST /api/v1/antrian/klaim/", json_={}, header=api
        )
        if status != 200 or not isinstance(data, dict):
            await _jeda(acak, (arg.jeda_petugas[1], 2 * arg.jeda_petugas[1]), akhir)
            continue
        nomor = data["nomor"]
        langkah: list[tuple[str, dict[str, Any]]] = [
            ("mulai", {}),
            ("tanggapan", {"isi": "Terima kasih, laporan Anda sedang kami tangani."}),
            (
                "selesaikan",
                {"catatan": "Sudah ditindaklanjuti oleh petugas lapangan.", "produk": "Surat keterangan"},
            ),
        ]
        for aksi, isi in langkah:
            if not await _jeda(acak, arg.jeda_petugas, akhir):
                return
            if aksi == "selesaikan" and acak.random() < 0.5:
                if acak.random() < 0.5:
                    await http.minta(
                        "GET",
                        f"/petugas/tiket/{nomor}/",
                        "GET /petugas/tiket/<nomor>/ (page)",
                        header=halaman,
                    )
                else:
                    await http.minta(
                        "GET", f"/api/v1/tiket/{nomor}/", "GET /api/v1/tiket/<nomor>/ (officer)", header=api
                    )
            await http.minta(
                "POST",
                f"/api/v1/tiket/{nomor}/{aksi}/",
                f"POST /api/v1/tiket/<nomor>/{aksi}/",
                json_=isi,
                header=api,
            )
        if not await _jeda(acak, arg.jeda_petugas, akhir):
            break


async def _ukur_lag(catatan: Catatan, henti: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not henti.is_set():
        t = loop.time()
        await asyncio.sleep(0.1)
        catatan.lag_ms.append((loop.time() - t - 0.1) * 1000)


async def _jalan(rencana: Any, arg: Any, port: list[int], mulai: Any) -> Catatan:
    catatan = Catatan()
    konektor = aiohttp.TCPConnector(limit=arg.warga + arg.petugas + 10, force_close=True)
    async with aiohttp.ClientSession(
        connector=konektor,
        timeout=aiohttp.ClientTimeout(total=BATAS_PERMINTAAN),
        cookie_jar=aiohttp.DummyCookieJar(),  # each person sends its own cookie
    ) as sesi:
        http = Http(sesi, port, catatan)
        await asyncio.get_running_loop().run_in_executor(None, mulai.wait)
        akhir = time.monotonic() + arg.detik
        henti = asyncio.Event()
        lag = asyncio.create_task(_ukur_lag(catatan, henti))
        cpu = time.process_time()
        await asyncio.gather(
            *(warga(w, rencana.unit, http, akhir, arg, catatan) for w in rencana.warga),
            *(petugas(p, http, akhir, arg, i) for i, p in enumerate(rencana.petugas)),
        )
        catatan.cpu_detik = time.process_time() - cpu
        henti.set()
        await lag
    return catatan


def proses_aktor(rencana: Any, arg: Any, port: list[int], mulai: Any, keluaran: str) -> None:
    """Entry point of the client process (spawned): run until --detik is over, then write the records."""
    catatan = asyncio.run(_jalan(rencana, arg, port, mulai))
    with open(keluaran, "wb") as berkas:
        pickle.dump(catatan, berkas)
