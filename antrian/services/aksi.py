"""Every lifecycle action by name, from already validated input: the one table that the API
(antrian/api/aksi.py) and the officer's pages (antrian/views/petugas/tiket.py) both call, so the two front
doors cannot drift apart. `data` holds the cleaned fields (files already checked by content); `versi` is
the version the client saw (None: do not check)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from antrian import selectors
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.services.penugasan import tiket_tugaskan_ulang
from antrian.services.tanggapan import tiket_tanggapi
from antrian.services.transisi import (
    tiket_alihkan,
    tiket_ambil,
    tiket_batalkan,
    tiket_buka_kembali,
    tiket_lengkapi,
    tiket_lepaskan,
    tiket_minta_kelengkapan,
    tiket_mulai,
    tiket_selesaikan,
    tiket_tolak,
    tiket_tugaskan,
    tiket_tutup,
)

Jalankan = Callable[[Tiket, Aktor, Mapping[str, Any], "int | None"], object]

JALANKAN: dict[str, Jalankan] = {
    "ambil": lambda t, a, d, v: tiket_ambil(tiket=t, aktor=a, versi=v),
    "tugaskan": lambda t, a, d, v: tiket_tugaskan(
        tiket=t,
        aktor=a,
        petugas=selectors.petugas_berdasarkan_id(d["petugas"]),
        catatan=d.get("catatan", ""),
        versi=v,
    ),
    "tugaskan_ulang": lambda t, a, d, v: tiket_tugaskan_ulang(
        tiket=t,
        aktor=a,
        petugas=selectors.petugas_berdasarkan_id(d["petugas"]),
        alasan=d["alasan"],
        versi=v,
    ),
    "lepaskan": lambda t, a, d, v: tiket_lepaskan(tiket=t, aktor=a, catatan=d.get("catatan", ""), versi=v),
    "mulai": lambda t, a, d, v: tiket_mulai(tiket=t, aktor=a, versi=v),
    "minta_kelengkapan": lambda t, a, d, v: tiket_minta_kelengkapan(
        tiket=t, aktor=a, pesan=d["pesan"], lampiran=d.get("lampiran", ()), versi=v
    ),
    "lengkapi": lambda t, a, d, v: tiket_lengkapi(
        tiket=t, aktor=a, pesan=d.get("pesan", ""), lampiran=d.get("lampiran", ()), versi=v
    ),
    "selesaikan": lambda t, a, d, v: tiket_selesaikan(
        tiket=t,
        aktor=a,
        catatan=d["catatan"],
        produk=d.get("produk", ""),
        lampiran=d.get("lampiran", ()),
        versi=v,
    ),
    "buka_kembali": lambda t, a, d, v: tiket_buka_kembali(tiket=t, aktor=a, alasan=d["alasan"], versi=v),
    "tutup": lambda t, a, d, v: tiket_tutup(tiket=t, aktor=a, catatan=d.get("catatan", ""), versi=v),
    "tolak": lambda t, a, d, v: tiket_tolak(
        tiket=t, aktor=a, alasan=d["alasan"], catatan=d.get("catatan", ""), versi=v
    ),
    "batalkan": lambda t, a, d, v: tiket_batalkan(tiket=t, aktor=a, catatan=d.get("catatan", ""), versi=v),
    "alihkan": lambda t, a, d, v: tiket_alihkan(
        tiket=t,
        aktor=a,
        unit_tujuan=selectors.unit_berdasarkan_kode(d["unit"]),
        alasan=d["alasan"],
        versi=v,
    ),
    "tanggapi": lambda t, a, d, v: tiket_tanggapi(
        tiket=t,
        aktor=a,
        isi=d["isi"],
        internal=d.get("internal", False),
        lampiran=d.get("lampiran", ()),
        versi=v,
    ),
}
