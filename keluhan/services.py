"""Every write of the keluhan app: filing a complaint."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from antrian.berkas import BerkasTeruji, periksa_semua
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import JenisTiket
from antrian.services import Kontak, TiketBaru, kontak_periksa, tiket_buat
from antrian.services._umum import simpan_lampiran
from keluhan.models import (
    ALAMAT_MAKS,
    BUJUR_MAKS,
    BUJUR_MIN,
    ISI_MAKS,
    JUDUL_MAKS,
    LINTANG_MAKS,
    LINTANG_MIN,
    TENGGAT_PENUGASAN_HARI,
    TENGGAT_TINDAK_LANJUT_HARI,
    KategoriKeluhan,
    Keluhan,
)

Koordinat = Decimal | float | int | str | None
_ENAM_DESIMAL = Decimal("0.000001")


@dataclass(frozen=True)
class _Lokasi:
    lintang: Decimal | None
    bujur: Decimal | None
    alamat: str


def _teks(nilai: str | None, medan: str, maks: int, *, wajib: bool, galat: dict[str, list[str]]) -> str:
    teks = (nilai or "").strip()
    if wajib and not teks:
        galat.setdefault(medan, []).append(_("This field must be filled in."))
    elif len(teks) > maks:
        galat.setdefault(medan, []).append(
            _("At most %(maks)s characters (%(n)s given).") % {"maks": maks, "n": len(teks)}
        )
    return teks


def _koordinat(
    nilai: Koordinat, medan: str, batas: tuple[Decimal, Decimal], galat: dict[str, list[str]]
) -> Decimal | None:
    # An empty optional value behaves as absent (as in Open311), so a blank form field is no location.
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return None
    try:
        angka = Decimal(str(nilai).strip())
    except (InvalidOperation, ValueError):
        galat.setdefault(medan, []).append(_("Must be a decimal number."))
        return None
    if not angka.is_finite() or not (batas[0] <= angka <= batas[1]):
        galat.setdefault(medan, []).append(
            _("Must be between %(min)s and %(maks)s.") % {"min": batas[0], "maks": batas[1]}
        )
        return None
    # Phones report more digits than the column keeps; six decimals is about 11 cm.
    return angka.quantize(_ENAM_DESIMAL, rounding=ROUND_HALF_UP)


def _lokasi(lintang: Koordinat, bujur: Koordinat, alamat: str, galat: dict[str, list[str]]) -> _Lokasi:
    jumlah_galat = sum(len(v) for v in galat.values())
    lin = _koordinat(lintang, "lintang", (LINTANG_MIN, LINTANG_MAKS), galat)
    buj = _koordinat(bujur, "bujur", (BUJUR_MIN, BUJUR_MAKS), galat)
    ada_galat_baru = sum(len(v) for v in galat.values()) > jumlah_galat
    if not ada_galat_baru and (lin is None) != (buj is None):
        medan = "bujur" if buj is None else "lintang"
        galat.setdefault(medan, []).append(_("Fill in both latitude and longitude, or neither."))
    alamat = _teks(alamat, "alamat", ALAMAT_MAKS, wajib=False, galat=galat)
    return _Lokasi(lintang=lin, bujur=buj, alamat=alamat)


def keluhan_ajukan(
    *,
    kategori: KategoriKeluhan,
    aktor: Aktor,
    judul: str,
    isi: str,
    lintang: Koordinat = None,
    bujur: Koordinat = None,
    alamat: str = "",
    anonim: bool = False,
    rahasia: bool = False,
    lampiran: list[UploadedFile] | None = None,
    kontak: Kontak | None = None,
    bagikan_lokasi_foto: bool = False,
) -> TiketBaru:
    """File a complaint: one tiket in the category's unit queue, the keluhan row and its attachments.

    Everything is validated before anything is written. An anonymous complaint stores no identity at all,
    not even who filed it when a logged-in citizen does: the tiket has no pemohon and no contact, and the
    event log and the attachments carry no actor. A confidential one (`rahasia`) keeps the identity but
    hides it from officers (`tiket.identitas_rahasia`). Photos are stored without metadata; with
    `bagikan_lokasi_foto` (the reporter's explicit choice) they keep their GPS position, nothing else.
    """
    galat: dict[str, list[str]] = {}
    if not kategori.aktif or not kategori.unit_default.aktif:
        galat["kategori"] = [_("This complaint category is inactive.")]
    judul = _teks(judul, "judul", JUDUL_MAKS, wajib=True, galat=galat)
    isi = _teks(isi, "isi", ISI_MAKS, wajib=True, galat=galat)
    lokasi = _lokasi(lintang, bujur, alamat, galat)
    if anonim:
        # Identity is dropped before anything is stored: the actor of record is nobody.
        aktor, kontak = Aktor(), None
    else:
        kontak = kontak_periksa(
            kontak,
            tamu=aktor.pengguna is None,
            galat=galat,
            pesan_tanpa_nama=_("Write your name, or file the complaint anonymously."),
        )
    berkas: list[BerkasTeruji] = []
    try:
        berkas = periksa_semua(list(lampiran or []), bagikan_lokasi=bagikan_lokasi_foto)
    except DataTidakValid as exc:
        # One answer lists every mistake of the form, the files' among them.
        for medan, pesan in exc.rincian.items():
            galat.setdefault(medan, []).extend(pesan)
    if galat:
        raise DataTidakValid(rincian=galat)

    # Nested in the idempotent submission's transaction, a savepoint would only add two queries.
    with transaction.atomic(savepoint=False):
        baru = tiket_buat(
            jenis=JenisTiket.KELUHAN,
            unit=kategori.unit_default,
            judul=judul,
            aktor=aktor,
            tenggat_hari=TENGGAT_TINDAK_LANJUT_HARI,
            tenggat_respons_hari=kategori.target_respons_hari,
            tenggat_penugasan_hari=TENGGAT_PENUGASAN_HARI,
            kontak=kontak,
            anonim=anonim,
            identitas_rahasia=rahasia,
            layanan=f"keluhan:{kategori.pk}",
        )
        Keluhan.objects.create(
            tiket=baru.tiket,
            kategori=kategori,
            judul=judul,
            isi=isi,
            lintang=lokasi.lintang,
            bujur=lokasi.bujur,
            alamat=lokasi.alamat,
            anonim=baru.tiket.anonim,
            rahasia=baru.tiket.identitas_rahasia,
            bagikan_lokasi_foto=bagikan_lokasi_foto,
        )
        simpan_lampiran(tiket=baru.tiket, aktor=aktor, berkas=berkas)
    return baru
