"""The citizen's own data as one JSON document, streamed.

Only what the citizen may already see on their pages: public events and replies, their own form answers
and uploads, their survey answers and the messages sent to them. Never internal notes, internal files,
officers' names or the events' internal details.

Memory and queries stay bounded whatever the number of tikets: tikets are read in keyset chunks of
`POTONGAN`, each chunk with a fixed number of queries (the tikets with their permohonan, keluhan and
survey joined, then their events, replies, files and messages), and written out before the next chunk
is read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from antrian.models import Lampiran, Notifikasi, Peristiwa, PesanKeluar, Tanggapan, Tiket
from antrian.selectors.tiket import _DATA_PUBLIK, label_aksi
from portal.models import Pengguna

POTONGAN = 100
FORMAT = "sigap-data-pribadi/1"


def _json(nilai: Any) -> str:
    return json.dumps(nilai, cls=DjangoJSONEncoder, ensure_ascii=False)


def nama_berkas_unduhan(pengguna: Pengguna) -> str:
    return f"data-saya-sigap-{timezone.localdate():%Y%m%d}.json"


def _akun(p: Pengguna) -> dict[str, Any]:
    return {
        "username": p.username,
        "nama_lengkap": p.nama_lengkap,
        "email": p.email,
        "telepon": p.telepon,
        # The owner's own copy: the whole NIK (DOMAIN: never whole outside the owner and officers).
        "nik": p.nik,
        "terdaftar_pada": p.date_joined,
        "terakhir_masuk": p.last_login,
    }


def _peran(p: Peristiwa, tiket: Tiket) -> str:
    if p.aktor_id is None:
        return "sistem" if p.data.get("otomatis") or p.aksi == "tugaskan" else "warga"
    return "warga" if p.aktor_id == tiket.pemohon_id else "petugas"


def _url_lampiran(nomor: str, lampiran_id: int) -> str:
    jalur = reverse("antrian_api:tiket-lampiran", kwargs={"nomor": nomor, "lampiran_id": lampiran_id})
    return settings.SITE_URL.rstrip("/") + jalur


def _permohonan(t: Tiket) -> dict[str, Any] | None:
    permohonan = getattr(t, "permohonan", None)
    if permohonan is None:
        return None
    layanan = permohonan.layanan
    return {"layanan": {"kode": layanan.kode, "nama": layanan.nama}, "jawaban": permohonan.jawaban}


def _keluhan(t: Tiket) -> dict[str, Any] | None:
    k = getattr(t, "keluhan", None)
    if k is None:
        return None
    return {
        "kategori": {"kode": k.kategori.kode, "nama": k.kategori.nama},
        "judul": k.judul,
        "isi": k.isi,
        "lintang": k.lintang,
        "bujur": k.bujur,
        "alamat": k.alamat,
        "rahasia": k.rahasia,
    }


def _survei(t: Tiket) -> dict[str, Any] | None:
    s = getattr(t, "survei", None)
    if s is None:
        return None
    # The answers only: the officer the survey was attributed to is internal.
    return {
        "jawaban": {f"u{i}": getattr(s, f"u{i}") for i in range(1, 10)},
        "saran": s.saran,
        "dijawab_pada": s.dibuat_pada,
    }


def _tiket(t: Tiket, pesan: list[PesanKeluar]) -> dict[str, Any]:
    assert t.nomor is not None
    nomor = t.nomor
    return {
        "nomor": nomor,
        "jenis": t.jenis,
        "judul": t.judul,
        "status": t.status,
        "unit": {"kode": t.unit.kode, "nama": t.unit.nama},
        "diajukan_pada": t.diajukan_pada,
        "tenggat": t.tenggat,
        "diselesaikan_pada": t.diselesaikan_pada,
        "ditutup_pada": t.ditutup_pada,
        "alasan_tolak": t.alasan_tolak,
        "kontak": {"nama": t.kontak_nama, "email": t.kontak_email, "telepon": t.kontak_telepon},
        "identitas_rahasia": t.identitas_rahasia,
        "permohonan": _permohonan(t),
        "keluhan": _keluhan(t),
        "peristiwa": [
            {
                "waktu": p.dibuat_pada,
                "aksi": p.aksi,
                "keterangan": str(label_aksi(p.aksi)),
                "dari_status": p.dari_status,
                "ke_status": p.ke_status,
                "oleh": _peran(p, t),
                "catatan": p.catatan,
                "data": {k: v for k, v in p.data.items() if k in _DATA_PUBLIK},
            }
            for p in t.peristiwa_publik  # type: ignore[attr-defined]
        ],
        "tanggapan": [
            {"waktu": r.dibuat_pada, "dari_petugas": r.dari_petugas, "isi": r.isi}
            for r in t.tanggapan_publik  # type: ignore[attr-defined]
        ],
        "berkas": [
            {
                "nama": lamp.nama_asli,
                "ukuran": lamp.ukuran,
                "tipe": lamp.tipe_mime,
                "persyaratan": lamp.kode_persyaratan,
                "diunggah_pada": lamp.dibuat_pada,
                "url": _url_lampiran(nomor, lamp.pk),
            }
            for lamp in t.lampiran_publik  # type: ignore[attr-defined]
        ],
        "survei": _survei(t),
        "pesan_terkirim": [
            {
                "saluran": m.saluran,
                "jenis": m.jenis,
                "penerima": m.penerima,
                "subjek": m.subjek,
                "isi": m.isi,
                "status": m.status,
                "dibuat_pada": m.dibuat_pada,
                "terkirim_pada": m.terkirim_pada,
            }
            for m in pesan
        ],
    }


def _potongan_tiket(pengguna: Pengguna, setelah: int) -> list[Tiket]:
    return list(
        Tiket.objects.filter(pemohon=pengguna, pk__gt=setelah)
        .select_related("unit", "permohonan__layanan", "keluhan__kategori", "survei")
        .prefetch_related(
            Prefetch(
                "peristiwa",
                queryset=Peristiwa.objects.filter(publik=True).order_by("id"),
                to_attr="peristiwa_publik",
            ),
            Prefetch(
                "tanggapan",
                queryset=Tanggapan.objects.filter(internal=False).order_by("id"),
                to_attr="tanggapan_publik",
            ),
            Prefetch(
                "lampiran",
                queryset=Lampiran.objects.filter(internal=False)
                .exclude(tanggapan__internal=True)
                .order_by("id"),
                to_attr="lampiran_publik",
            ),
        )
        .order_by("pk")[:POTONGAN]
    )


def _bagian_tiket(pengguna: Pengguna) -> Iterator[str]:
    setelah = 0
    pertama = True
    while True:
        potongan = _potongan_tiket(pengguna, setelah)
        if not potongan:
            return
        pesan: dict[int, list[PesanKeluar]] = defaultdict(list)
        for m in PesanKeluar.objects.filter(tiket__in=[t.pk for t in potongan]).order_by("dibuat_pada", "pk"):
            pesan[m.tiket_id].append(m)
        for t in potongan:
            yield ("" if pertama else ",") + _json(_tiket(t, pesan[t.pk]))
            pertama = False
        setelah = potongan[-1].pk
        if len(potongan) < POTONGAN:
            return


def _bagian_notifikasi(pengguna: Pengguna) -> Iterator[str]:
    qs = Notifikasi.objects.filter(penerima=pengguna).select_related("tiket").order_by("pk")
    for i, n in enumerate(qs.iterator(chunk_size=POTONGAN)):
        item = {
            "jenis": n.jenis,
            "pesan": n.pesan,
            "tiket": n.tiket.nomor,
            "dibuat_pada": n.dibuat_pada,
            "dibaca_pada": n.dibaca_pada,
        }
        yield ("," if i else "") + _json(item)


def data_saya_json(pengguna: Pengguna) -> Iterator[str]:
    """The JSON document in pieces; joined, they are one object:
    `{"format", "dibuat_pada", "akun", "tiket": [...], "notifikasi": [...]}`."""
    yield '{"format": ' + _json(FORMAT) + ', "dibuat_pada": ' + _json(timezone.now())
    yield ', "akun": ' + _json(_akun(pengguna)) + ', "tiket": ['
    yield from _bagian_tiket(pengguna)
    yield '], "notifikasi": ['
    yield from _bagian_notifikasi(pengguna)
    yield "]}\n"
