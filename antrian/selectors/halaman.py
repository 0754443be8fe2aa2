"""Reads only the officer's web pages need: filter choices, "my work", the people and units a supervisor
can hand a tiket to, and canned responses rendered for one tiket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from antrian.exceptions import TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Keanggotaan, Lampiran, TemplatJawaban, Tiket, Unit
from antrian.models.tiket import STATUS_TERBUKA
from antrian.rincian import rincian_tiket
from antrian.selectors.tampilan import PeristiwaTampil, TampilanTiket
from antrian.selectors.tiket import _dasar, identitas_tampak, tiket_untuk


def wajib_petugas(aktor: Aktor) -> None:
    """The workspace is for officers; everybody else is refused (the views answer 403)."""
    if aktor.petugas is None:
        raise TidakDiizinkan(_("This page is for unit officers."))


def unit_petugas(*, aktor: Aktor) -> list[Unit]:
    """The officer's own units, by name."""
    return list(Unit.objects.filter(pk__in=aktor.unit_ids).order_by("nama"))


def _pilihan_model(label: str, **saring: Any) -> list[tuple[str, str]]:
    # The catalogue and the complaint categories belong to other apps; the queue filters by their codes
    # and offers their names when those apps are installed, and nothing when they are not.
    try:
        model = apps.get_model(label)
    except LookupError:
        return []
    return list(model.objects.filter(**saring).order_by("nama").values_list("kode", "nama"))


def pilihan_layanan(*, aktor: Aktor) -> list[tuple[str, str]]:
    return _pilihan_model("layanan.JenisLayanan", unit_id__in=aktor.unit_ids)


def pilihan_kategori() -> list[tuple[str, str]]:
    return _pilihan_model("keluhan.KategoriKeluhan")


def kerja_saya(*, aktor: Aktor) -> QuerySet[Tiket]:
    """The officer's own open tikets, the nearest tenggat first (none last), with the escalation flags."""
    wajib_petugas(aktor)
    return (
        _dasar()
        .filter(petugas=aktor.petugas, status__in=STATUS_TERBUKA)
        .order_by(F("tenggat").asc(nulls_last=True), "-prioritas", "id")
    )


def anggota_unit_supervisi(*, aktor: Aktor) -> list[Keanggotaan]:
    """Everyone a supervisor may assign to: the members of the units they head, with their unit."""
    return list(
        Keanggotaan.objects.filter(unit_id__in=aktor.unit_supervisi_ids, petugas__aktif=True)
        .select_related("petugas__pengguna", "unit")
        .order_by("unit__nama", "petugas__pengguna__nama_lengkap", "petugas_id")
    )


def unit_tujuan_pengalihan() -> list[Unit]:
    """Units a tiket can be transferred to (the service refuses the tiket's own unit)."""
    return list(Unit.objects.filter(aktif=True).order_by("nama"))


def templat_unit(*, tiket: Tiket) -> list[TemplatJawaban]:
    return list(TemplatJawaban.objects.filter(unit_id=tiket.unit_id, aktif=True).order_by("judul"))


@dataclass(frozen=True)
class TemplatTerisi:
    judul: str
    isi: str


def isi_templat(*, tiket: Tiket, aktor: Aktor, templat_id: int, tenggat_teks: str) -> TemplatTerisi:
    """A canned response of the tiket's unit with its placeholders filled for this tiket.

    The citizen's name only where the viewer may see the identity (never for an anonymous or a
    confidential complaint). `tenggat_teks` comes formatted in the unit's zone from the caller."""
    if not aktor.anggota_unit(tiket.unit_id):
        raise TidakDiizinkan()
    templat = TemplatJawaban.objects.filter(pk=templat_id, unit_id=tiket.unit_id, aktif=True).first()
    if templat is None:
        raise TidakDitemukan(_("Canned response not found."))
    nama = ""
    if identitas_tampak(aktor, tiket):
        pemohon = tiket.pemohon
        nama = tiket.kontak_nama or (pemohon.nama_tampil if pemohon else "")
    rincian = rincian_tiket(tiket, aktor)
    layanan = (rincian.get("layanan") or rincian.get("kategori") or {}).get("nama") or tiket.judul
    nilai = {
        "nama_warga": nama or _("Sir/Madam"),
        "nomor": tiket.nomor or "",
        "layanan": layanan,
        "tenggat": tenggat_teks or _("no deadline"),
        "petugas": str(aktor.pengguna.nama_tampil) if aktor.pengguna is not None else "",
    }
    return TemplatTerisi(judul=templat.judul, isi=templat.isi_untuk(nilai))


def tiket_untuk_petugas(*, aktor: Aktor, nomor: str) -> Tiket:
    """One tiket of the officer's units. A number that does not exist is not found; a tiket of another
    unit is refused (403): officers are staff, and the workspace tells them plainly it is not theirs."""
    wajib_petugas(aktor)
    try:
        tiket, _aktor = tiket_untuk(aktor=aktor, nomor=nomor)
    except TidakDitemukan:
        if Tiket.objects.filter(nomor=nomor).exists():
            raise TidakDiizinkan(_("This ticket belongs to a unit you are not a member of.")) from None
        raise
    if not aktor.anggota_unit(tiket.unit_id):
        raise TidakDiizinkan(_("This ticket belongs to a unit you are not a member of."))
    return tiket


def anggota_unit(*, tiket: Tiket) -> list[Keanggotaan]:
    """The members of the tiket's unit, to assign it to one of them."""
    return list(
        Keanggotaan.objects.filter(unit_id=tiket.unit_id, petugas__aktif=True)
        .select_related("petugas__pengguna")
        .order_by("petugas__pengguna__nama_lengkap", "petugas_id")
    )


@dataclass(frozen=True)
class ItemLinimasa:
    peristiwa: PeristiwaTampil
    internal: bool
    lampiran: list[Lampiran]


def linimasa(tampilan: TampilanTiket) -> list[ItemLinimasa]:
    """The tiket's events for an officer, newest last, internal ones marked, each reply with its files."""
    lampiran = {t.id: t.lampiran for t in tampilan.tanggapan}
    return [
        ItemLinimasa(
            peristiwa=p,
            internal=not p.publik,
            lampiran=lampiran.get(int(p.data.get("tanggapan") or 0), []),
        )
        for p in tampilan.peristiwa
    ]
