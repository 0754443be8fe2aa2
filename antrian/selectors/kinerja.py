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

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian import kalender, rincian
from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.izin import Aktor
from antrian.metrik import skm as skm_mod
from antrian.metrik.skm import IndeksSkm
from antrian.metrik.statistik import KOSONG, TOTAL, Hitung, Sebaran, sebaran_per, serentak
from antrian.models import AlasanTolak, MetrikTiket, Petugas, Status, SurveiKepuasan, Tiket, Unit

RENTANG_MAKS_HARI = 731
# Below this many answers an officer-level SKM figure is not shown: a handful of answers could be traced
# back to the citizens the officer served, and the survey is anonymous to officers.
SKM_MIN_RESPONDEN = 5
# Counted as COUNT(diajukan_pada), never empty: unlike the primary key it is in every covering index, so
# counting reads the index alone.
_SEMUA = "diajukan_pada"
UMUR = (("lt1", 0, 1), ("1_3", 1, 3), ("3_5", 3, 5), ("5_10", 5, 10), ("gt10", 10, None))


# --- range and filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rentang:
    """Whole local days `dari`..`sampai` inclusive, in the portal's time zone."""

    dari: dt.date
    sampai: dt.date

    @property
    def awal(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.dari, dt.time()))

    @property
    def akhir(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.sampai + dt.timedelta(days=1), dt.time()))

    @property
    def titik_akhir(self) -> dt.datetime:
        """The moment open tikets are counted at: the end of the range, or now if that is later."""
        return min(self.akhir, timezone.now())

    @classmethod
    def bawaan(cls, hari: int = 90) -> Rentang:
        hari_ini = timezone.localdate()
        return cls(dari=hari_ini - dt.timedelta(days=hari - 1), sampai=hari_ini)

    @classmethod
    def dari_teks(cls, dari: str | None, sampai: str | None) -> Rentang:
        """From `YYYY-MM-DD` strings (either may be empty: the last 90 days up to `sampai`/today)."""
        galat: dict[str, list[str]] = {}
        hasil: dict[str, dt.date | None] = {}
        for nama, nilai in (("dari", dari), ("sampai", sampai)):
            hasil[nama] = None
            if nilai:
                try:
                    hasil[nama] = dt.date.fromisoformat(nilai)
                except ValueError:
                    galat[nama] = [_("Use a date in the form YYYY-MM-DD.")]
        if galat:
            raise DataTidakValid(rincian=galat)
        akhir = hasil["sampai"] or timezone.localdate()
        awal = hasil["dari"] or akhir - dt.timedelta(days=89)
        if awal > akhir:
            raise DataTidakValid(rincian={"dari": [_("The start date is after the end date.")]})
        if (akhir - awal).days + 1 > RENTANG_MAKS_HARI:
            raise DataTidakValid(
                rincian={"dari": [_("The range may be at most %(n)s days.") % {"n": RENTANG_MAKS_HARI}]}
            )
        return cls(dari=awal, sampai=akhir)


@dataclass(frozen=True)
class Saringan:
    unit_ids: frozenset[int] | None = None  # None: every unit the viewer may see
    layanan: str = ""  # "layanan:<pk>" or "keluhan:<pk>"
    jenis: str = ""  # permohonan / keluhan
    petugas_id: int | None = None


@dataclass(frozen=True)
class _Sudut:
    """Which field each row set is grouped by (None: one total row)."""

    respons: str | None
    selesai: str | None
    masuk: str | None
    tolak: str | None
    terbuka: str | None
    survei: str | None


SUDUT_UNIT = _Sudut("respons_unit_id", "selesai_unit_id", "unit_awal_id", "unit_id", "unit_id", "unit_id")
SUDUT_PETUGAS = _Sudut(
    "respons_petugas_id", "selesai_petugas_id", None, "tolak_petugas_id", "petugas_id", "petugas_id"
)
SUDUT_LAYANAN = _Sudut("layanan", "layanan", "layanan", "layanan", "layanan", "layanan")
SUDUT_TOTAL = _Sudut(None, None, None, None, None, None)
# The unit and officer field of each row set, for filtering.
_UNIT = {"respons": "respons_unit_id", "selesai": "selesai_unit_id", "masuk": "unit_awal_id"}
_PETUGAS = {"respons": "respons_petugas_id", "selesai": "selesai_petugas_id", "tolak": "tolak_petugas_id"}


@dataclass
class BarisKinerja:
    kunci: Hashable
    nama: str
    masuk: int | None = 0
    dialihkan: int | None = 0
    respons_kerja: Sebaran = KOSONG
    respons_kalender: Sebaran = KOSONG
    selesai_kerja: Sebaran = KOSONG
    selesai_kalender: Sebaran = KOSONG
    selesai_tepat: int = 0
    dibuka_kembali: int = 0
    ditolak: dict[str, int] = field(default_factory=dict)
    terbuka: int = 0
    terlambat: int = 0
    umur: dict[str, int] = field(default_factory=dict)
    beban: int = 0
    skm: IndeksSkm | None = None
    skm_disembunyikan: bool = False  # answers exist but fewer than SKM_MIN_RESPONDEN

    @property
    def selesai(self) -> int:
        return self.selesai_kerja.n

    @property
    def ditolak_total(self) -> int:
        return sum(self.ditolak.values())

    @property
    def kepatuhan_sla(self) -> float | None:
        penyebut = self.selesai + self.terlambat
        return 100.0 * self.selesai_tepat / penyebut if penyebut else None

    @property
    def tingkat_buka_kembali(self) -> float | None:
        return 100.0 * self.dibuka_kembali / self.selesai if self.selesai else None

    @property
    def tingkat_tolak(self) -> float | None:
        penyebut = self.selesai + self.ditolak_total
        return 100.0 * self.ditolak_total / penyebut if penyebut else None

    def sebagai_dict(self) -> dict[str, Any]:
        return {
            "kunci": self.kunci,
            "nama": self.nama,
            "masuk": self.masuk,
            "dialihkan": self.dialihkan,
            "respons_jam_kerja": self.respons_kerja.sebagai_dict(),
            "respons_jam_kalender": self.respons_kalender.sebagai_dict(),
            "penyelesaian_jam_kerja": self.selesai_kerja.sebagai_dict(),
            "penyelesaian_jam_kalender": self.selesai_kalender.sebagai_dict(),
            "selesai": self.selesai,
            "selesai_tepat_waktu": self.selesai_tepat,
            "kepatuhan_sla": self.kepatuhan_sla,
            "dibuka_kembali": self.dibuka_kembali,
            "tingkat_buka_kembali": self.tingkat_buka_kembali,
            "ditolak": {alasan: self.ditolak.get(alasan, 0) for alasan in AlasanTolak.values},
            "tingkat_tolak": self.tingkat_tolak,
            "terbuka": self.terbuka,
            "terlambat": self.terlambat,
            "umur_hari_kerja": {k: self.umur.get(k, 0) for k, _a, _b in UMUR},
            "beban": self.beban,
            "skm": self.skm.sebagai_dict() if self.skm else None,
        }


# --- who may see what ----------------------------------------------------------------------------------


def unit_terlihat(aktor: Aktor) -> frozenset[int] | None:
    """Units whose figures the viewer may see: None for managers (all), the supervised units of a
    supervisor; officers only see their own figures (`kinerja_saya`)."""
    if aktor.adalah_manajer:
        return None
    supervisi = frozenset(aktor.unit_supervisi_ids)
    if not supervisi:
        raise TidakDiizinkan(_("Only supervisors and managers can see unit metrics."))
    return supervisi


def _cakup(aktor: Aktor, saringan: Saringan) -> Saringan:
    terlihat = unit_terlihat(aktor)
    if terlihat is None:
        return saringan
    if saringan.unit_ids is None:
        return replace(saringan, unit_ids=terlihat)
    if not saringan.unit_ids <= terlihat:
        raise TidakDiizinkan(_("You may only see the metrics of the units you supervise."))
    return saringan


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


def _sembunyikan_skm_kecil(baris: list[BarisKinerja]) -> list[BarisKinerja]:
    for b in baris:
        if b.skm is not None and b.skm.n < SKM_MIN_RESPONDEN:
            b.skm, b.skm_disembunyikan = None, True
    return baris


# --- what the pages, API and exports call ----------------------------------------------------------------


def kinerja_unit(*, aktor: Aktor, rentang: Rentang, saringan: Saringan = Saringan()) -> list[BarisKinerja]:
    """One row per unit the viewer may see (units with nothing in the range included), by name."""
    return ikhtisar_unit(aktor=aktor, rentang=rentang, saringan=saringan, dengan_total=False)[0]


def ikhtisar_unit(
    *, aktor: Aktor, rentang: Rentang, saringan: Saringan = Saringan(), dengan_total: bool = True
) -> tuple[list[BarisKinerja], BarisKinerja | None]:
    """The per-unit overview: one row per unit the viewer may see, and the total over them, from the
    same passes over the data (the total's medians are over all tikets, not a median of medians)."""
    s = _cakup(aktor, saringan)
    baris = _hitung(rentang, s, SUDUT_UNIT, total=dengan_total)
    total = baris.pop(TOTAL, None)
    if total is not None:
        total.nama = _("All units") if s.unit_ids is None else _("Total")
    units = Unit.objects.all() if s.unit_ids is None else Unit.objects.filter(pk__in=s.unit_ids)
    hasil = []
    for unit in units.order_by("nama"):
        b = baris.get(unit.pk) or BarisKinerja(kunci=unit.pk, nama="")
        b.nama = unit.nama
        hasil.append(b)
    return hasil, total


def kinerja_total(*, aktor: Aktor, rentang: Rentang, saringan: Saringan = Saringan()) -> BarisKinerja:
    """The same figures over everything the viewer may see, as one row."""
    s = _cakup(aktor, saringan)
    b = _hitung(rentang, s, SUDUT_TOTAL).get(TOTAL) or BarisKinerja(kunci=None, nama="")
    b.nama = _("All units") if s.unit_ids is None else _("Total")
    return b


def kinerja_petugas(
    *, aktor: Aktor, rentang: Rentang, unit_id: int, saringan: Saringan = Saringan()
) -> list[BarisKinerja]:
    """One row per officer of a unit (members now, and anyone with figures in the unit in the range)."""
    s = _cakup(aktor, replace(saringan, unit_ids=frozenset({unit_id})))
    baris = _hitung(rentang, s, SUDUT_PETUGAS)
    baris.pop(None, None)
    anggota = set(Petugas.objects.filter(keanggotaan__unit_id=unit_id).values_list("pk", flat=True))
    petugas = Petugas.objects.filter(pk__in=anggota | {k for k in baris if isinstance(k, int)})
    hasil = []
    for p in petugas.select_related("pengguna"):
        b = baris.get(p.pk) or BarisKinerja(kunci=p.pk, nama="", masuk=None, dialihkan=None)
        b.nama = p.nama
        hasil.append(b)
    return _sembunyikan_skm_kecil(sorted(hasil, key=lambda b: b.nama.lower()))


def kinerja_layanan(*, aktor: Aktor, rentang: Rentang, saringan: Saringan = Saringan()) -> list[BarisKinerja]:
    """One row per service / complaint category with anything in the range."""
    s = _cakup(aktor, saringan)
    return _per_layanan(_hitung(rentang, s, SUDUT_LAYANAN))


def _per_layanan(baris: dict[Hashable, BarisKinerja]) -> list[BarisKinerja]:
    nama = rincian.nama_layanan()
    for kunci, b in baris.items():
        b.nama = nama.get(str(kunci), str(kunci) or _("(unknown)"))
    return sorted(baris.values(), key=lambda b: b.nama.lower())


@dataclass
class KinerjaSaya:
    saya: BarisKinerja
    unit: list[BarisKinerja]  # each of the officer's units, over all its officers
    layanan: list[tuple[BarisKinerja, BarisKinerja | None]]  # mine per service, with the unit's
    perhatian: list[tuple[BarisKinerja, BarisKinerja, str]]  # where I am slowest / least rated


def kinerja_saya(*, aktor: Aktor, rentang: Rentang) -> KinerjaSaya:
    """An officer's own figures against their units' figures, per service too, and where they lag."""
    if aktor.petugas is None:
        raise TidakDiizinkan(_("Only officers have their own performance page."))
    saringan_saya = Saringan(petugas_id=aktor.petugas.pk)
    saya = _hitung(rentang, saringan_saya, SUDUT_TOTAL).get(TOTAL) or BarisKinerja(kunci=None, nama="")
    saya.nama, saya.masuk, saya.dialihkan = aktor.petugas.nama, None, None
    unit_ids = frozenset(aktor.unit_ids)
    unit_baris = _hitung(rentang, Saringan(unit_ids=unit_ids), SUDUT_UNIT)
    units = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("nama"):
        b = unit_baris.get(unit.pk) or BarisKinerja(kunci=unit.pk, nama="")
        b.nama = unit.nama
        units.append(b)
    milik = {b.kunci: b for b in _per_layanan(_hitung(rentang, saringan_saya, SUDUT_LAYANAN))}
    pembanding = {
        b.kunci: b for b in _per_layanan(_hitung(rentang, Saringan(unit_ids=unit_ids), SUDUT_LAYANAN))
    }
    layanan = [(b, pembanding.get(k)) for k, b in milik.items()]
    # The unit's figures are shown to an officer too: a unit (or a unit's service) with a handful of
    # answers would give away the answers of the citizens this officer served as surely as their own row.
    _sembunyikan_skm_kecil([saya, *milik.values(), *units, *pembanding.values()])
    return KinerjaSaya(saya=saya, unit=units, layanan=layanan, perhatian=_perhatian(layanan))


def _perhatian(
    layanan: list[tuple[BarisKinerja, BarisKinerja | None]],
) -> list[tuple[BarisKinerja, BarisKinerja, str]]:
    """Services where the officer's median resolution is clearly slower than the unit's (by 25% or more,
    over at least 3 resolutions), or their SKM score lower than the unit's: worst first, at most five."""
    kandidat: list[tuple[float, BarisKinerja, BarisKinerja, str]] = []
    for saya, unit in layanan:
        if unit is None:
            continue
        if saya.selesai >= 3 and saya.selesai_kerja.median and unit.selesai_kerja.median:
            rasio = saya.selesai_kerja.median / unit.selesai_kerja.median
            if rasio >= 1.25:
                kandidat.append((rasio, saya, unit, "lambat"))
        if saya.skm is not None and unit.skm is not None and saya.skm.nilai < unit.skm.nilai:
            kandidat.append((1 + float(unit.skm.nilai - saya.skm.nilai) / 25, saya, unit, "skm"))
    kandidat.sort(key=lambda k: -k[0])
    return [(s, u, alasan) for _r, s, u, alasan in kandidat[:5]]


# --- weekly trend and drill-down ----------------------------------------------------------------------


@dataclass(frozen=True)
class TitikTren:
    minggu: dt.date  # the Monday starting the week (clipped to the range)
    masuk: int
    selesai: int
    selesai_tepat: int
    terlambat: int  # open and overdue at the end of the week

    @property
    def kepatuhan_sla(self) -> float | None:
        penyebut = self.selesai + self.terlambat
        return 100.0 * self.selesai_tepat / penyebut if penyebut else None


def _minggu(rentang: Rentang) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    senin = rentang.dari - dt.timedelta(days=rentang.dari.weekday())
    hasil = []
    while senin <= rentang.sampai:
        awal = max(senin, rentang.dari)
        akhir = min(senin + dt.timedelta(days=7), rentang.sampai + dt.timedelta(days=1))
        hasil.append(
            (
                senin,
                timezone.make_aware(dt.datetime.combine(awal, dt.time())),
                timezone.make_aware(dt.datetime.combine(akhir, dt.time())),
            )
        )
        senin += dt.timedelta(days=7)
    return hasil


def tren_mingguan(*, aktor: Aktor, rentang: Rentang, saringan: Saringan = Saringan()) -> list[TitikTren]:
    """Per week: submitted, resolved, resolved on time, overdue open at its end, in three queries."""
    s = _cakup(aktor, saringan)
    minggu = _minggu(rentang)
    sekarang = timezone.now()

    def per_minggu(qs: QuerySet[MetrikTiket], medan: str, **lain: Any) -> dict[str, int]:
        return qs.aggregate(
            **{
                f"m{i}": Count(_SEMUA, filter=Q(**{f"{medan}__gte": a, f"{medan}__lt": b}, **lain))
                for i, (_s, a, b) in enumerate(minggu)
            }
        )

    masuk = per_minggu(himpunan("masuk", rentang, s), "diajukan_pada")
    selesai = himpunan("selesai", rentang, s).aggregate(
        **{
            f"{nama}{i}": Count(_SEMUA, filter=Q(selesai_pada__gte=a, selesai_pada__lt=b, **syarat))
            for i, (_s, a, b) in enumerate(minggu)
            for nama, syarat in (("m", {}), ("t", {"tepat_waktu": True}))
        }
    )
    telat_qs = _saring(
        # Only tikets that were ever overdue while open: still open, or ended after their tenggat.
        MetrikTiket.objects.filter(diajukan_pada__lt=rentang.titik_akhir, tenggat__lt=rentang.titik_akhir)
        .filter(Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gte=rentang.awal))
        .filter(Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gt=F("tenggat"))),
        "terbuka",
        s,
    )
    telat = telat_qs.aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=Q(diajukan_pada__lt=min(b, sekarang))
                & (Q(berakhir_pada__isnull=True) | Q(berakhir_pada__gte=min(b, sekarang)))
                & syarat_terlambat(min(b, sekarang)),
            )
            for i, (_s, _a, b) in enumerate(minggu)
        }
    )
    return [
        TitikTren(
            minggu=senin,
            masuk=masuk[f"m{i}"],
            selesai=selesai[f"m{i}"],
            selesai_tepat=selesai[f"t{i}"],
            terlambat=telat[f"m{i}"],
        )
        for i, (senin, _a, _b) in enumerate(minggu)
    ]


UKURAN = {
    # drill-down measure -> (row set, extra condition)
    "masuk": ("masuk", Q()),
    "dialihkan": ("masuk", Q(dialihkan__gt=0)),
    "respons": ("respons", Q()),
    "selesai": ("selesai", Q()),
    "selesai_tepat": ("selesai", Q(tepat_waktu=True)),
    "selesai_terlambat": ("selesai", Q(tepat_waktu=False)),
    "dibuka_kembali": ("selesai", Q(dibuka_kembali__gt=0)),
    "ditolak": ("tolak", Q()),
    "terbuka": ("terbuka", Q()),
    "terlambat": ("terbuka", None),
}


def tiket_di_balik(
    *, aktor: Aktor, rentang: Rentang, ukuran: str, saringan: Saringan = Saringan()
) -> QuerySet[Tiket]:
    """The tikets behind one figure, newest first: the same row set and attribution as the figure (a
    unit's row: `saringan.unit_ids`; an officer's: `saringan.petugas_id` too)."""
    if ukuran not in UKURAN:
        raise DataTidakValid(
            rincian={"ukuran": [_("Unknown measure. Choose one of: %(d)s.") % {"d": ", ".join(UKURAN)}]}
        )
    s = _cakup(aktor, saringan)
    nama, syarat = UKURAN[ukuran]
    qs = himpunan(nama, rentang, s)
    qs = qs.filter(syarat_terlambat(rentang.titik_akhir) if syarat is None else syarat)
    return (
        Tiket.objects.filter(pk__in=qs.values("tiket_id"))
        .select_related("unit", "petugas__pengguna", "metrik")
        .order_by("-diajukan_pada", "-id")
    )


def pilihan_saringan(*, aktor: Aktor) -> dict[str, Any]:
    """The units and services the viewer may filter by."""
    terlihat = unit_terlihat(aktor)
    units = Unit.objects.all() if terlihat is None else Unit.objects.filter(pk__in=terlihat)
    return {
        "unit": list(units.order_by("nama").values_list("pk", "nama")),
        "layanan": [
            (kunci, nama)
            for kunci, nama, unit_id in rincian.katalog_layanan()
            if terlihat is None or unit_id in terlihat
        ],
        "umur": [k for k, _a, _b in UMUR],
        "zona": settings.TIME_ZONE,
    }
