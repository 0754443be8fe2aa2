"""Creating a tiket: called by the permohonan and keluhan submission services inside their transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.utils import timezone

from antrian import kalender
from antrian.izin import Aktor
from antrian.models import JenisTiket, Prioritas, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import AWALAN_NOMOR
from antrian.services._umum import catat_peristiwa, hash_token


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
    kontak: Kontak | None = None,
    anonim: bool = False,
    identitas_rahasia: bool = False,
    prioritas: int = Prioritas.NORMAL,
    waktu: dt.datetime | None = None,
) -> TiketBaru:
    """Insert the tiket, give it its number, and log the submission. Caller holds the transaction."""
    waktu = waktu or timezone.now()
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
        tenggat=kalender.tambah_hari_kerja(waktu, tenggat_hari),
        tenggat_respons=kalender.tambah_hari_kerja(waktu, tenggat_respons_hari),
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
    return TiketBaru(tiket=tiket, token_lacak=token)
