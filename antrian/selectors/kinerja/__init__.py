"""Performance metrics per unit, officer and service over a date range: the one implementation the
dashboards, the officer's own page, the API and the exports all read (DOMAIN.md, "Metrics").

Everything is read from the per-tiket summary (`MetrikTiket`, kept current by every event) and the
survey answers, never by walking the event log. Each figure has its own row set and attribution:

- submitted ("masuk"): submitted in the range, to the unit that first received it;
- first response: responded in the range, to the responding officer and their unit;
- resolution, on time, reopened: resolved in the range (the standing resolution), to the resolving
  officer and unit; "reopened" counts resolutions that had been reopened before;
- rejected: rejected in the range, by reason, to the rejecting officer and the unit;
- open, overdue, age, workload: open at the end of the range (or now, if the range runs to today), in
  the unit holding it, held by the officer assigned now; overdue = past its tenggat and not waiting for
  the citizen; age in hari kerja of the unit's calendar since submission;
- SLA compliance = resolved on time ÷ (resolved + open and overdue at the end of the range).

A range that ends in the past is read with what is known now: a tiket reopened after the range no longer
counts as resolved in it, and a tenggat moved by a later pause counts as moved.
"""

from antrian.selectors.kinerja.dasar import (
    RENTANG_MAKS_HARI,
    SKM_MIN_RESPONDEN,
    UMUR,
    BarisKinerja,
    Rentang,
    Saringan,
    unit_terlihat,
)
from antrian.selectors.kinerja.hitung import himpunan, syarat_terlambat
from antrian.selectors.kinerja.tabel import (
    KinerjaSaya,
    ikhtisar_unit,
    kinerja_layanan,
    kinerja_petugas,
    kinerja_saya,
    kinerja_total,
    kinerja_unit,
    skm_per,
)
from antrian.selectors.kinerja.tren import UKURAN, TitikTren, pilihan_saringan, tiket_di_balik, tren_mingguan

__all__ = [
    "RENTANG_MAKS_HARI",
    "SKM_MIN_RESPONDEN",
    "UKURAN",
    "UMUR",
    "BarisKinerja",
    "KinerjaSaya",
    "Rentang",
    "Saringan",
    "TitikTren",
    "himpunan",
    "ikhtisar_unit",
    "kinerja_layanan",
    "kinerja_petugas",
    "kinerja_saya",
    "kinerja_total",
    "kinerja_unit",
    "pilihan_saringan",
    "skm_per",
    "syarat_terlambat",
    "tiket_di_balik",
    "tren_mingguan",
    "unit_terlihat",
]
