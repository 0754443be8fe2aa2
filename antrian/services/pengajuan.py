"""Creating a tiket: called by the permohonan and keluhan submission services inside their transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian import kalender
from antrian.izin import Aktor
from antrian.models import JenisTiket, Prioritas, StrategiPenugasan, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import AWALAN_NOMOR
from antrian.services._umum import TANPA_PETUGAS, catat_peristiwa, hash_token
from antrian.services.penugasan import penugasan_otomatis
from portal.validators import normalisasi_telepon


@dataclass(frozen=True)
class Kontak:
    nama: str = ""
    email: str = ""
    telepon: str = ""


def kontak_periksa(
    kontak: Kontak | None, *, tamu: bool, galat: dict[str, list[str]], pesan_tanpa_nama: str | None = None
) -> Kontak:
    """Validate and normalise the contact details of a submission, adding mistakes to `galat`. A guest has
    no account to be reached through: a name and an e-mail or phone number are required. A citizen's
    optional contact is checked the same way when given. Phone numbers are stored as +62…"""
    kontak = kontak or Kontak()
    nama = (kontak.nama or "").strip()
    email = (kontak.email or "").strip().lower()
    telepon = (kontak.telepon or "").strip()
    if len(nama) > 150:
        galat.setdefault("kontak_nama", []).append(_("The name may be at most 150 characters."))
    elif tamu and not nama:
        galat.setdefault("kontak_nama", []).append(
            pesan_tanpa_nama or _("A name is required when submitting without an account.")
        )
    if len(email) > 254:
        galat.setdefault("kontak_email", []).append(_("At most 254 characters."))
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            galat.setdefault("kontak_email", []).append(_("Invalid email address."))
    if telepon:
        try:
            telepon = normalisasi_telepon(telepon)
        except ValidationError as exc:
            galat.setdefault("kontak_telepon", []).extend(str(m) for m in exc.messages)
    if tamu and not email and not telepon:
        galat.setdefault("kontak", []).append(
            _("Fill in an email address or phone number so an officer can contact you.")
        )
    return Kontak(nama=nama, email=email, telepon=telepon)


@dataclass(frozen=True)
class TiketBaru:
    tiket: Tiket
    token_lacak: str  # shown to the citizen once; only its hash is stored


def tiket_buat(
    *,
    jenis: JenisTiket,
    unit: Unit,
    judul: str,
    aktor: Aktor,
    tenggat_hari: int,
    tenggat_respons_hari: int = 1,
    tenggat_penugasan_hari: int | None = None,
    kontak: Kontak | None = None,
    anonim: bool = False,
    identitas_rahasia: bool = False,
    prioritas: int = Prioritas.NORMAL,
    waktu: dt.datetime | None = None,
    layanan: str = "",
) -> TiketBaru:
    """Insert the tiket, give it its number, and log the submission. Caller holds the transaction.

    Deadlines count in hari kerja of the unit's calendar from the day of submission: `tenggat_hari` for
    the tenggat, `tenggat_respons_hari` for the first response, and `tenggat_penugasan_hari` (keluhan:
    verified and assigned) when given. `layanan` names what was asked for ("layanan:<pk>" for a service,
    "keluhan:<pk>" for a complaint category): the metrics' per-service dimension.
    """
    waktu = waktu or timezone.now()
    tanggalan = kalender.muat(unit=unit)
    token = secrets.token_urlsafe(24)
    kontak = kontak or Kontak()
    if anonim:
        # Anonymous: no identity stored at all, not even for the admin.
        pemohon, kontak = None, Kontak()
    else:
        pemohon = aktor.pengguna
    tiket = Tiket.objects.create(
        jenis=jenis,
        unit=unit,
        judul=judul[:200],
        prioritas=prioritas,
        pemohon=pemohon,
        kontak_nama=kontak.nama,
        kontak_email=kontak.email,
        kontak_telepon=kontak.telepon,
        anonim=anonim,
        identitas_rahasia=identitas_rahasia or anonim,
        token_lacak_hash=hash_token(token),
        diajukan_pada=waktu,
        tenggat=tanggalan.tambah_hari_kerja(waktu, tenggat_hari),
        tenggat_respons=tanggalan.tambah_hari_kerja(waktu, tenggat_respons_hari),
        tenggat_penugasan=(
            tanggalan.tambah_hari_kerja(waktu, tenggat_penugasan_hari)
            if tenggat_penugasan_hari is not None
            else None
        ),
    )
    # The number carries the primary key, so it is unique without a counter row every submission
    # would queue on; guests still need the secret token, so a guessed number reveals nothing.
    lokal = timezone.localtime(waktu)
    tiket.nomor = f"{AWALAN_NOMOR[jenis]}-{lokal:%y%m}-{tiket.pk:05d}"
    Tiket.objects.filter(pk=tiket.pk).update(nomor=tiket.nomor)
    catat_peristiwa(
        tiket=tiket,
        aktor=aktor,
        jenis=JenisPeristiwa.PENGAJUAN,
        aksi="ajukan",
        # The event carries what the metrics summary is rebuilt from (antrian.metrik).
        data={
            "jenis": jenis,
            "layanan": layanan,
            "tenggat": tiket.tenggat.isoformat() if tiket.tenggat else None,
        },
        petugas_id=TANPA_PETUGAS,  # nobody's work, even when an officer files it as a citizen
    )
    if unit.strategi_penugasan == StrategiPenugasan.OTOMATIS and penugasan_otomatis(tiket=tiket):
        # Assigned in this same transaction: the caller answers with the state the tiket is in now (a
        # fresh read; the protected status field cannot be refreshed in place).
        tiket = Tiket.objects.select_related("unit").get(pk=tiket.pk)
    return TiketBaru(tiket=tiket, token_lacak=token)
