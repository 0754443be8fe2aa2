# ruff: noqa: E501
"""Reconnect: 200 officer clients streaming; mid-stream every connection is dropped (transport aborted, as
a lost network), and after --jeda seconds each reconnects with `?sejak=<last urutan it saw>`. Counts events
missed (expected minus received, per client) and duplicated. Target: 0 and 0.

    .venv/bin/python benchmarks/reconnect.py [--klien 200] [--laju 20] [--detik 20] [--putus-pada 10]
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
    arg = ap.parse_args()
    judul = f"Reconnect ({arg.klien} clients, {arg.laju:g}/s, drop at {arg.putus_pada:g}s)"
    ukur = fanout.jalankan(arg, "sigap_bench_reconnect", judul)
    lulus = ukur["hilang"] == 0 and ukur["ganda"] == 0 and ukur["tersambung"] == arg.klien
    makna = (
        f"{ukur['hilang']} events missed and {ukur['ganda']} duplicated over {ukur['tersambung']} clients that "
        f"were dropped and resumed with ?sejak= — the target (0 and 0) is "
        + ("met." if lulus else "NOT met.")
    )
    tambahan = f"; all clients dropped at {arg.putus_pada:g}s and reconnected after {arg.jeda:g}s offline"
    fanout.tulis(arg, judul, ukur, tambahan, makna)
    print("RESULT:", "PASS" if lulus else "FAIL", "(missed", ukur["hilang"], "duplicates", ukur["ganda"], ")")


if __name__ == "__main__":
    main()
