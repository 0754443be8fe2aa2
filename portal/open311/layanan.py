"""Open311 services: the catalogue's services and the complaint categories, and their definitions.

A service's `service_code` is its catalogue code; a complaint category's is `keluhan.<code>`. Catalogue
codes are slugs, which never contain a dot, so the two can never collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from keluhan.models import TENGGAT_TINDAK_LANJUT_HARI, KategoriKeluhan
from layanan.models import IsianFormulir, JenisLayanan, TipeIsian

AWALAN_KELUHAN = "keluhan."

# The form's field types are modelled on Open311's datatypes (layanan.models.TipeIsian).
TIPE_DATA = {
    TipeIsian.TEKS: "string",
    TipeIsian.ANGKA: "number",
    TipeIsian.TANGGAL: "datetime",
    TipeIsian.TEKS_PANJANG: "text",
    TipeIsian.PILIHAN_TUNGGAL: "singlevaluelist",
    TipeIsian.PILIHAN_GANDA: "multivaluelist",
}


@dataclass(frozen=True)
class Layanan:
    """One Open311 service: either a catalogue service or a complaint category."""

    kode: str
    jenis_layanan: JenisLayanan | None = None
    kategori: KategoriKeluhan | None = None

    @property
    def nama(self) -> str:
        return self.jenis_layanan.nama if self.jenis_layanan else self.kategori.nama  # type: ignore[union-attr]


def kode_kategori(kategori: KategoriKeluhan) -> str:
    return AWALAN_KELUHAN + kategori.kode


def cari(kode: str) -> Layanan | None:
    """The active service with this code, or None."""
    if kode.startswith(AWALAN_KELUHAN):
        kategori = (
            KategoriKeluhan.objects.select_related("unit_default")
            .filter(kode=kode[len(AWALAN_KELUHAN) :], aktif=True)
            .first()
        )
        return Layanan(kode=kode, kategori=kategori) if kategori else None
    jenis = (
        JenisLayanan.objects.select_related("unit")
        .prefetch_related("isian", "persyaratan")
        .filter(kode=kode, aktif=True)
        .first()
    )
    return Layanan(kode=kode, jenis_layanan=jenis) if jenis else None


def pemberitahuan_layanan(jenis: JenisLayanan) -> str:
    """The service_notice: time frame and fee from the published standard, and the documents that can
    only be handed in through the portal (Open311 has no way to upload them)."""
    biaya = _("free of charge") if jenis.gratis else f"Rp {jenis.biaya:,.0f}".replace(",", ".")
    teks = _("Completed within %(n)s working days; %(biaya)s.") % {
        "n": jenis.jangka_waktu_hari,
        "biaya": biaya,
    }
    dokumen = [p.nama for p in jenis.persyaratan.all() if p.wajib]
    if dokumen:
        teks += " " + _("Required documents (submit them through the portal): %(daftar)s.") % {
            "daftar": ", ".join(dokumen)
        }
    return teks


def pemberitahuan_keluhan() -> str:
    return _("Followed up within %(n)s working days.") % {"n": TENGGAT_TINDAK_LANJUT_HARI}


def daftar_layanan() -> list[dict[str, Any]]:
    """Every active service and complaint category as the spec's `service` items (two queries for the
    catalogue, one for the categories)."""
    hasil: list[dict[str, Any]] = []
    katalog = (
        JenisLayanan.objects.filter(aktif=True, unit__aktif=True)
        .prefetch_related("isian")
        .order_by("kelompok", "nama")
    )
    for jenis in katalog:
        hasil.append(
            {
                "service_code": jenis.kode,
                "service_name": jenis.nama,
                "description": jenis.ringkasan or jenis.deskripsi,
                "metadata": bool(jenis.isian.all()),
                "type": "realtime",
                "keywords": jenis.kata_kunci,
                "group": jenis.kelompok,
            }
        )
    kategori = KategoriKeluhan.objects.filter(aktif=True, unit_default__aktif=True).order_by("urutan", "nama")
    for kat in kategori:
        hasil.append(
            {
                "service_code": kode_kategori(kat),
                "service_name": kat.nama,
                "description": kat.deskripsi,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": _("Complaints"),
            }
        )
    return hasil


def _atribut(isian: IsianFormulir) -> dict[str, Any]:
    keterangan = {
        TipeIsian.TANGGAL: _("A date, YYYY-MM-DD."),
        TipeIsian.ANGKA: _("A number, e.g. 12 or 12.5."),
    }.get(TipeIsian(isian.tipe), "")
    nilai = [{"key": kode, "name": nama} for kode, nama in isian.label_pilihan.items()]
    return {
        "variable": True,
        "code": isian.kode,
        "datatype": TIPE_DATA[TipeIsian(isian.tipe)],
        "required": isian.wajib,
        "datatype_description": " ".join(t for t in (isian.keterangan, keterangan) if t),
        "order": isian.urutan,
        "description": isian.label,
        "values": nilai,
    }


def definisi(layanan: Layanan) -> dict[str, Any]:
    """The spec's `service_definition`; a complaint category has no attributes."""
    atribut = [_atribut(i) for i in layanan.jenis_layanan.isian.all()] if layanan.jenis_layanan else []
    return {"service_code": layanan.kode, "attributes": atribut}
