"""The metrics summary recomputed from the event log alone, by a second, independent route.

`antrian.metrik.lipat` keeps each row current event by event; this module derives the same row from the
whole log at once: the tiket's status segments (which state, in which unit, from when to when), then the
figures as sums over those segments. Where they disagree, one of them has a bug — the rebuild command
(`manage.py metrik_bangun_ulang`) reports every difference and can rewrite the table from here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from antrian import kalender
from antrian.kalender import Kalender
from antrian.metrik.lipat import KalenderUnit, adalah_respons
from antrian.models import MetrikTiket, Peristiwa, Tiket, Unit
from antrian.models.tiket import Status

_NOL = dt.timedelta(0)
_BERJALAN = {Status.DIAJUKAN, Status.DITUGASKAN, Status.DIPROSES}
_BERHENTI = {Status.MENUNGGU_WARGA, Status.SELESAI}

# Every field the two routes must agree on.
MEDAN = [
    "jenis",
    "layanan",
    "status",
    "diajukan_pada",
    "unit_awal_id",
    "unit_id",
    "petugas_id",
    "tenggat",
    "respons_pada",
    "respons_petugas_id",
    "respons_unit_id",
    "respons_kerja",
    "respons_kalender",
    "selesai_pada",
    "selesai_petugas_id",
    "selesai_unit_id",
    "selesai_kerja",
    "selesai_kalender",
    "tepat_waktu",
    "berakhir_pada",
    "alasan_tolak",
    "tolak_petugas_id",
    "dibuka_kembali",
    "dialihkan",
    "jeda_sejak",
    "jeda_kerja",
    "jeda_kalender",
    "peristiwa_terakhir",
]


@dataclass
class Ev:
    """One event as read for the rebuild (only the columns the metrics use)."""

    id: int
    aksi: str
    ke_status: str
    petugas_id: int | None
    unit_id: int
    dibuat_pada: dt.datetime
    publik: bool
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Segmen:
    status: str
    unit_id: int
    mulai: dt.datetime
    selesai: dt.datetime | None  # None: the state it is in now


def _tenggat(ev: Ev) -> dt.datetime | None:
    from django.utils.dateparse import parse_datetime

    nilai = ev.data.get("tenggat")
    return parse_datetime(nilai) if isinstance(nilai, str) else None


def segmen(peristiwa: list[Ev]) -> list[Segmen]:
    """The states the tiket went through, each with the unit that held it (a transfer starts a segment)."""
    hasil: list[Segmen] = []
    for ev in peristiwa:
        status = ev.ke_status or (hasil[-1].status if hasil else Status.DIAJUKAN)
        if hasil and hasil[-1].status == status and hasil[-1].unit_id == ev.unit_id:
            continue
        if hasil:
            hasil[-1].selesai = ev.dibuat_pada
        hasil.append(Segmen(status=status, unit_id=ev.unit_id, mulai=ev.dibuat_pada, selesai=None))
    return hasil


def hitung(
    *,
    tiket_id: int,
    jenis: str,
    peristiwa: list[Ev],
    kalender_unit: KalenderUnit,
    tenggat: dt.datetime | None,
) -> MetrikTiket:
    """The summary row of one tiket from its whole log (ordered by id). `tenggat`: the tiket's current
    tenggat, used only when the log carries none (events written before it did)."""
    pertama, terakhir = peristiwa[0], peristiwa[-1]
    seg = segmen(peristiwa)
    m = MetrikTiket(
        tiket_id=tiket_id,
        jenis=jenis or str(pertama.data.get("jenis", "")),
        layanan=str(pertama.data.get("layanan") or ""),
        status=seg[-1].status,
        diajukan_pada=pertama.dibuat_pada,
        unit_awal_id=pertama.unit_id,
        unit_id=terakhir.unit_id,
        peristiwa_terakhir=terakhir.id,
    )
    tenggat_log = [(ev.dibuat_pada, t) for ev in peristiwa if (t := _tenggat(ev)) is not None]
    m.tenggat = tenggat_log[-1][1] if tenggat_log else tenggat

    # Who holds it: the last assignment, unless it was released, transferred or ended since.
    for ev in peristiwa:
        if ev.aksi in ("ambil", "tugaskan", "tugaskan_ulang"):
            m.petugas_id = ev.petugas_id
        elif ev.aksi in ("lepaskan", "alihkan"):
            m.petugas_id = None
    m.dialihkan = sum(1 for a, b in itertools.pairwise(peristiwa) if a.unit_id != b.unit_id)
    m.dibuka_kembali = sum(
        1 for a, b in itertools.pairwise(seg) if a.status == Status.SELESAI and b.status == Status.DIPROSES
    )

    respons = next((ev for ev in peristiwa if adalah_respons(ev)), None)
    if respons is not None:
        m.respons_pada = respons.dibuat_pada
        m.respons_petugas_id = respons.petugas_id
        m.respons_unit_id = respons.unit_id
        m.respons_kerja = kalender_unit(respons.unit_id).waktu_kerja_antara(
            m.diajukan_pada, respons.dibuat_pada
        )
        m.respons_kalender = max(respons.dibuat_pada - m.diajukan_pada, _NOL)

    # The clock's stops that ended (the citizen answered; a resolution was reopened), each on the calendar
    # of the unit that held the tiket, and the stop it is in now.
    for s, berikut in itertools.pairwise(seg):
        if s.status in _BERHENTI and berikut.status in _BERJALAN and s.selesai is not None:
            m.jeda_kerja += kalender_unit(s.unit_id).waktu_kerja_antara(s.mulai, s.selesai)
            m.jeda_kalender += max(s.selesai - s.mulai, _NOL)
    sekarang = seg[-1]
    if sekarang.status in _BERHENTI:
        m.jeda_sejak = sekarang.mulai
    elif sekarang.status == Status.DITUTUP and len(seg) > 1 and seg[-2].status == Status.SELESAI:
        m.jeda_sejak = seg[-2].mulai

    if m.status in (Status.SELESAI, Status.DITUTUP):
        akhir = [ev for ev in peristiwa if ev.aksi == "selesaikan"][-1]
        t = akhir.dibuat_pada
        m.selesai_pada = m.berakhir_pada = t
        m.selesai_petugas_id = akhir.petugas_id
        m.selesai_unit_id = akhir.unit_id
        m.selesai_kerja = max(
            kalender_unit(akhir.unit_id).waktu_kerja_antara(m.diajukan_pada, t) - m.jeda_kerja, _NOL
        )
        m.selesai_kalender = max(t - m.diajukan_pada - m.jeda_kalender, _NOL)
        berlaku = [nilai for waktu, nilai in tenggat_log if waktu <= t]
        tenggat_saat_itu = berlaku[-1] if berlaku else tenggat
        m.tepat_waktu = tenggat_saat_itu is None or t <= tenggat_saat_itu
    elif m.status in (Status.DITOLAK, Status.DIBATALKAN):
        m.berakhir_pada = sekarang.mulai
        if m.status == Status.DITOLAK:
            tolak = [ev for ev in peristiwa if ev.aksi == "tolak"][-1]
            m.alasan_tolak = str(tolak.data.get("alasan", ""))
            m.tolak_petugas_id = tolak.petugas_id
    return m


class _KalenderCache:
    def __init__(self) -> None:
        self._isi: dict[int, Kalender] = {}

    def __call__(self, unit_id: int) -> Kalender:
        if unit_id not in self._isi:
            self._isi[unit_id] = kalender.muat(unit=Unit.objects.get(pk=unit_id))
        return self._isi[unit_id]


_KOLOM = ["tiket_id", "id", "aksi", "ke_status", "petugas_id", "unit_id", "dibuat_pada", "publik", "data"]


def _peristiwa_per_tiket(tiket_ids: list[int]) -> dict[int, list[Ev]]:
    hasil: dict[int, list[Ev]] = {}
    baris = Peristiwa.objects.filter(tiket_id__in=tiket_ids).order_by("tiket_id", "id").values_list(*_KOLOM)
    for tiket_id, *sisa in baris:
        hasil.setdefault(tiket_id, []).append(Ev(*sisa))
    return hasil


def hitung_tiket(tiket_id: int, kalender_unit: KalenderUnit | None = None) -> MetrikTiket:
    tiket = Tiket.objects.only("jenis", "tenggat").get(pk=tiket_id)
    return hitung(
        tiket_id=tiket_id,
        jenis=tiket.jenis,
        peristiwa=_peristiwa_per_tiket([tiket_id])[tiket_id],
        kalender_unit=kalender_unit or _KalenderCache(),
        tenggat=tiket.tenggat,
    )


def hitung_semua(*, ukuran_batch: int = 2000) -> Iterator[list[MetrikTiket]]:
    """Every tiket's row, recomputed, in batches of tiket ids (memory stays flat at a million tikets)."""
    tanggalan = _KalenderCache()
    terakhir = 0
    batas = Tiket.objects.aggregate(n=Max("id"))["n"] or 0
    while terakhir < batas:
        tiket = list(
            Tiket.objects.filter(pk__gt=terakhir)
            .order_by("pk")
            .values_list("pk", "jenis", "tenggat")[:ukuran_batch]
        )
        if not tiket:
            break
        terakhir = tiket[-1][0]
        log = _peristiwa_per_tiket([t[0] for t in tiket])
        yield [
            hitung(tiket_id=pk, jenis=jenis, peristiwa=log[pk], kalender_unit=tanggalan, tenggat=tenggat)
            for pk, jenis, tenggat in tiket
            if pk in log
        ]


def beda(tersimpan: MetrikTiket | None, dihitung: MetrikTiket) -> list[str]:
    """The fields where the stored row differs from the recomputed one (all of them if it is missing)."""
    if tersimpan is None:
        return ["(tidak ada)"]
    return [f for f in MEDAN if getattr(tersimpan, f) != getattr(dihitung, f)]


def bandingkan(baris: Iterable[MetrikTiket]) -> Iterator[tuple[MetrikTiket, MetrikTiket | None, list[str]]]:
    """Each recomputed row with its stored counterpart and the fields that differ (only mismatches)."""
    daftar = list(baris)
    tersimpan = MetrikTiket.objects.in_bulk([m.tiket_id for m in daftar])
    for m in daftar:
        medan = beda(tersimpan.get(m.tiket_id), m)
        if medan:
            yield m, tersimpan.get(m.tiket_id), medan
