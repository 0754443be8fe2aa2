"""gunicorn configuration for the benchmarks' API server: writes when each event's transaction committed and
when its broadcast left for Redis, so latency is measured from the commit itself.

`antrian.realtime` schedules `_kirim` with `transaction.on_commit`: it runs right after COMMIT returns and
hands the message to the process's sender, which publishes it from its own thread. The wrappers write one
line per event and moment to the file named by SIGAP_BENCH_KOMIT: `K <peristiwa id> <unix time>` at the
hand-over (the commit), `T <peristiwa id> <unix time>` once all its group messages are published. Used as
`gunicorn -c python:benchmarks._gunicorn_komit ...`; benchmark only.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any


def post_worker_init(worker: Any) -> None:
    jalur = os.environ.get("SIGAP_BENCH_KOMIT")
    if not jalur:
        return
    from antrian import realtime

    berkas = open(jalur, "a", buffering=1)  # noqa: SIM115 - open for the worker's lifetime
    kunci = threading.Lock()

    def catat(jenis: str, pesan: Any) -> None:
        t = time.time()
        ids = {p["id"] for _g, p in pesan if p.get("type") == realtime.JENIS_PERISTIWA}
        with kunci:
            for i in ids:
                berkas.write(f"{jenis} {i} {t:.6f}\n")

    kirim_asli = realtime._kirim

    def kirim_dengan_catatan(grup_pesan: Any, *, dasbor: Any = ()) -> None:
        pesan = list(grup_pesan)
        catat("K", pesan)
        kirim_asli(pesan, dasbor=dasbor)

    pengirim = realtime._pengirim
    kirim_satu_asli = pengirim._kirim_satu

    async def kirim_satu_dengan_catatan(kiriman: Any) -> None:
        await kirim_satu_asli(kiriman)
        catat("T", kiriman.pesan)

    realtime._kirim = kirim_dengan_catatan  # type: ignore[assignment]
    pengirim._kirim_satu = kirim_satu_dengan_catatan  # type: ignore[method-assign]
