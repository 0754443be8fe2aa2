"""Open311 requests: filing one as a normal tiket through the permohonan/keluhan services, and reading
tikets back in the spec's shape without any identity.

What never leaves here: NIK (a 16-digit run in free text is masked), the reporter's name or contact,
form answers (they may hold personal data), internal notes, and for an anonymous or confidential
complaint anything the reporter wrote or where they were (description, address, coordinates, media).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import Status, Tiket
from antrian.models.tiket import STATUS_TERBUKA as _TERBUKA
from antrian.services import Kontak
from keluhan.models import JUDUL_MAKS
from keluhan.services import keluhan_ajukan
from layanan.services import permohonan_ajukan
from portal.models import AplikasiOpen311, PermintaanOpen311
from portal.open311.layanan import (
    AWALAN_KELUHAN,
    Layanan,
    kode_kategori,
    pemberitahuan_keluhan,
    pemberitahuan_layanan,
)
from portal.validators import samarkan_nik

DESKRIPSI_MAKS = 4000
RENTANG_MAKS = dt.timedelta(days=90)
HASIL_MAKS = 1000
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_ATRIBUT = re.compile(r"^attribute\[([^\[\]]{1,50})\](\[\])?$")
_TANGGAL_WAKTU = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]")
# Error keys of the services -> the Open311 argument the client sent.
_NAMA_ARGUMEN = {
    "kontak_nama": "first_name",
    "kontak_email": "email",
    "kontak_telepon": "phone",
    "kontak": "email",
    "isi": "description",
    "judul": "description",
    "lintang": "lat",
    "bujur": "long",
    "alamat": "address_string",
    "kategori": "service_code",
    "layanan": "service_code",
}


class Galat(Exception):
    """Bad input: the messages, each an Open311 error with the given HTTP status."""

    def __init__(self, pesan: list[str], status: int = 400) -> None:
        super().__init__("; ".join(pesan))
        self.pesan = pesan
        self.status = status


def _nama_argumen(kunci: str) -> str:
    if kunci.startswith("jawaban."):
        return f"attribute[{kunci.removeprefix('jawaban.')}]"
    if kunci.startswith("dokumen."):
        return _("document %(kode)s") % {"kode": kunci.removeprefix("dokumen.")}
    return _NAMA_ARGUMEN.get(kunci, kunci)


def pesan_galat(rincian: Mapping[str, Any]) -> list[str]:
    return [f"{_nama_argumen(k)}: {p}" for k, daftar in rincian.items() for p in daftar]


def _arg(data: QueryDict, nama: str) -> str:
    # The spec: an empty optional argument behaves as absent.
    return (data.get(nama) or "").strip()


def _koordinat(teks: str, nama: str, batas: int, galat: list[str]) -> Decimal | None:
    if not teks:
        return None
    try:
        angka = Decimal(teks)
    except InvalidOperation:
        galat.append(f"{nama}: " + _("Must be a decimal number."))
        return None
    if not angka.is_finite() or not -batas <= angka <= batas:
        galat.append(
            f"{nama}: " + _("Must be between %(min)s and %(maks)s.") % {"min": -batas, "maks": batas}
        )
        return None
    return angka.quantize(Decimal("0.000001"))


def _atribut(data: QueryDict) -> dict[str, Any]:
    """`attribute[code]=v` and `attribute[code][]=v1&attribute[code][]=v2` as form answers."""
    jawaban: dict[str, Any] = {}
    for kunci in data:
        cocok = _ATRIBUT.match(kunci)
        if not cocok:
            continue
        kode, ganda = cocok.group(1), cocok.group(2)
        if ganda:
            jawaban[kode] = [v for v in data.getlist(kunci) if v.strip()]
            continue
        nilai = data.get(kunci, "").strip()
        # A datetime attribute of this portal is a date: take the date of a full ISO timestamp.
        jawaban[kode] = nilai[:10] if _TANGGAL_WAKTU.match(nilai) else nilai
    return jawaban


def ajukan(*, aplikasi: AplikasiOpen311, layanan: Layanan, data: QueryDict) -> PermintaanOpen311:
    """File the request as a guest submission of the service or category, in one transaction with the
    Open311 row. Raises `Galat` (400) listing every problem."""
    galat: list[str] = []
    deskripsi = _arg(data, "description")
    if len(deskripsi) > DESKRIPSI_MAKS:
        galat.append(
            "description: "
            + _("At most %(maks)s characters (%(n)s given).") % {"maks": DESKRIPSI_MAKS, "n": len(deskripsi)}
        )
    lat_teks, long_teks = _arg(data, "lat"), _arg(data, "long")
    lintang = _koordinat(lat_teks, "lat", 90, galat)
    bujur = _koordinat(long_teks, "long", 180, galat)
    alamat, alamat_id = _arg(data, "address_string"), _arg(data, "address_id")
    if bool(lat_teks) != bool(long_teks):
        galat.append("lat, long: " + _("Send both lat and long, or neither."))
    elif not (lat_teks or alamat or alamat_id):
        galat.append(_("A location is required: lat and long, address_string or address_id."))
    if len(alamat) > 500 or len(alamat_id) > 100:
        galat.append("address_string, address_id: " + _("Too long."))
    media_url = _arg(data, "media_url")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            galat.append("media_url: " + _("Must be an http or https URL."))
        if len(media_url) > 1000:
            galat.append("media_url: " + _("Too long."))
    ident = {nama: _arg(data, nama) for nama in ("device_id", "account_id")}
    galat += [f"{nama}: " + _("Too long.") for nama, nilai in ident.items() if len(nilai) > 100]
    if galat:
        raise Galat(galat)

    nama = " ".join(t for t in (_arg(data, "first_name"), _arg(data, "last_name")) if t)
    kontak = Kontak(nama=nama, email=_arg(data, "email"), telepon=_arg(data, "phone"))
    try:
        with transaction.atomic():
            if layanan.jenis_layanan is not None:
                baru = permohonan_ajukan(
                    layanan=layanan.jenis_layanan,
                    aktor=Aktor(),
                    jawaban=_atribut(data),
                    dokumen={},
                    kontak=kontak,
                )
            else:
                assert layanan.kategori is not None
                judul = deskripsi.splitlines()[0][:JUDUL_MAKS].strip() if deskripsi else ""
                baru = keluhan_ajukan(
                    kategori=layanan.kategori,
                    aktor=Aktor(),
                    judul=judul or layanan.kategori.nama,
                    isi=deskripsi,
                    lintang=lintang,
                    bujur=bujur,
                    alamat=alamat,
                    kontak=kontak,
                )
            return PermintaanOpen311.objects.create(
                tiket=baru.tiket,
                aplikasi=aplikasi,
                token=secrets.token_urlsafe(18),
                lintang=lintang,
                bujur=bujur,
                alamat=alamat,
                alamat_id=alamat_id,
                deskripsi=deskripsi,
                media_url=media_url,
                **ident,
            )
    except DataTidakValid as exc:
        raise Galat(pesan_galat(exc.rincian) or [str(exc.pesan)]) from exc


# --- reading ------------------------------------------------------------------------------------------


def kueri() -> QuerySet[Tiket]:
    return Tiket.objects.select_related(
        "unit", "permohonan__layanan", "keluhan__kategori", "open311"
    ).prefetch_related("permohonan__layanan__persyaratan")


def _tanpa_nik(teks: str) -> str:
    return _NIK.sub(lambda m: samarkan_nik(m.group()), teks)


def _waktu(teks: str, nama: str) -> dt.datetime:
    waktu = parse_datetime(teks)
    if waktu is None:
        tanggal = parse_date(teks)
        if tanggal is None:
            raise Galat([f"{nama}: " + _("Must be an ISO 8601 date and time.")])
        waktu = dt.datetime.combine(tanggal, dt.time())
    return timezone.make_aware(waktu) if timezone.is_naive(waktu) else waktu


def saring(data: QueryDict) -> QuerySet[Tiket]:
    """The tikets a `GET requests` asks for, newest first, at most 1000. Raises `Galat` on bad filters."""
    try:
        return _saring(data)
    except ValueError as exc:  # a malformed date that parse_datetime rejects by raising
        raise Galat([str(exc)]) from exc


def _saring(data: QueryDict) -> QuerySet[Tiket]:
    qs = kueri().exclude(nomor=None).order_by("-diajukan_pada", "-pk")
    nomor = [n.strip() for n in _arg(data, "service_request_id").split(",") if n.strip()]
    if nomor:
        # The spec: a list of ids overrides every other filter.
        return qs.filter(nomor__in=nomor[:HASIL_MAKS])[:HASIL_MAKS]
    status = {s.strip() for s in _arg(data, "status").split(",") if s.strip()}
    if status - {"open", "closed"}:
        raise Galat(["status: " + _("Use open, closed or open,closed.")])
    if status == {"open"}:
        qs = qs.filter(status__in=_TERBUKA)
    elif status == {"closed"}:
        qs = qs.exclude(status__in=_TERBUKA)
    kode = [k.strip() for k in _arg(data, "service_code").split(",") if k.strip()]
    if kode:
        kategori = [k.removeprefix(AWALAN_KELUHAN) for k in kode if k.startswith(AWALAN_KELUHAN)]
        katalog = [k for k in kode if not k.startswith(AWALAN_KELUHAN)]
        qs = qs.filter(Q(permohonan__layanan__kode__in=katalog) | Q(keluhan__kategori__kode__in=kategori))
    akhir = _waktu(_arg(data, "end_date"), "end_date") if _arg(data, "end_date") else None
    awal = _waktu(_arg(data, "start_date"), "start_date") if _arg(data, "start_date") else None
    if akhir is None:
        akhir = timezone.now() if awal is None else awal + RENTANG_MAKS
    if awal is None:
        awal = akhir - RENTANG_MAKS
    if awal > akhir:
        raise Galat(["start_date: " + _("start_date must not be after end_date.")])
    if akhir - awal > RENTANG_MAKS:
        raise Galat(["end_date: " + _("The date range may span at most 90 days.")])
    return qs.filter(diajukan_pada__gte=awal, diajukan_pada__lte=akhir)[:HASIL_MAKS]


def _catatan_status(tiket: Tiket) -> str:
    catatan = str(Status(tiket.status).label)
    if tiket.status == Status.DITOLAK and tiket.alasan_tolak:
        catatan += f": {tiket.get_alasan_tolak_display()}"
    return catatan


def _opsional(tiket: Tiket, nama: str) -> Any:
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(tiket, nama, None)


def ke_permintaan(tiket: Tiket) -> dict[str, Any]:
    """One tiket as the spec's `request`, with nothing that identifies the reporter."""
    permohonan, keluhan = _opsional(tiket, "permohonan"), _opsional(tiket, "keluhan")
    o311: PermintaanOpen311 | None = _opsional(tiket, "open311")
    kode = nama = pemberitahuan = ""
    if permohonan is not None:
        kode, nama = permohonan.layanan.kode, permohonan.layanan.nama
        pemberitahuan = pemberitahuan_layanan(permohonan.layanan)
    elif keluhan is not None:
        kode, nama, pemberitahuan = (
            kode_kategori(keluhan.kategori),
            keluhan.kategori.nama,
            pemberitahuan_keluhan(),
        )
    deskripsi, alamat, lat, lon = "", "", None, None
    if keluhan is not None:
        deskripsi, alamat, lat, lon = keluhan.isi, keluhan.alamat, keluhan.lintang, keluhan.bujur
    elif o311 is not None:
        deskripsi, alamat, lat, lon = o311.deskripsi, o311.alamat, o311.lintang, o311.bujur
    if tiket.anonim or tiket.identitas_rahasia:
        # What an anonymous or confidential reporter wrote, and where, may point at them.
        deskripsi, alamat, lat, lon = "", "", None, None
        media, alamat_id = "", ""
    else:
        media = o311.media_url if o311 else ""
        alamat_id = o311.alamat_id if o311 else ""
    return {
        "service_request_id": tiket.nomor,
        "status": "open" if tiket.status in _TERBUKA else "closed",
        "status_notes": _catatan_status(tiket),
        "service_name": nama,
        "service_code": kode,
        "description": _tanpa_nik(deskripsi),
        "agency_responsible": tiket.unit.nama,
        "service_notice": pemberitahuan,
        "requested_datetime": tiket.diajukan_pada,
        "updated_datetime": tiket.diperbarui_pada,
        "expected_datetime": tiket.tenggat,
        "address": _tanpa_nik(alamat),
        "address_id": alamat_id,
        "zipcode": "",
        "lat": float(lat) if lat is not None else None,
        "long": float(lon) if lon is not None else None,
        "media_url": media,
    }
