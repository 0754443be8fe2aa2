"""The row sets behind each figure and the passes over them that fill the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from antrian import kalender
from antrian.metrik import skm as skm_mod
from antrian.metrik.statistik import TOTAL, Hitung, sebaran_per, serentak
from antrian.models import MetrikTiket, Status, SurveiKepuasan, Unit
from antrian.selectors.kinerja.dasar import (
    _PETUGAS,
    _SEMUA,
    _UNIT,
    SKM_MIN_RESPONDEN,
    SUDUT_PETUGAS,
    SUDUT_TOTAL,
    UMUR,
    BarisKinerja,
    Rentang,
    Saringan,
    _Sudut,
)

# --- row sets ------------------------------------------------------------------------------------------


def _saring(qs: QuerySet[Any], himpunan: str, s: Saringan) -> QuerySet[Any]:
    if s.unit_ids is not None:
        qs = qs.filter(**{f"{_UNIT.get(himpunan, 'unit_id')}__in": s.unit_ids})
    if s.layanan:
        qs = qs.filter(layanan=s.layanan)
    if s.jenis:
        qs = qs.filter(jenis=s.jenis)
    if s.petugas_id is not None:
        qs = qs.filter(**{_PETUGAS.get(himpunan, "petugas_id"): s.petugas_id})
    return qs


def himpunan(nama: str, rentang: Rentang, s: Saringan) -> QuerySet[MetrikTiket]:
    """The summary rows behind one figure (also the drill-down's source)."""
    m = MetrikTiket.objects.all()
    a, b, t = rentang.awal, rentang.akhir, rentang.titik_akhir
    if nama == "masuk":
        qs = m.filter(diajukan_pada__gte=a, diajukan_pada__lt=b)
    elif nama == "respons":
        qs = m.filter(respons_pada__gte=a, respons_pada__lt=b)
    elif nama == "selesai":
        qs = m.filter(selesai_pada__gte=a, selesai_pada__lt=b)
    elif nama == "tolak":
        qs = m.filter(berakhir_pada__gte=a, berakhir_pada__lt=b, status=Status.DITOLAK)
    elif nama == "terbuka":
        qs = m.filter(diajukan_pada__lt=t).filter(Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gte=t))
    else:
        raise ValueError(nama)
    return _saring(qs, nama, s)


def syarat_terlambat(t: dt.datetime) -> Q:
    """Open at `t` (apply to the "terbuka" set) and past its tenggat, and not waiting for the citizen."""
    return Q(tenggat__lt=t) & ~Q(status=Status.MENUNGGU_WARGA, jeda_sejak__lte=t)


def _syarat_umur(t: dt.datetime, unit_ids: frozenset[int] | None) -> dict[str, Q]:
    """For each age bucket, who is in it at `t`: submitted before the bucket's cut-off, counted back in
    hari kerja on each unit's calendar (units without their own week share one per time zone)."""
    sendiri = kalender.unit_berjadwal_sendiri()
    kelompok: dict[Hashable, list[Unit]] = {}
    unit_qs = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    for unit in unit_qs.only("pk", "zona_waktu"):
        kunci = unit.pk if unit.pk in sendiri else str(kalender.zona_waktu(unit))
        kelompok.setdefault(kunci, []).append(unit)
    hari_batas = sorted({a for _k, a, _b in UMUR if a} | {b for _k, _a, b in UMUR if b is not None})
    batas: dict[int, Q] = {hari: Q(pk__in=[]) for hari in hari_batas}
    for units in kelompok.values():
        tanggalan = kalender.muat(unit=units[0])
        for hari in hari_batas:
            potong = _potong_umur(tanggalan, t, hari)
            batas[hari] |= Q(unit_id__in=[u.pk for u in units], diajukan_pada__lt=potong)
    hasil = {}
    for kunci, bawah, atas in UMUR:
        q = batas[bawah] if bawah else Q()
        if atas is not None:
            q &= ~batas[atas]
        hasil[kunci] = q
    return hasil


def _potong_umur(tanggalan: kalender.Kalender, t: dt.datetime, hari: int) -> dt.datetime:
    """The moment before which a tiket submitted is at least `hari` hari kerja old at `t`: the start of
    the day after the latest date D with hari_kerja_antara(D, t) >= hari."""
    tanggal = timezone.localtime(t, tanggalan.zona).date()
    hitung = 0
    while hitung < hari:
        if tanggalan.hari_kerja(tanggal):
            hitung += 1
        tanggal -= dt.timedelta(days=1)
    # `tanggal` is now the latest submission date that is `hari` working days old.
    return dt.datetime.combine(tanggal + dt.timedelta(days=1), dt.time(), tzinfo=tanggalan.zona)


# --- the figures -----------------------------------------------------------------------------------------


def _hitung(
    rentang: Rentang, s: Saringan, sudut: _Sudut, *, total: bool = False
) -> dict[Hashable, BarisKinerja]:
    """The rows of one perspective, keyed by group value; with `total` (or no grouping) also the row over
    everything, keyed TOTAL. The durations and their counts come from one pass per row set."""
    baris: dict[Hashable, BarisKinerja] = {}

    def ambil(kunci: Hashable) -> BarisKinerja:
        if kunci not in baris:
            baris[kunci] = BarisKinerja(kunci=None if kunci == TOTAL else kunci, nama="")
        return baris[kunci]

    def kunci_dari(r: dict[str, Any], dimensi: str | None) -> Hashable:
        return r[dimensi] if dimensi else TOTAL

    # The two distributions are the heavy reads (a sort per group): on PostgreSQL they run side by side
    # on their own connections while this thread reads the counts.
    hasil_sebaran = serentak(
        lambda: sebaran_per(
            himpunan("respons", rentang, s), sudut.respons, ("respons_kerja", "respons_kalender"), total=total
        ),
        lambda: sebaran_per(
            himpunan("selesai", rentang, s),
            sudut.selesai,
            ("selesai_kerja", "selesai_kalender"),
            _HITUNG_SELESAI,
            total=total,
        ),
    )
    if sudut.masuk is not None or sudut is SUDUT_TOTAL:
        for r in _kelompok(
            himpunan("masuk", rentang, s), sudut.masuk, n=Count(_SEMUA), alih=Sum("dialihkan")
        ):
            b = ambil(kunci_dari(r, sudut.masuk))
            b.masuk, b.dialihkan = r["n"], r["alih"] or 0

    for r in _kelompok(himpunan("tolak", rentang, s), sudut.tolak, "alasan_tolak", n=Count(_SEMUA)):
        ambil(kunci_dari(r, sudut.tolak)).ditolak[r["alasan_tolak"]] = r["n"]

    t = rentang.titik_akhir
    umur = _syarat_umur(t, s.unit_ids)
    terbuka = himpunan("terbuka", rentang, s)
    if sudut is SUDUT_PETUGAS:
        terbuka = terbuka.filter(petugas__isnull=False)
    for r in _kelompok(
        terbuka,
        sudut.terbuka,
        n=Count(_SEMUA),
        telat=Count(_SEMUA, filter=syarat_terlambat(t)),
        beban=Count(_SEMUA, filter=Q(petugas__isnull=False)),
        **{f"umur_{k}": Count(_SEMUA, filter=q) for k, q in umur.items()},
    ):
        b = ambil(kunci_dari(r, sudut.terbuka))
        b.terbuka, b.terlambat, b.beban = r["n"], r["telat"], r["beban"]
        b.umur = {k: r[f"umur_{k}"] for k, _a, _b in UMUR}

    respons, selesai = hasil_sebaran()
    for kunci, k in respons.items():
        b = ambil(kunci)
        b.respons_kerja, b.respons_kalender = k.sebaran["respons_kerja"], k.sebaran["respons_kalender"]
    for kunci, k in selesai.items():
        b = ambil(kunci)
        b.selesai_kerja, b.selesai_kalender = k.sebaran["selesai_kerja"], k.sebaran["selesai_kalender"]
        b.selesai_tepat, b.dibuka_kembali = k.hitung["tepat"], k.hitung["buka"]

    survei = _survei(rentang, s)
    for kunci, nilai in skm_mod.indeks_per(survei, sudut.survei).items():
        ambil(TOTAL if sudut.survei is None else kunci).skm = nilai
    if total and sudut.survei is not None:
        semua = skm_mod.indeks_per(survei, None).get(None)
        ambil(TOTAL).skm = semua
    if total and sudut is not SUDUT_TOTAL:
        _jumlahkan(ambil(TOTAL), [b for k, b in baris.items() if k != TOTAL])
    if sudut is SUDUT_PETUGAS:
        # Submissions belong to units and services, not to officers.
        for b in baris.values():
            b.masuk = b.dialihkan = None
    return baris


_HITUNG_SELESAI = {
    "tepat": Hitung("tepat_waktu", "{c}", lambda v: v is True),
    "buka": Hitung("dibuka_kembali", "{c} > 0", lambda v: bool(v)),
}


def _jumlahkan(total: BarisKinerja, baris: list[BarisKinerja]) -> None:
    """The total of the additive figures (the distributions came from the database's total row)."""
    total.masuk = sum(b.masuk or 0 for b in baris)
    total.dialihkan = sum(b.dialihkan or 0 for b in baris)
    total.terbuka = sum(b.terbuka for b in baris)
    total.terlambat = sum(b.terlambat for b in baris)
    total.beban = sum(b.beban for b in baris)
    total.umur = {k: sum(b.umur.get(k, 0) for b in baris) for k, _a, _b in UMUR}
    total.ditolak = {}
    for b in baris:
        for alasan, n in b.ditolak.items():
            total.ditolak[alasan] = total.ditolak.get(alasan, 0) + n


def _kelompok(qs: QuerySet[Any], dimensi: str | None, *lain: str, **agregat: Any) -> list[dict[str, Any]]:
    """Aggregates per group of `dimensi` (and `lain`); one row for no grouping at all."""
    kolom = [k for k in (dimensi, *lain) if k]
    if kolom:
        return list(qs.order_by().values(*kolom).annotate(**agregat))
    return [qs.order_by().aggregate(**agregat)]


def _survei(rentang: Rentang, s: Saringan) -> QuerySet[SurveiKepuasan]:
    qs = SurveiKepuasan.objects.filter(dibuat_pada__gte=rentang.awal, dibuat_pada__lt=rentang.akhir)
    if s.unit_ids is not None:
        qs = qs.filter(unit_id__in=s.unit_ids)
    if s.layanan:
        qs = qs.filter(layanan=s.layanan)
    if s.jenis:
        qs = qs.filter(layanan__startswith=("layanan:" if s.jenis == "permohonan" else "keluhan:"))
    if s.petugas_id is not None:
        qs = qs.filter(petugas_id=s.petugas_id)
    return qs


def _sembunyikan_skm_kecil(baris: list[BarisKinerja], *, pelengkap: bool = False) -> list[BarisKinerja]:
    """Hide an index with fewer than SKM_MIN_RESPONDEN answers: with so few, it tells what the citizens a
    row stands for answered.

    `pelengkap` (the rows add up to a total shown elsewhere, as a unit's officers add up to the unit):
    when exactly one row is hidden, the total minus the others would give it back, so the visible row
    with the fewest answers is hidden too (complementary suppression): the difference is then two rows'
    answers together, not one's."""
    tersembunyi = 0
    for b in baris:
        if b.skm is not None and b.skm.n < SKM_MIN_RESPONDEN:
            b.skm, b.skm_disembunyikan = None, True
            tersembunyi += 1
    if pelengkap and tersembunyi == 1:
        tampak = [b for b in baris if b.skm is not None]
        if tampak:
            terkecil = min(tampak, key=lambda b: b.skm.n if b.skm is not None else 0)
            terkecil.skm, terkecil.skm_disembunyikan = None, True
    return baris
