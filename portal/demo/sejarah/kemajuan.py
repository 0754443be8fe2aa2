"""A plain progress bar on stderr: percent, rate and time left (no dependency)."""

from __future__ import annotations

import time
from typing import TextIO


class Kemajuan:
    def __init__(self, total: int, keluaran: TextIO, *, satuan: str = "tiket", jeda: float = 0.5) -> None:
        self.total, self.keluaran, self.satuan, self.jeda = total, keluaran, satuan, jeda
        self.mulai = time.monotonic()
        self._terakhir = 0.0
        self._tty = bool(getattr(keluaran, "isatty", lambda: False)())
        self._persen_cetak = -10

    def perbarui(self, selesai: int) -> None:
        sekarang = time.monotonic()
        akhir = selesai >= self.total
        if not akhir and sekarang - self._terakhir < self.jeda:
            return
        self._terakhir = sekarang
        persen = 100.0 * selesai / self.total if self.total else 100.0
        if not self._tty and not akhir and persen < self._persen_cetak + 10:
            return  # a log file gets a line every 10%, not a redraw every half second
        self._persen_cetak = int(persen // 10) * 10
        detik = max(sekarang - self.mulai, 1e-9)
        laju = selesai / detik
        sisa = (self.total - selesai) / laju if laju > 0 else 0.0
        penuh = int(30 * persen / 100)
        baris = (
            f"[{'#' * penuh}{'.' * (30 - penuh)}] {persen:5.1f}%  {selesai:,}/{self.total:,} {self.satuan}  "
            f"{laju:,.0f}/s  sisa {_jam(sisa)}"
        )
        self.keluaran.write(("\r" + baris) if self._tty else (baris + "\n"))
        if akhir and self._tty:
            self.keluaran.write("\n")
        self.keluaran.flush()


def _jam(detik: float) -> str:
    detik = int(detik)
    return f"{detik // 3600}:{detik % 3600 // 60:02d}:{detik % 60:02d}"
