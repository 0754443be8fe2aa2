"""From a simulated life to the rows the services would have left: the tiket (its fields replayed from
the events, as the transitions set them), its permohonan or keluhan, events, replies, the metrics row
(`antrian.metrik.rujukan.hitung` over these very events) and, for part of the resolved ones, an SKM answer.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from antrian.metrik import rujukan
from antrian.metrik.lipat import KalenderUnit
from antrian.models import MetrikTiket
from antrian.models.tiket import AWALAN_NOMOR
from antrian.services._umum import hash_token
from portal.demo.sejarah import data
from portal.demo.sejarah.jenis import Hidup, Kejadian, Pengajuan

_NOL = dt.timedelta(0)
# Transitions that count as the first response on the tiket (Tiket._catat_respons).
_RESPONS = frozenset({"mulai", "minta_kelengkapan", "selesaikan", "tolak"})


@dataclass
class Batch:
    """Rows of one batch, per table, as dicts of attribute names."""

    tiket: list[dict[str, Any]] = field(default_factory=list)
    permohonan: list[dict[str, Any]] = field(default_factory=list)
    keluhan: list[dict[str, Any]] = field(default_factory=list)
    peristiwa: list[dict[str, Any]] = field(default_factory=list)
    tanggapan: list[dict[str, Any]] = field(default_factory=list)
    metrik: list[MetrikTiket] = field(default_factory=list)
    survei: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Isi:
    """What the citizen wrote: the tiket's title, and the permohonan's answers or the keluhan's text."""

    judul: str
    jawaban: dict[str, Any] | None = None  # permohonan
    kategori_id: int | None = None  # keluhan
    isi: str = ""
    alamat: str = ""
    anonim: bool = False
    rahasia: bool = False
    kontak: tuple[str, str, str] = ("", "", "")  # a guest's name, e-mail, phone


def tiket_dari(pk: int, p: Pengajuan, h: Hidup, isi: Isi, p_tenggat: dict[str, Any]) -> dict[str, Any]:
    """The tiket's columns as its transitions leave them after these events (`antrian.models.tiket`)."""
    t: dict[str, Any] = {
        "id": pk,
        "nomor": f"{AWALAN_NOMOR[p.jenis]}-{timezone.localtime(p.waktu):%y%m}-{pk:05d}",  # type: ignore[index]
        "jenis": p.jenis,
        "judul": isi.judul[:200],
        "unit_id": p.unit_id,
        "status": "diajukan",
        "prioritas": 2,
        "pemohon_id": p.pemohon_id,
        "kontak_nama": isi.kontak[0],
        "kontak_email": isi.kontak[1],
        "kontak_telepon": isi.kontak[2],
        "anonim": isi.anonim,
        "identitas_rahasia": isi.rahasia or isi.anonim,
        "token_lacak_hash": hash_token(f"sejarah-{pk}-{p.waktu.timestamp()}"),
        "petugas_id": None,
        "diajukan_pada": p.waktu,
        "ditugaskan_pada": None,
        "respons_pertama_pada": None,
        "diselesaikan_pada": None,
        "ditutup_pada": None,
        "jeda_sejak": None,
        "durasi_jeda_kerja": _NOL,
        "durasi_jeda": _NOL,
        "tenggat": h.tenggat_awal,
        "diperbarui_pada": h.kejadian[-1].waktu,
        "alasan_tolak": "",
        "jumlah_dibuka_kembali": 0,
        "jumlah_dialihkan": 0,
        "versi": len(h.kejadian),  # every change after the submission bumps it once
        **p_tenggat,
    }
    for k in h.kejadian[1:]:
        _terapkan(t, k)
    return t


def _terapkan(t: dict[str, Any], k: Kejadian) -> None:
    a, w = k.aksi, k.waktu
    t["status"], t["unit_id"] = k.ke, k.unit_id
    if a in _RESPONS or (a == "tanggapi" and k.data.get("dari_petugas")):
        t["respons_pertama_pada"] = t["respons_pertama_pada"] or w
    if a in ("ambil", "tugaskan"):
        t["petugas_id"], t["ditugaskan_pada"] = k.petugas_id, w
    elif a == "minta_kelengkapan":
        t["jeda_sejak"] = w
    elif a == "lengkapi":
        t["durasi_jeda"] += w - t["jeda_sejak"]
        t["durasi_jeda_kerja"] += k.jeda_kerja
        t["jeda_sejak"] = None
        if "tenggat" in k.data:
            t["tenggat"] = dt.datetime.fromisoformat(k.data["tenggat"])
    elif a == "selesaikan":
        t["diselesaikan_pada"] = w
    elif a == "buka_kembali":
        t["durasi_jeda"] += w - t["diselesaikan_pada"]
        t["durasi_jeda_kerja"] += k.jeda_kerja
        t["jumlah_dibuka_kembali"] += 1
        t["diselesaikan_pada"] = None
        if "tenggat" in k.data:
            t["tenggat"] = dt.datetime.fromisoformat(k.data["tenggat"])
    elif a in ("tutup", "batalkan"):
        t["ditutup_pada"] = w
    elif a == "tolak":
        t["alasan_tolak"], t["ditutup_pada"] = k.data["alasan"], w
    elif a == "alihkan":
        t["petugas_id"] = None
        t["jumlah_dialihkan"] += 1


def baris_kejadian(tiket_id: int, h: Hidup) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The event rows and reply rows of one tiket (ids already given)."""
    peristiwa, tanggapan = [], []
    for k in h.kejadian:
        if k.balasan is not None:
            b = k.balasan
            tanggapan.append(
                {
                    "id": b.id,
                    "tiket_id": tiket_id,
                    "penulis_id": b.penulis_id,
                    "dari_petugas": b.dari_petugas,
                    "isi": b.isi,
                    "internal": b.internal,
                    "dibuat_pada": k.waktu,
                }
            )
        peristiwa.append(
            {
                "id": k.id,
                "tiket_id": tiket_id,
                "jenis": k.jenis,
                "aksi": k.aksi,
                "dari_status": k.dari,
                "ke_status": k.ke,
                "aktor_id": k.aktor_id,
                "petugas_id": k.petugas_id,
                "unit_id": k.unit_id,
                "dibuat_pada": k.waktu,
                "catatan": k.catatan,
                "publik": k.publik,
                "data": k.data,
                "urutan": None,
            }
        )
    return peristiwa, tanggapan


def metrik(tiket: dict[str, Any], h: Hidup, kalender_unit: KalenderUnit) -> MetrikTiket:
    """The summary row, computed by the independent route the rebuild command checks with."""
    ev = [
        rujukan.Ev(k.id, k.aksi, k.ke, k.petugas_id, k.unit_id, k.waktu, k.publik, k.data) for k in h.kejadian
    ]
    return rujukan.hitung(
        tiket_id=tiket["id"],
        jenis=tiket["jenis"],
        peristiwa=ev,
        kalender_unit=kalender_unit,
        tenggat=tiket["tenggat"],
    )


def survei(acak: random.Random, m: MetrikTiket, h: Hidup, sekarang: dt.datetime) -> dict[str, Any] | None:
    """An SKM answer for ~30% of resolved tikets: kinder when it was quick and on time, harsher when not."""
    if m.selesai_pada is None or acak.random() >= 0.30:
        return None
    waktu = m.selesai_pada + dt.timedelta(hours=acak.uniform(0.5, 72))
    if waktu > sekarang:
        return None
    dasar = (3.35 if m.tepat_waktu else 2.55) - 0.25 * (h.laju - 1.0)
    # Per element: waiting time follows promptness most, the fee (mostly free) is rated highest.
    geser = {"u3": 0.35 if m.tepat_waktu else -0.45, "u4": 0.35, "u9": -0.2, "u7": 0.1}
    jawaban = {
        f"u{i}": min(4, max(1, round(acak.gauss(dasar + geser.get(f"u{i}", 0.0), 0.55))))
        for i in range(1, 10)
    }
    return {
        "tiket_id": m.tiket_id,
        "unit_id": m.selesai_unit_id or m.unit_id,
        "layanan": m.layanan,
        "petugas_id": m.selesai_petugas_id,
        **jawaban,
        "saran": acak.choice(data.SARAN_SKM),
        "dibuat_pada": waktu,
    }
