"""The range, the filters, the row every table shows, and who may see which units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.izin import Aktor
from antrian.metrik.skm import IndeksSkm
from antrian.metrik.statistik import KOSONG, Sebaran
from antrian.models import AlasanTolak

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


# The default of every `saringan=` argument: everything the viewer may see.
TANPA_SARINGAN = Saringan()


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
