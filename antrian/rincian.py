"""Type-specific detail of a tiket (the permohonan's service and answers, the keluhan's category and
location), provided by the app that owns it, so the lifecycle app never imports them.

`layanan` and `keluhan` register a provider in their `AppConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrian.izin import Aktor
    from antrian.models import Tiket

Penyedia = Callable[["Tiket", "Aktor"], dict[str, Any]]
_PENYEDIA: dict[str, Penyedia] = {}
_TAMBAHAN: list[Penyedia] = []
_RELASI: list[str] = []


def daftarkan(jenis: str, penyedia: Penyedia) -> None:
    _PENYEDIA[jenis] = penyedia


def daftarkan_tambahan(penyedia: Penyedia, *, relasi: tuple[str, ...] = ()) -> None:
    """A provider for every kind of tiket, whose keys join the kind's own (the Open311 channel's: what the
    client app sent that the tiket does not hold). It decides itself who may see what it returns.
    `relasi`: the tiket's one-to-one relations it reads, joined when a tiket is read for display
    (`relasi_tampilan`), so the detail costs no query of its own."""
    if penyedia not in _TAMBAHAN:
        _TAMBAHAN.append(penyedia)
    _RELASI.extend(r for r in relasi if r not in _RELASI)


def relasi_tampilan() -> tuple[str, ...]:
    return tuple(_RELASI)


def rincian_tiket(tiket: Tiket, aktor: Aktor) -> dict[str, Any]:
    penyedia = _PENYEDIA.get(tiket.jenis)
    hasil = dict(penyedia(tiket, aktor)) if penyedia else {}
    for tambahan in _TAMBAHAN:
        hasil.update(tambahan(tiket, aktor))
    return hasil


# --- the "per service" dimension of the metrics --------------------------------------------------------
# A metrics row names what was asked for as "<awalan>:<pk>" ("layanan:5", "keluhan:3"). The app owning
# the catalogue registers how to name those keys and list them, so antrian never imports it.

Katalog = Callable[[], list[tuple[str, str, int]]]
_KATALOG: dict[str, Katalog] = {}


def daftarkan_katalog(awalan: str, daftar: Katalog) -> None:
    """`daftar()` -> [(key, name, unit id)] of everything under `awalan`, active or not."""
    _KATALOG[awalan] = daftar


def katalog_layanan() -> list[tuple[str, str, int]]:
    """Every service and complaint category as (key, name, unit id), for names and filters."""
    hasil: list[tuple[str, str, int]] = []
    for daftar in _KATALOG.values():
        hasil.extend(daftar())
    return sorted(hasil, key=lambda baris: baris[1])


def nama_layanan() -> dict[str, str]:
    return {kunci: nama for kunci, nama, _ in katalog_layanan()}
