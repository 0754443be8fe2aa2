"""Data for the metrics page tests: complaints filed and worked through the real services, so every
figure comes from the per-tiket summary the services keep."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from antrian import services
from antrian.izin import Aktor
from antrian.models import Petugas, Tiket, Unit
from keluhan.models import KategoriKeluhan
from keluhan.services import keluhan_ajukan
from tests.conftest import aktor


def t(msgid: str) -> str:
    """The page's text as the Indonesian catalogue has it (UI text is written with English msgids)."""
    with translation.override("id"):
        return gettext(msgid)


def kategori(unit: Unit, kode: str, nama: str) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(kode=kode, nama=nama, unit_default=unit)


def ajukan(kat: KategoriKeluhan, judul: str = "Lampu jalan padam") -> Tiket:
    baru = keluhan_ajukan(
        kategori=kat,
        aktor=Aktor(),
        judul=judul,
        isi="Sudah tiga malam gelap.",
        kontak=services.Kontak(nama="Tamu", email="tamu@contoh.id"),
    )
    return baru.tiket


def selesaikan(tiket: Tiket, petugas: Petugas) -> None:
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
    services.tiket_selesaikan(tiket=tiket, aktor=aktor(petugas), catatan="Sudah diperbaiki.")


@dataclass
class Skenario:
    kategori: list[KategoriKeluhan] = field(default_factory=list)
    tiket: list[Tiket] = field(default_factory=list)


def isi_unit(unit: Unit, petugas: Petugas, *, selesai: int, terbuka: int, ditolak: int = 0) -> Skenario:
    """Complaints in two categories of `unit`: some resolved by `petugas`, some open, some rejected."""
    s = Skenario(kategori=[kategori(unit, f"{unit.kode}-a", f"Lampu {unit.kode}")])
    s.kategori.append(kategori(unit, f"{unit.kode}-b", f"Sampah {unit.kode}"))
    for i in range(selesai):
        tiket = ajukan(s.kategori[i % 2], f"Selesai {i}")
        selesaikan(tiket, petugas)
        s.tiket.append(tiket)
    for i in range(terbuka):
        s.tiket.append(ajukan(s.kategori[i % 2], f"Terbuka {i}"))
    for i in range(ditolak):
        tiket = ajukan(s.kategori[0], f"Spam {i}")
        services.tiket_tolak(tiket=tiket, aktor=aktor(petugas), alasan="spam", catatan="Iklan.")
        s.tiket.append(tiket)
    return s


def baris_tabel(html: str, tabel: str) -> list[str]:
    """The row keys of one table (`unit`, `layanan`, `petugas`), in page order."""
    cocok = re.search(rf'<table[^>]*id="tabel-{tabel}".*?</table>', html, re.S)
    assert cocok, f"no table {tabel}"
    return re.findall(r'<tr data-kunci="([^"]*)"', cocok.group(0))


def tautan_rinci(html: str, tabel: str, kunci: Any, ukuran: str) -> tuple[str, int]:
    """(href, the count shown) of one drill-down link in one row of a table."""
    tabel_html = re.search(rf'<table[^>]*id="tabel-{tabel}".*?</table>', html, re.S)
    assert tabel_html
    baris = re.search(rf'<tr data-kunci="{kunci}"[^>]*>(.*?)</tr>', tabel_html.group(0), re.S)
    assert baris, f"no row {kunci}"
    tautan = re.search(rf'<a href="([^"]+)" data-rinci="{ukuran}">([\d.,]+)</a>', baris.group(1))
    assert tautan, f"no {ukuran} link in row {kunci}"
    return tautan.group(1).replace("&amp;", "&"), int(re.sub(r"\D", "", tautan.group(2)))


def jumlah_rinci(html: str) -> int:
    cocok = re.search(r'data-jumlah="(\d+)"', html)
    assert cocok, "no count on the drill-down page"
    return int(cocok.group(1))
