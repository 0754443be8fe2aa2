"""The metrics summary kept current: each event folded into its tiket's `MetrikTiket` row.

Rules (DOMAIN.md, "Metrics"):

- First response: the first public officer action — a public reply by an officer, or `mulai`,
  `minta_kelengkapan`, `selesaikan`, `tolak` — measured from submission in working time (the unit's
  calendar) and in calendar time, attributed to the officer who acted and their unit.
- The SLA clock stops while the tiket waits for the citizen (`menunggu_warga`) and while it stands
  resolved (`selesai`, until a reopen). Resolution time is submission -> the standing `selesai`, minus the
  stopped time, attributed to the officer who resolved. A reopen clears the resolution; the next one
  counts, and the tiket carries its reopen count.
- On time: resolved no later than the tenggat as it stood then (every stop of the clock moves the
  tenggat by its working time: a wait for the citizen, and the time it stood resolved before a reopen).

`catat` runs inside the service's transaction, after the event is written and while the tiket row is
locked, so the summary changes exactly with the event or not at all. The independent recomputation in
`antrian.metrik.rujukan` must always agree (tests and `manage.py metrik_bangun_ulang`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from django.utils.dateparse import parse_datetime

from antrian.kalender import Kalender
from antrian.models import MetrikTiket, Peristiwa, Tiket

# Transitions that are a public officer action, hence a first response (as Tiket._catat_respons).
AKSI_RESPONS = frozenset({"mulai", "minta_kelengkapan", "selesaikan", "tolak"})
# Events that change only who holds the tiket: one UPDATE, no read (the claim path stays short).
AKSI_PENUGASAN = frozenset({"ambil", "tugaskan", "lepaskan", "tugaskan_ulang"})
_NOL = dt.timedelta(0)

KalenderUnit = Callable[[int], Kalender]


class PeristiwaLike(Protocol):
    id: int
    aksi: str
    ke_status: str
    petugas_id: int | None
    unit_id: int
    dibuat_pada: dt.datetime
    publik: bool
    data: dict[str, Any]


def adalah_respons(p: PeristiwaLike) -> bool:
    if p.petugas_id is None:
        return False
    if p.aksi in AKSI_RESPONS:
        return True
    return p.aksi == "tanggapi" and p.publik and bool(p.data.get("dari_petugas"))


def _waktu(nilai: object) -> dt.datetime | None:
    return parse_datetime(nilai) if isinstance(nilai, str) else None


def awal(p: PeristiwaLike, *, tiket_id: int, jenis: str, tenggat: dt.datetime | None) -> MetrikTiket:
    """The row a submission event starts. `tenggat`: used when the event does not carry one."""
    return MetrikTiket(
        tiket_id=tiket_id,
        jenis=jenis or str(p.data.get("jenis", "")),
        layanan=str(p.data.get("layanan") or ""),
        status=p.ke_status,
        diajukan_pada=p.dibuat_pada,
        unit_awal_id=p.unit_id,
        unit_id=p.unit_id,
        tenggat=_waktu(p.data.get("tenggat")) or tenggat,
        peristiwa_terakhir=p.id,
    )


def terapkan(m: MetrikTiket, p: PeristiwaLike, kalender: KalenderUnit) -> None:
    """Fold one event (later than every event already folded) into `m`, in place."""
    t = p.dibuat_pada
    if p.ke_status:
        m.status = p.ke_status
    m.peristiwa_terakhir = p.id
    tenggat = _waktu(p.data.get("tenggat"))
    if tenggat is not None:
        m.tenggat = tenggat

    if adalah_respons(p) and m.respons_pada is None:
        m.respons_pada = t
        m.respons_petugas_id = p.petugas_id
        m.respons_unit_id = p.unit_id
        m.respons_kerja = kalender(p.unit_id).waktu_kerja_antara(m.diajukan_pada, t)
        m.respons_kalender = max(t - m.diajukan_pada, _NOL)

    aksi = p.aksi
    if aksi in ("ambil", "tugaskan", "tugaskan_ulang"):
        m.petugas_id = p.petugas_id
    elif aksi == "lepaskan":
        m.petugas_id = None
    elif aksi == "minta_kelengkapan":
        m.jeda_sejak = t
    elif aksi in ("lengkapi", "buka_kembali"):
        _lanjutkan_jam(m, t, kalender(p.unit_id))
        if aksi == "buka_kembali":
            m.dibuka_kembali += 1
            m.selesai_pada = m.selesai_petugas_id = m.selesai_unit_id = None
            m.selesai_kerja = m.selesai_kalender = m.tepat_waktu = None
            m.berakhir_pada = None
    elif aksi == "selesaikan":
        m.selesai_pada = t
        m.selesai_petugas_id = p.petugas_id
        m.selesai_unit_id = p.unit_id
        berjalan = kalender(p.unit_id).waktu_kerja_antara(m.diajukan_pada, t)
        m.selesai_kerja = max(berjalan - m.jeda_kerja, _NOL)
        m.selesai_kalender = max(t - m.diajukan_pada - m.jeda_kalender, _NOL)
        m.tepat_waktu = m.tenggat is None or t <= m.tenggat
        m.berakhir_pada = t
        m.jeda_sejak = t
    elif aksi == "tolak":
        m.berakhir_pada = t
        m.alasan_tolak = str(p.data.get("alasan", ""))
        m.tolak_petugas_id = p.petugas_id
    elif aksi == "batalkan":
        m.berakhir_pada = t
    elif aksi == "alihkan":
        m.unit_id = p.unit_id
        m.petugas_id = None
        m.dialihkan += 1


def _lanjutkan_jam(m: MetrikTiket, t: dt.datetime, kalender: Kalender) -> None:
    """The SLA clock starts again: the stopped stretch is added to the totals."""
    if m.jeda_sejak is None:
        return
    m.jeda_kerja += kalender.waktu_kerja_antara(m.jeda_sejak, t)
    m.jeda_kalender += max(t - m.jeda_sejak, _NOL)
    m.jeda_sejak = None


def _kalender_tiket(tiket: Tiket) -> KalenderUnit:
    from antrian import kalender

    def muat(unit_id: int) -> Kalender:
        # The tiket's unit is already loaded by the service (kunci_tiket); the event names the same unit.
        unit = tiket.unit if tiket.unit_id == unit_id else None
        if unit is None:
            from antrian.models import Unit

            unit = Unit.objects.get(pk=unit_id)
        return kalender.muat(unit=unit)

    return muat


def catat(*, tiket: Tiket, peristiwa: Peristiwa) -> None:
    """Fold a just-written event into the summary, in the caller's transaction (tiket row locked)."""
    if peristiwa.aksi == "ajukan":
        awal(peristiwa, tiket_id=tiket.pk, jenis=tiket.jenis, tenggat=tiket.tenggat).save(force_insert=True)
        return
    balasan_biasa = peristiwa.aksi in ("tanggapi", "catatan_internal") and not adalah_respons(peristiwa)
    if peristiwa.aksi in AKSI_PENUGASAN or balasan_biasa:
        # Who holds it changed, or a reply that is not a first response: no read needed. The status is
        # written too (`tugaskan`/`ambil`/`lepaskan` move it); for a reply it is the status it has.
        ubah: dict[str, Any] = {"peristiwa_terakhir": peristiwa.pk, "status": tiket.status}
        if peristiwa.aksi in AKSI_PENUGASAN:
            ubah["petugas_id"] = None if peristiwa.aksi == "lepaskan" else peristiwa.petugas_id
        MetrikTiket.objects.filter(pk=tiket.pk).update(**ubah)
        return
    try:
        m = MetrikTiket.objects.get(pk=tiket.pk)
    except MetrikTiket.DoesNotExist:
        # A tiket from before the summary existed: rebuild its row from its log (which includes this event).
        from antrian.metrik.rujukan import hitung_tiket

        hitung_tiket(tiket.pk).save(force_insert=True)
        return
    terapkan(m, peristiwa, _kalender_tiket(tiket))
    m.save()
