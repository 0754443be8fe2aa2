"""The performance tables as rows, shared by the CSV and XLSX exports and the metrics API.

Nothing here computes a figure: every number comes from `antrian.selectors.kinerja`. This package only
reads the request's parameters into the selectors' `Rentang`/`Saringan`, chooses the columns of each
table and writes them out.
"""

from antrian.ekspor.param import Permintaan, baca_permintaan, unit_dari
from antrian.ekspor.tabel import TABEL, Kolom, Tabel, baris_tiket, susun_tabel

__all__ = [
    "TABEL",
    "Kolom",
    "Permintaan",
    "Tabel",
    "baca_permintaan",
    "baris_tiket",
    "susun_tabel",
    "unit_dari",
]
