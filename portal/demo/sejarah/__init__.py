"""A large, realistic history for the demo Tubei (`manage.py muat_demo --tikets N`).

N tikets spread over the last `hari` days up to now, weighted by weekday and hour, over the catalogue's
services (KTP-el, KK and akta most of all) and the complaint categories (about 70% permohonan, 30%
keluhan), filed by the pool of demo citizens, by guests, and anonymously. Each tiket's life is simulated
transition by transition (`siklus`) with the events the services write, cut at now, so recent tikets are
still open; extra officers per unit, each with their own speed, do the work (`orang`). The rows are
written in batches, each batch its own transaction, with bulk inserts (`tulis`); the metrics summary is
computed in memory by the same independent route `manage.py metrik_bangun_ulang` checks with (`rekam`).

Idempotency: the history is added once. A second run refuses (`SejarahSudahAda`) unless `tambah=True`
(`--tambah`), which adds N more tikets by the same officers and citizens.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antrian import kalender as kalender_mod
from antrian.kalender import Kalender
from antrian.models import MetrikTiket, Peristiwa, SurveiKepuasan, Tanggapan, Tiket, Unit
from keluhan.models import TENGGAT_PENUGASAN_HARI, TENGGAT_TINDAK_LANJUT_HARI, KategoriKeluhan, Keluhan
from layanan.formulir import bersihkan_jawaban
from layanan.models import JenisLayanan, Permohonan
from portal.demo.sejarah import data, orang, rekam
from portal.demo.sejarah.jenis import Hidup, Pengajuan
from portal.demo.sejarah.kalender import KalenderCepat
from portal.demo.sejarah.kemajuan import Kemajuan
from portal.demo.sejarah.siklus import Simulasi
from portal.demo.sejarah.tulis import Penulis, ambil_id, beri_urutan, lewati_pemicu

__all__ = ["Ringkasan", "SejarahSudahAda", "ada_sejarah", "muat_sejarah"]


class SejarahSudahAda(Exception):
    """The history was loaded before; add more only on purpose (`tambah=True`)."""


@dataclass
class Ringkasan:
    tiket: int = 0
    per_status: Counter[str] = field(default_factory=Counter)
    baris: int = 0
    detik: float = 0.0
    metode: str = ""


def ada_sejarah() -> bool:
    return Tiket.objects.filter(
        Q(pemohon__username__startswith=orang.AWALAN_WARGA)
        | Q(petugas__pengguna__username__startswith=orang.AWALAN_PETUGAS)
    ).exists()


def _waktu_pengajuan(
    acak: random.Random, jumlah: int, hari: int, sekarang: dt.datetime, kal: Kalender
) -> list[float]:
    """Submission moments (POSIX seconds, sorted): by weekday and hour, fewer on holidays, a slow growth."""
    zona = timezone.get_current_timezone()
    hari_ini = timezone.localtime(sekarang).date()
    tanggal = [hari_ini - dt.timedelta(days=i) for i in range(hari - 1, -1, -1)]
    slot, bobot = [], []
    for i, d in enumerate(tanggal):
        b_hari = data.BOBOT_HARI[d.weekday()] * (1.0 if kal.hari_kerja(d) or d.weekday() >= 5 else 0.3)
        tren = 0.85 + 0.3 * i / max(hari - 1, 1)
        for jam, b_jam in enumerate(data.BOBOT_JAM):
            slot.append((d, jam))
            bobot.append(b_hari * tren * b_jam)
    kumulatif = list(itertools.accumulate(bobot))
    batas = sekarang.timestamp()
    hasil = []
    for d, jam in acak.choices(slot, cum_weights=kumulatif, k=jumlah):
        awal = dt.datetime.combine(d, dt.time(jam), tzinfo=zona).timestamp()
        detik = awal + acak.random() * 3600
        hasil.append(detik if detik <= batas else batas - acak.random() * 3600)
    hasil.sort()
    return hasil


class _Katalog:
    """What can be filed: services and complaint categories with their weights, answers and deadlines."""

    def __init__(self, acak: random.Random, unit_ids: set[int]) -> None:
        self.acak = acak
        self.layanan = list(
            JenisLayanan.objects.filter(aktif=True, unit_id__in=unit_ids).prefetch_related("isian")
        )
        self.kategori = list(KategoriKeluhan.objects.filter(aktif=True, unit_default_id__in=unit_ids))
        self.b_layanan = list(itertools.accumulate(data.BOBOT_LAYANAN.get(x.kode, 1.0) for x in self.layanan))
        self.b_kategori = list(
            itertools.accumulate(data.BOBOT_KATEGORI.get(x.kode, 3.0) for x in self.kategori)
        )
        self.jawaban = {x.pk: [self._jawaban(x) for _ in range(6)] for x in self.layanan}

    def _jawaban(self, layanan: JenisLayanan) -> dict[str, Any]:
        a, mentah = self.acak, {}
        for isian in layanan.isian.all():
            kode = [p["kode"] for p in isian.pilihan or []]
            mentah[isian.kode] = {
                "angka": str(a.choice([1, 2, 3, 4, 5, 250, 5000000])),
                "tanggal": (dt.date(2026, 1, 1) - dt.timedelta(days=a.randrange(30, 9000))).isoformat(),
                "pilihan_tunggal": a.choice(kode) if kode else "",
                "pilihan_ganda": a.sample(kode, k=1) if kode else [],
                "teks_panjang": f"{a.choice(data.TEMPAT)}, Kota Tubei",
            }.get(
                isian.tipe,
                f"{a.choice(data.NAMA_DEPAN_P + data.NAMA_DEPAN_L)} {a.choice(data.NAMA_BELAKANG)}",
            )
        return bersihkan_jawaban(layanan.isian.all(), mentah)


class _Muat:
    def __init__(self, *, benih: int, sekarang: dt.datetime, metode: str) -> None:
        self.acak = random.Random(benih)
        self.sekarang = sekarang
        unit = {u.kode: u for u in Unit.objects.filter(aktif=True)}
        orang.siapkan_petugas(unit, self.acak)
        self.warga = orang.siapkan_warga(self.acak)
        staf = {k: s for k, s in orang.staf_unit(benih).items() if s.petugas}
        self.unit = {u.pk: u for u in unit.values() if u.pk in staf}
        self._kal = {pk: KalenderCepat.dari(kalender_mod.muat(unit=u)) for pk, u in self.unit.items()}
        self._tenggat: dict[tuple[int, dt.date, int], dt.datetime] = {}
        # Only units with officers to work the queue receive tikets.
        self.katalog = _Katalog(self.acak, set(self.unit))
        with translation.override(settings.LANGUAGE_CODE):
            tutup = _("Closed automatically: no reply from the citizen within %(n)s working days.") % {
                "n": settings.HARI_BUKA_KEMBALI
            }
        self.sim = Simulasi(
            acak=self.acak,
            kalender=self.kalender,
            tenggat=self.tenggat,
            staf=staf,
            kode_unit={pk: u.kode for pk, u in self.unit.items()},
            sekarang=sekarang,
            catatan_tutup_otomatis=tutup,
            hari_buka_kembali=settings.HARI_BUKA_KEMBALI,
        )
        self.penulis = Penulis(metode)

    def kalender(self, unit_id: int) -> Kalender:
        return self._kal[unit_id]

    def tenggat(self, unit_id: int, waktu: dt.datetime, hari: int) -> dt.datetime:
        """`tambah_hari_kerja`, remembered: for N >= 1 days it depends only on the local date."""
        kal = self._kal[unit_id]
        if hari <= 0:
            return kal.tambah_hari_kerja(waktu, hari)
        kunci = (unit_id, timezone.localtime(waktu, kal.zona).date(), hari)
        if kunci not in self._tenggat:
            self._tenggat[kunci] = kal.tambah_hari_kerja(waktu, hari)
        return self._tenggat[kunci]

    def pengajuan(self, waktu: dt.datetime) -> tuple[Pengajuan, rekam.Isi, dict[str, Any]]:
        a, k = self.acak, self.katalog
        tamu = a.random() < 0.38
        pemohon = None if tamu else a.choice(self.warga).pengguna_id
        kontak = ("", "", "")
        if tamu:
            nama = f"{a.choice(data.NAMA_DEPAN_P + data.NAMA_DEPAN_L)} {a.choice(data.NAMA_BELAKANG)}"
            surel = (
                f"{nama.lower().replace(' ', '.')}{a.randint(1, 99)}@contoh.id" if a.random() < 0.6 else ""
            )
            telepon = f"+62812{a.randint(10_000_000, 99_999_999)}" if not surel or a.random() < 0.3 else ""
            kontak = (nama, surel, telepon)
        if a.random() < 0.70 and k.layanan:
            lay = a.choices(k.layanan, cum_weights=k.b_layanan)[0]
            p = Pengajuan(
                waktu,
                "permohonan",
                f"layanan:{lay.pk}",
                lay.unit_id,
                lay.jangka_waktu_hari,
                pemohon,
                lay.produk,
            )
            isi = rekam.Isi(judul=lay.nama, jawaban=a.choice(k.jawaban[lay.pk]), kontak=kontak)
            tenggat = {
                "tenggat_respons": self.tenggat(lay.unit_id, waktu, lay.target_respons_hari),
                "tenggat_penugasan": None,
            }
            return p, isi, tenggat
        kat = a.choices(k.kategori, cum_weights=k.b_kategori)[0]
        anonim = tamu and a.random() < 0.2
        p = Pengajuan(
            waktu, "keluhan", f"keluhan:{kat.pk}", kat.unit_default_id, TENGGAT_TINDAK_LANJUT_HARI, pemohon
        )
        judul = a.choice(data.JUDUL_KELUHAN.get(kat.kode, [kat.nama])).format(tempat=a.choice(data.TEMPAT))
        isi = rekam.Isi(
            judul=judul,
            kategori_id=kat.pk,
            isi=a.choice(data.ISI_KELUHAN),
            alamat=a.choice(data.TEMPAT) + ", Kota Tubei" if a.random() < 0.6 else "",
            anonim=anonim,
            rahasia=not anonim and a.random() < 0.05,
            kontak=("", "", "") if anonim else kontak,
        )
        tenggat = {
            "tenggat_respons": self.tenggat(kat.unit_default_id, waktu, kat.target_respons_hari),
            "tenggat_penugasan": self.tenggat(kat.unit_default_id, waktu, TENGGAT_PENUGASAN_HARI),
        }
        return p, isi, tenggat

    def batch(self, waktu: list[float], ringkasan: Ringkasan) -> None:
        zona = dt.UTC
        rencana: list[tuple[Pengajuan, rekam.Isi, dict[str, Any], Hidup]] = []
        for detik in waktu:
            p, isi, tenggat = self.pengajuan(dt.datetime.fromtimestamp(detik, zona))
            rencana.append((p, isi, tenggat, self.sim.hidup(p)))
        b = rekam.Batch()
        with transaction.atomic():
            id_tiket = ambil_id(Tiket, len(rencana))
            id_peristiwa = iter(ambil_id(Peristiwa, sum(len(r[3].kejadian) for r in rencana)))
            balasan = [k.balasan for r in rencana for k in r[3].kejadian if k.balasan is not None]
            for bal, pk in zip(balasan, ambil_id(Tanggapan, len(balasan)), strict=True):
                bal.id = pk
            for (p, isi, tenggat, h), pk in zip(rencana, id_tiket, strict=True):
                for k in h.kejadian:
                    k.id = next(id_peristiwa)
                    if k.balasan is not None:
                        k.data = {**k.data, "tanggapan": k.balasan.id}
                t = rekam.tiket_dari(pk, p, h, isi, tenggat)
                b.tiket.append(t)
                if isi.jawaban is not None:
                    b.permohonan.append(
                        {"tiket_id": pk, "layanan_id": int(p.layanan.split(":")[1]), "jawaban": isi.jawaban}
                    )
                else:
                    b.keluhan.append(self._keluhan(pk, isi))
                peristiwa, tanggapan = rekam.baris_kejadian(pk, h)
                b.peristiwa += peristiwa
                b.tanggapan += tanggapan
                m = rekam.metrik(t, h, self.kalender)
                b.metrik.append(m)
                if (s := rekam.survei(self.acak, m, h, self.sekarang)) is not None:
                    b.survei.append(s)
                ringkasan.per_status[t["status"]] += 1
            tanpa_pemicu = self.penulis.metode == "copy" and lewati_pemicu()
            for model, baris in (
                (Tiket, b.tiket),
                (Permohonan, b.permohonan),
                (Keluhan, b.keluhan),
                (Tanggapan, b.tanggapan),
                (MetrikTiket, b.metrik),
                (SurveiKepuasan, b.survei),
            ):
                self.penulis.tulis(model, baris)
            # Events last: their stream positions are taken under a lock held until COMMIT.
            if tanpa_pemicu:
                beri_urutan(b.peristiwa)
            self.penulis.tulis(Peristiwa, b.peristiwa)
        ringkasan.tiket += len(rencana)

    def _keluhan(self, pk: int, isi: rekam.Isi) -> dict[str, Any]:
        a = self.acak
        titik = a.random() < 0.5
        return {
            "tiket_id": pk,
            "kategori_id": isi.kategori_id,
            "judul": isi.judul,
            "isi": isi.isi,
            "lintang": Decimal(f"{a.uniform(0.45, 0.60):.6f}") if titik else None,
            "bujur": Decimal(f"{a.uniform(101.35, 101.55):.6f}") if titik else None,
            "alamat": isi.alamat,
            "anonim": isi.anonim,
            "rahasia": isi.rahasia,
        }


def muat_sejarah(
    *,
    jumlah: int,
    hari: int = 365,
    benih: int = 1,
    tambah: bool = False,
    ukuran_batch: int = 5000,
    metode: str = "auto",
    keluaran: TextIO | None = None,
    sekarang: dt.datetime | None = None,
) -> Ringkasan:
    """Add `jumlah` historical tikets (see the module docstring). Needs the demo loaded first."""
    if jumlah <= 0 or hari <= 0:
        raise ValueError("jumlah and hari must be positive")
    if not tambah and ada_sejarah():
        raise SejarahSudahAda()
    mulai = time.monotonic()
    sekarang = sekarang or timezone.now()
    # A later --tambah run draws other moments and lives than the first one.
    muat = _Muat(benih=benih * 1_000_003 + Tiket.objects.count(), sekarang=sekarang, metode=metode)
    waktu = _waktu_pengajuan(muat.acak, jumlah, hari, sekarang, kalender_mod.muat())
    ringkasan = Ringkasan(metode=muat.penulis.metode)
    kemajuan = Kemajuan(jumlah, keluaran or sys.stderr)
    for awal in range(0, jumlah, ukuran_batch):
        muat.batch(waktu[awal : awal + ukuran_batch], ringkasan)
        kemajuan.perbarui(ringkasan.tiket)
    ringkasan.baris = muat.penulis.baris_ditulis
    ringkasan.detik = time.monotonic() - mulai
    return ringkasan
