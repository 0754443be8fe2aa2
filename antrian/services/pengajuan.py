"""Creating a tiket: called by the permohonan and keluhan submission services inside their transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.utils import timezone

from antrian import kalender
from antrian.izin import Aktor
from antrian.models import JenisTiket, Prioritas, StrategiPenugasan, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import AWALAN_NOMOR
from antrian.services._umum import catat_peristiwa, hash_token
from antrian.services.penugasan import penugasan_otomatis


@dataclass(frozen=True)
class Kontak:
    nama: str = ""
    email: str = ""
    telepon: str = ""


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
) -> TiketBaru:
    """Insert the tiket, give it its number, and log the submission. Caller holds the transaction.

    Deadlines count in hari kerja of the unit's calendar from the day of submission: `tenggat_hari` for
    the tenggat, `tenggat_respons_hari` for the first response, and `tenggat_penugasan_hari` (keluhan:
    verified and assigned) when given.
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
        data={"jenis": jenis},
        petugas_id=None,
    )
    if unit.strategi_penugasan == StrategiPenugasan.OTOMATIS and penugasan_otomatis(tiket=tiket):
        # Assigned in this same transaction: the caller answers with the state the tiket is in now (a
        # fresh read; the protected status field cannot be refreshed in place).
        tiket = Tiket.objects.select_related("unit").get(pk=tiket.pk)
    return TiketBaru(tiket=tiket, token_lacak=token)
