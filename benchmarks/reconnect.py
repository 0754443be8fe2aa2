# ruff: noqa: E501
"""Reconnect: 200 officer clients streaming; mid-stream every connection is dropped (transport aborted, as
a lost network), and after --jeda seconds each reconnects with `?sejak=<last urutan it saw>`. Counts events
missed (expected minus received, per client) and duplicated. Target: 0 and 0.

With --putus-redis the clients stay connected and the ws server's Redis pub/sub connection is killed
instead (what a Redis restart or a network blip does): events published before it has subscribed again
never reach it, so it must catch every stream up from the event log by itself. Same target.

    .venv/bin/python benchmarks/reconnect.py [--klien 200] [--laju 20] [--detik 20] [--putus-pada 10]
        [--putus-redis]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import fanout


def main() -> None:
    ap = fanout.parser(klien=200, laju=20, detik=20)
    ap.add_argument("--putus-pada", dest="putus_pada", type=float, default=10.0)
    ap.add_argument("--jeda", type=float, default=1.0, help="seconds offline before reconnecting")
    ap.add_argument(
        "--putus-redis",
        dest="putus_redis",
        action="store_true",
        help="instead of dropping the clients, kill the ws server's Redis pub/sub connection; the clients "
        "stay connected and must still get every event once (the server catches them up from the log)",
    )
    arg = ap.parse_args()
    apa = "Redis subscriber killed" if arg.putus_redis else "drop"
    judul = f"Reconnect ({arg.klien} clients, {arg.laju:g}/s, {apa} at {arg.putus_pada:g}s{fanout.tanda_deflate(arg)})"
    ukur = fanout.jalankan(arg, "sigap_bench_reconnect", judul)
    lulus = ukur["hilang"] == 0 and ukur["ganda"] == 0 and ukur["tersambung"] == arg.klien
    if arg.putus_redis:
        lulus = lulus and ukur.get("koneksi_redis_diputus", 0) > 0
        makna = (
            f"{ukur['hilang']} events missed and {ukur['ganda']} duplicated over {ukur['tersambung']} clients "
            f"that stayed connected while the server's Redis subscriber connection was killed "
            f"({ukur.get('koneksi_redis_diputus', 0)} connection(s)) — the target (0 and 0) is "
            + ("met." if lulus else "NOT met.")
        )
        tambahan = (
            f"; at {arg.putus_pada:g}s the ws server's Redis pub/sub connection was killed (CLIENT KILL); "
            "clients stayed connected"
        )
    else:
        makna = (
            f"{ukur['hilang']} events missed and {ukur['ganda']} duplicated over {ukur['tersambung']} clients "
            f"that were dropped and resumed with ?sejak= — the target (0 and 0) is "
            + ("met." if lulus else "NOT met.")
        )
        tambahan = f"; all clients dropped at {arg.putus_pada:g}s and reconnected after {arg.jeda:g}s offline"
    fanout.tulis(arg, judul, ukur, tambahan, makna)
    print("RESULT:", "PASS" if lulus else "FAIL", "(missed", ukur["hilang"], "duplicates", ukur["ganda"], ")")


if __name__ == "__main__":
    main()
