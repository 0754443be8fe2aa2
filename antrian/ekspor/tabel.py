"""Which columns each exported table has, and its rows, straight from the metrics selectors.

A table is a list of columns (header in Indonesian with its unit, kind of value, how to read it from a
row) and an iterable of rows. The kinds tell the writers how to type a cell: counts as integers, hours
and percentages as numbers with two decimals, times as dates. The drill-down's rows are read with
`.iterator()` so a table of 100k tikets never sits in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from antrian.ekspor.param import Permintaan
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.metrik.statistik import Sebaran
from antrian.models import AlasanTolak, Tiket, Unit
from antrian.selectors import kinerja
from antrian.selectors.kinerja import UMUR, BarisKinerja
from portal.samaran import samarkan_teks

TABEL = ("unit", "petugas", "layanan", "tiket")

# Kinds of value: how a writer types and formats the cell.
TEKS, BILANGAN, JAM, PERSEN, SKOR, WAKTU, YA_TIDAK = (
    "teks",
    "bilangan",
    "jam",
    "persen",
    "skor",
    "waktu",
    "ya",
)

# Drill-down pages (tiket) are read from the database in chunks of this many rows.
POTONGAN = 2000


@dataclass(frozen=True)
class Kolom:
    judul: str
    jenis: str
    ambil: Callable[[Any], Any]
    lebar: int = 14


@dataclass
class Tabel:
    nama: str
    kolom: list[Kolom]
    baris: Iterable[Any]


def _jam(durasi: dt.timedelta | None) -> float | None:
    """One tiket's duration in hours (the unit the selectors report distributions in)."""
    return None if durasi is None else durasi.total_seconds() / 3600.0


def baris_tiket(t: Tiket) -> dict[str, Any]:
    """One drill-down row: the tiket and its own durations from the metrics summary."""
    m = t.metrik
    return {
        "nomor": t.nomor,
        # Officers and managers read exports: a NIK or phone a citizen typed into the title is masked.
        "judul": samarkan_teks(t.judul),
        "jenis": t.jenis,
        "status": t.status,
        "layanan": m.layanan,
        "unit": {"id": t.unit_id, "kode": t.unit.kode, "nama": t.unit.nama},
        "petugas": None if t.petugas is None else {"id": t.petugas.pk, "nama": t.petugas.nama},
        "diajukan_pada": t.diajukan_pada,
        "tenggat": m.tenggat,
        "respons_pada": m.respons_pada,
        "selesai_pada": m.selesai_pada,
        "respons_jam_kerja": _jam(m.respons_kerja),
        "respons_jam_kalender": _jam(m.respons_kalender),
        "penyelesaian_jam_kerja": _jam(m.selesai_kerja),
        "penyelesaian_jam_kalender": _jam(m.selesai_kalender),
        "tepat_waktu": m.tepat_waktu,
        "dibuka_kembali": m.dibuka_kembali,
        "dialihkan": m.dialihkan,
        "alasan_tolak": m.alasan_tolak or None,
    }


# --- the columns of the figures tables ------------------------------------------------------------------


def _kolom_sebaran(ambil: Callable[[BarisKinerja], Sebaran], nama: str, jam: str) -> list[Kolom]:
    # `nama` and `jam` are already translated: "first response" / "working hours".
    return [
        Kolom(_("Mean %(x)s (%(jam)s)") % {"x": nama, "jam": jam}, JAM, lambda b: ambil(b).rerata, 16),
        Kolom(_("Median %(x)s (%(jam)s)") % {"x": nama, "jam": jam}, JAM, lambda b: ambil(b).median, 16),
        Kolom(_("P90 %(x)s (%(jam)s)") % {"x": nama, "jam": jam}, JAM, lambda b: ambil(b).p90, 16),
    ]


def _skm(b: BarisKinerja, medan: str) -> Any:
    if b.skm is None:
        return None
    nilai = getattr(b.skm, medan)
    return str(nilai) if medan == "kinerja" else nilai


def _ambil_dari(medan: str, kunci: str) -> Callable[[BarisKinerja], int]:
    """A count from one of the row's per-key dicts (rejections by reason, open tikets by age)."""

    def ambil(b: BarisKinerja) -> int:
        nilai: dict[str, int] = getattr(b, medan)
        return nilai.get(kunci, 0)

    return ambil


def _kolom_kinerja(identitas: list[Kolom], *, dengan_masuk: bool = True) -> list[Kolom]:
    kerja, kalender = _("working hours"), _("calendar hours")
    respons, selesai = _("first response"), _("resolution time")
    kolom = list(identitas)
    if dengan_masuk:
        kolom += [
            Kolom(_("Submitted (tickets)"), BILANGAN, lambda b: b.masuk),
            Kolom(_("Transferred (tickets)"), BILANGAN, lambda b: b.dialihkan),
        ]
    kolom += [
        Kolom(_("First responses (tickets)"), BILANGAN, lambda b: b.respons_kerja.n),
        *_kolom_sebaran(lambda b: b.respons_kerja, respons, kerja),
        *_kolom_sebaran(lambda b: b.respons_kalender, respons, kalender),
        Kolom(_("Resolved (tickets)"), BILANGAN, lambda b: b.selesai),
        *_kolom_sebaran(lambda b: b.selesai_kerja, selesai, kerja),
        *_kolom_sebaran(lambda b: b.selesai_kalender, selesai, kalender),
        Kolom(_("Resolved on time (tickets)"), BILANGAN, lambda b: b.selesai_tepat),
        Kolom(_("SLA compliance (%)"), PERSEN, lambda b: b.kepatuhan_sla),
        Kolom(_("Reopened (tickets)"), BILANGAN, lambda b: b.dibuka_kembali),
        Kolom(_("Reopen rate (%)"), PERSEN, lambda b: b.tingkat_buka_kembali),
    ]
    for alasan in AlasanTolak:
        kolom.append(
            Kolom(
                _("Rejected: %(alasan)s (tickets)") % {"alasan": alasan.label},
                BILANGAN,
                _ambil_dari("ditolak", alasan.value),
            )
        )
    kolom += [
        Kolom(_("Rejected, total (tickets)"), BILANGAN, lambda b: b.ditolak_total),
        Kolom(_("Rejection rate (%)"), PERSEN, lambda b: b.tingkat_tolak),
        Kolom(_("Open (tickets)"), BILANGAN, lambda b: b.terbuka),
        Kolom(_("Overdue (tickets)"), BILANGAN, lambda b: b.terlambat),
    ]
    for kunci, bawah, atas in UMUR:
        rentang = f"< {atas}" if not bawah else f"> {bawah}" if atas is None else f"{bawah}–{atas}"
        kolom.append(
            Kolom(
                _("Open, age %(rentang)s working days (tickets)") % {"rentang": rentang},
                BILANGAN,
                _ambil_dari("umur", kunci),
            )
        )
    kolom += [
        Kolom(_("Workload: open and assigned (tickets)"), BILANGAN, lambda b: b.beban),
        Kolom(_("SKM respondents"), BILANGAN, lambda b: _skm(b, "n")),
        Kolom(_("SKM score (25–100)"), SKOR, lambda b: _skm(b, "nilai")),
        Kolom(_("SKM grade"), TEKS, lambda b: _skm(b, "mutu"), 10),
        Kolom(_("SKM performance"), TEKS, lambda b: _skm(b, "kinerja")),
        Kolom(
            _("SKM hidden: fewer than %(n)s respondents (1 = yes, 0 = no)")
            % {"n": kinerja.SKM_MIN_RESPONDEN},
            YA_TIDAK,
            lambda b: b.skm_disembunyikan,
        ),
    ]
    return kolom


def _kolom_tiket() -> list[Kolom]:
    return [
        Kolom(_("Ticket number"), TEKS, lambda r: r["nomor"], 20),
        Kolom(_("Title"), TEKS, lambda r: r["judul"], 40),
        Kolom(_("Type"), TEKS, lambda r: r["jenis"], 12),
        Kolom(_("Status"), TEKS, lambda r: r["status"], 14),
        Kolom(_("Service key"), TEKS, lambda r: r["layanan"], 14),
        Kolom(_("Unit code"), TEKS, lambda r: r["unit"]["kode"]),
        Kolom(_("Unit"), TEKS, lambda r: r["unit"]["nama"], 30),
        Kolom(_("Officer"), TEKS, lambda r: r["petugas"]["nama"] if r["petugas"] else None, 24),
        Kolom(_("Submitted at"), WAKTU, lambda r: r["diajukan_pada"], 18),
        Kolom(_("Deadline"), WAKTU, lambda r: r["tenggat"], 18),
        Kolom(_("First response at"), WAKTU, lambda r: r["respons_pada"], 18),
        Kolom(_("Resolved at"), WAKTU, lambda r: r["selesai_pada"], 18),
        Kolom(_("First response (working hours)"), JAM, lambda r: r["respons_jam_kerja"], 16),
        Kolom(_("First response (calendar hours)"), JAM, lambda r: r["respons_jam_kalender"], 16),
        Kolom(_("Resolution time (working hours)"), JAM, lambda r: r["penyelesaian_jam_kerja"], 16),
        Kolom(_("Resolution time (calendar hours)"), JAM, lambda r: r["penyelesaian_jam_kalender"], 16),
        Kolom(_("On time (1 = yes, 0 = no)"), YA_TIDAK, lambda r: r["tepat_waktu"]),
        Kolom(_("Times reopened"), BILANGAN, lambda r: r["dibuka_kembali"]),
        Kolom(_("Times transferred"), BILANGAN, lambda r: r["dialihkan"]),
        Kolom(_("Rejection reason"), TEKS, lambda r: r["alasan_tolak"]),
    ]


# --- the tables --------------------------------------------------------------------------------------------


def _baris_tiket(qs: Iterable[Tiket]) -> Iterator[dict[str, Any]]:
    for t in qs:
        yield baris_tiket(t)


def susun_tabel(*, aktor: Aktor, tabel: str, permintaan: Permintaan, ukuran: str = "") -> Tabel:
    """The columns and rows of one export. Permission and validation errors are raised here, before a
    single byte is written, so a streamed answer never breaks off halfway with an error."""
    p = permintaan
    if tabel == "unit":
        baris, total = kinerja.ikhtisar_unit(aktor=aktor, rentang=p.rentang, saringan=p.saringan, simpan=True)
        if total is not None:
            baris.append(total)  # the last row: the figures over every unit exported
        kode = dict(Unit.objects.filter(pk__in=[b.kunci for b in baris]).values_list("pk", "kode"))
        identitas = [
            Kolom(_("Unit code"), TEKS, lambda b: kode.get(b.kunci, "")),
            Kolom(_("Unit"), TEKS, lambda b: b.nama, 36),
        ]
        return Tabel("unit", _kolom_kinerja(identitas), baris)
    if tabel == "petugas":
        if p.unit is None:
            raise DataTidakValid(rincian={"unit": [_("Choose the unit whose officers to export.")]})
        baris = kinerja.kinerja_petugas(
            aktor=aktor, rentang=p.rentang, unit_id=p.unit.pk, saringan=p.saringan, simpan=True
        )
        identitas = [
            Kolom(_("Officer ID"), BILANGAN, lambda b: b.kunci, 10),
            Kolom(_("Officer"), TEKS, lambda b: b.nama, 30),
        ]
        return Tabel("petugas", _kolom_kinerja(identitas, dengan_masuk=False), baris)
    if tabel == "layanan":
        baris = kinerja.kinerja_layanan(aktor=aktor, rentang=p.rentang, saringan=p.saringan, simpan=True)
        identitas = [
            Kolom(_("Service key"), TEKS, lambda b: b.kunci),
            Kolom(_("Service or complaint category"), TEKS, lambda b: b.nama, 36),
        ]
        return Tabel("layanan", _kolom_kinerja(identitas), baris)
    if tabel == "tiket":
        if not ukuran:
            raise DataTidakValid(
                rincian={"ukuran": [_("Choose a measure: %(d)s.") % {"d": ", ".join(kinerja.UKURAN)}]}
            )
        qs = kinerja.tiket_di_balik(aktor=aktor, rentang=p.rentang, ukuran=ukuran, saringan=p.saringan)
        return Tabel("tiket", _kolom_tiket(), _baris_tiket(qs.iterator(chunk_size=POTONGAN)))
    raise DataTidakValid(rincian={"tabel": [_("Choose one of: %(d)s.") % {"d": ", ".join(TABEL)}]})
