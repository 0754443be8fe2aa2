# ruff: noqa: SIM105
"""The websocket listeners of the load run (benchmarks/load.py), in their own client process: officers on
/ws/petugas/, citizens on /ws/tiket/<nomor>/ (session or guest token), managers on /ws/dasbor/. Each keeps
what it received; a connection that drops is opened again with `?sejak=<last position seen>`, as the
browser does. The records go to a file for the consistency check."""

from __future__ import annotations

import asyncio
import json
import pickle
import random
import time
from dataclasses import dataclass, field
from typing import Any

BATAS_SAMBUNG = 180.0  # the whole connect phase
KODE_BERHENTI = {4400, 4401, 4403, 4404}  # the server refuses this client: do not reconnect


@dataclass
class Pendengar:
    jenis: str  # petugas | tiket | dasbor
    kunci: Any  # petugas_id | nomor | pengguna_id
    jalur: str
    kuki: str | None
    token: str | None
    port: int
    sejak: int  # the stream position it started from
    terima: list[tuple[float, int, int]] = field(default_factory=list)  # (t, urutan, event id)
    muat_ulang: list[int] = field(default_factory=list)  # `terakhir` of each reload request
    sambung: int = 0
    putus: list[str] = field(default_factory=list)
    gagal: str | None = None
    dasbor: dict[int, dict[str, int]] = field(default_factory=dict)
    bingkai_dasbor: int = 0
    t_sambung: float = 0.0  # when first live
    pengguna: int | None = None  # the account of a citizen listening to its own tiket


def buat_pendengar(rencana: Any, port: list[int]) -> list[Pendengar]:
    hasil: list[Pendengar] = []
    for d in rencana.dengar_petugas:
        hasil.append(Pendengar("petugas", d["petugas_id"], "/ws/petugas/", d["kuki"], None, 0, rencana.sejak))
    for d in rencana.dengar_tiket:
        jalur = f"/ws/tiket/{d['nomor']}/"
        p = Pendengar("tiket", d["nomor"], jalur, d["kuki"], d["token"], 0, rencana.sejak)
        p.pengguna = d["pemilik"]
        hasil.append(p)
    for d in rencana.dengar_dasbor:
        hasil.append(Pendengar("dasbor", d["pengguna_id"], "/ws/dasbor/", d["kuki"], None, 0, rencana.sejak))
    # Spread every kind over the ws processes, as a load balancer would.
    for i, p in enumerate(hasil):
        p.port = port[i % len(port)]
    return hasil


def _url(p: Pendengar, posisi: int) -> str:
    query = [] if p.jenis == "dasbor" else [f"sejak={posisi}"]
    if p.token:
        query.append(f"token={p.token}")
    return f"ws://127.0.0.1:{p.port}{p.jalur}" + ("?" + "&".join(query) if query else "")


def _baca(p: Pendengar, pesan: str | bytes, siap: asyncio.Event) -> None:
    t = time.time()
    data = json.loads(pesan)
    tipe = data.get("tipe")
    if tipe == "peristiwa":
        p.terima.append((t, int(data["urutan"]), int(data["id"])))
    elif tipe == "dasbor":
        p.bingkai_dasbor += 1
        for baris in data.get("unit", []):
            p.dasbor[int(baris["unit"])] = {
                k: baris[k] for k in ("baru", "ditugaskan", "terlambat", "selesai_hari_ini")
            }
        siap.set()
    elif tipe == "siap":
        siap.set()
    elif tipe == "muat_ulang":
        # The browser reloads the page: what it shows then covers every event up to `terakhir`.
        p.muat_ulang.append(int(data.get("terakhir") or 0))


def _posisi(p: Pendengar) -> int:
    return max([p.sejak, *(ur for _t, ur, _i in p.terima[-1:]), *p.muat_ulang])


async def _satu(p: Pendengar, batas: asyncio.Semaphore, henti: asyncio.Event, soket: dict[int, Any]) -> None:
    """One listener for the whole run: connect, read, reconnect from the last position after a drop."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    jeda = 1.0
    while not henti.is_set():
        siap = asyncio.Event()
        sebab: str | None = None
        try:
            async with batas:
                ws = await connect(
                    _url(p, _posisi(p)),
                    origin=f"http://127.0.0.1:{p.port}",  # type: ignore[arg-type]
                    additional_headers={"Cookie": p.kuki} if p.kuki else {},
                    open_timeout=60,
                    ping_interval=None,
                    close_timeout=2,
                    max_queue=None,
                )
            soket[id(p)] = ws
            p.sambung += 1
            try:
                async for pesan in ws:
                    _baca(p, pesan, siap)
                    if p.t_sambung == 0.0 and siap.is_set():
                        p.t_sambung = time.time()
            finally:
                soket.pop(id(p), None)
            kode = ws.close_code
            sebab = f"closed by the server with {kode}"
        except (ConnectionClosed, OSError, TimeoutError) as exc:
            kode = getattr(getattr(exc, "rcvd", None), "code", None)
            sebab = f"{type(exc).__name__}: {exc}"[:120]
        if henti.is_set():
            return
        if kode in KODE_BERHENTI:
            p.gagal = f"closed with {kode}"
            return
        p.putus.append(sebab or "?")
        await asyncio.sleep(jeda * (1 + random.random()))
        jeda = min(jeda * 2, 10.0)


async def _detak(soket: dict[int, Any], henti: asyncio.Event, jumlah: int) -> None:
    # The server closes a client silent for 3 heartbeats (75 s): each client pings every ~20 s.
    while not henti.is_set():
        for ws in list(soket.values()):
            try:
                await ws.send('{"tipe":"ping"}')
            except Exception:
                pass
            await asyncio.sleep(20.0 / max(1, jumlah))
        await asyncio.sleep(0.1)


async def _jalan(pendengar: list[Pendengar], paralel: int, siap_q: Any, henti_ev: Any) -> dict[str, Any]:
    henti = asyncio.Event()
    soket: dict[int, Any] = {}
    batas = asyncio.Semaphore(paralel)
    loop = asyncio.get_running_loop()
    t = time.monotonic()
    tugas = [asyncio.create_task(_satu(p, batas, henti, soket)) for p in pendengar]
    detak = asyncio.create_task(_detak(soket, henti, len(pendengar)))
    akhir = t + BATAS_SAMBUNG
    while time.monotonic() < akhir and sum(1 for p in pendengar if p.t_sambung or p.gagal) < len(pendengar):
        await asyncio.sleep(0.2)
    siap_q.put({"hidup": sum(1 for p in pendengar if p.t_sambung), "detik": time.monotonic() - t})
    cpu = time.process_time()
    lag: list[float] = []
    while not henti_ev.is_set():
        t0 = loop.time()
        await asyncio.sleep(0.1)
        lag.append((loop.time() - t0 - 0.1) * 1000)
    cpu = time.process_time() - cpu
    henti.set()
    detak.cancel()
    for ws in list(soket.values()):
        try:
            await asyncio.wait_for(ws.close(), 2)
        except Exception:
            pass
    for x in tugas:
        x.cancel()
    await asyncio.gather(*tugas, return_exceptions=True)
    return {"cpu_detik": cpu, "lag_ms": lag}


def proses_dengar(pendengar: list[Pendengar], paralel: int, siap_q: Any, henti: Any, keluaran: str) -> None:
    """Entry point of a listener process (spawned): connect all, report, listen until told to stop."""
    import resource

    lunak, keras = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(lunak, min(keras, 4 * len(pendengar) + 1024)), keras))
    lain = asyncio.run(_jalan(pendengar, paralel, siap_q, henti))
    with open(keluaran, "wb") as berkas:
        pickle.dump({"pendengar": pendengar, **lain}, berkas)
