"""Helpers of the Open311 server tests: a client app with a known key, a service filed without
documents, and reading an answer in either format into the same Python shape."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from antrian.models import Unit
from keluhan.models import KategoriKeluhan
from layanan.models import JenisLayanan, TipeIsian
from portal.models import AplikasiOpen311
from tests.layanan.factories import IsianFormulirFactory, JenisLayananFactory

KUNCI = "kunci-uji-open311"
FORMAT = ["xml", "json"]
NIK = "3201014101900001"


def buat_aplikasi(kunci: str = KUNCI, **kwargs: Any) -> AplikasiOpen311:
    aplikasi = AplikasiOpen311(nama=kwargs.pop("nama", "Aplikasi uji"), kontak="uji@contoh.id", **kwargs)
    aplikasi.pasang_kunci(kunci)
    aplikasi.save()
    return aplikasi


def buat_layanan_sederhana(unit: Unit, **kwargs: Any) -> JenisLayanan:
    """A service without required documents, whose form has one field of every type."""
    kwargs.setdefault("kode", "lampu-jalan")
    kwargs.setdefault("nama", "Perbaikan lampu jalan")
    layanan = JenisLayananFactory(unit=unit, kelompok="Prasarana", kata_kunci="lampu,jalan", **kwargs)
    IsianFormulirFactory(layanan=layanan, kode="tiang", label="Nomor tiang", wajib=True, urutan=1)
    IsianFormulirFactory(layanan=layanan, kode="jumlah", label="Jumlah lampu", tipe=TipeIsian.ANGKA, urutan=2)
    IsianFormulirFactory(layanan=layanan, kode="sejak", label="Mati sejak", tipe=TipeIsian.TANGGAL, urutan=3)
    IsianFormulirFactory(
        layanan=layanan,
        kode="catatan",
        label="Catatan",
        tipe=TipeIsian.TEKS_PANJANG,
        keterangan="Bebas",
        urutan=4,
    )
    IsianFormulirFactory(
        layanan=layanan,
        kode="jenis",
        label="Jenis lampu",
        tipe=TipeIsian.PILIHAN_TUNGGAL,
        wajib=True,
        pilihan=[{"kode": "led", "label": "LED"}, {"kode": "sodium", "label": "Sodium"}],
        urutan=5,
    )
    IsianFormulirFactory(
        layanan=layanan,
        kode="gejala",
        label="Gejala",
        tipe=TipeIsian.PILIHAN_GANDA,
        pilihan=[{"kode": "mati", "label": "Mati"}, {"kode": "kedip", "label": "Berkedip"}],
        urutan=6,
    )
    return layanan


def buat_kategori(unit: Unit) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(
        kode="jalan-rusak", nama="Jalan rusak", deskripsi="Jalan berlubang.", unit_default=unit
    )


def data_permintaan(**ubah: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": KUNCI,
        "service_code": "lampu-jalan",
        "lat": "-6.200000",
        "long": "106.816666",
        "attribute[tiang]": "T-17",
        "attribute[jenis]": "led",
        "first_name": "Sari",
        "last_name": "Wulandari",
        "email": "sari@contoh.id",
        "description": "Lampu di depan sekolah mati.",
    }
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def _elemen(el: ET.Element) -> Any:
    anak = list(el)
    if not anak:
        return el.text or ""
    if el.tag in {"attributes", "values", "endpoints", "formats"}:
        return [_elemen(a) for a in anak]
    return {a.tag: _elemen(a) for a in anak}


def baca(respons: Any, fmt: str) -> Any:
    """The body as Python: XML lists (root with repeated items) become lists, everything as text."""
    if fmt == "json":
        assert respons["Content-Type"].startswith("application/json")
        return json.loads(respons.content)
    assert respons["Content-Type"].startswith("text/xml")
    akar = ET.fromstring(respons.content)  # noqa: S314 — our own test server
    if akar.tag in {"services", "service_requests", "errors"}:
        return [_elemen(a) for a in akar]
    return _elemen(akar)
