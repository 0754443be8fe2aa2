"""Replies on a tiket: public messages between officer and citizen, or internal notes between officers."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian.berkas import BerkasTeruji
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import Tanggapan, Tiket
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import STATUS_AKHIR
from antrian.services._umum import catat_peristiwa, kunci_tiket, simpan_lampiran, simpan_tiket


def tiket_tanggapi(
    *,
    tiket: Tiket | int,
    aktor: Aktor,
    isi: str,
    internal: bool = False,
    lampiran: Sequence[BerkasTeruji] = (),
    versi: int | None = None,
) -> Tanggapan:
    isi = (isi or "").strip()
    if not isi:
        raise DataTidakValid(rincian={"isi": [_("The reply text is required.")]})
    with transaction.atomic():
        terkunci = kunci_tiket(tiket, versi)
        dari_petugas = aktor.anggota_unit(terkunci.unit_id)
        if not dari_petugas and not aktor.pemilik(terkunci):
            raise TidakDiizinkan()
        if internal and not dari_petugas:
            raise TidakDiizinkan(_("Only the unit's officers can write internal notes."))
        if terkunci.status in STATUS_AKHIR:
            raise TransisiTidakSah(_("The ticket has ended and can no longer be replied to."))
        tanggapan = Tanggapan.objects.create(
            tiket=terkunci, penulis=aktor.pengguna, isi=isi, internal=internal, dari_petugas=dari_petugas
        )
        simpan_lampiran(tiket=terkunci, aktor=aktor, berkas=lampiran, tanggapan=tanggapan, internal=internal)
        if dari_petugas and not internal and terkunci.respons_pertama_pada is None:
            # The first public officer action starts the first-response metric.
            terkunci.respons_pertama_pada = timezone.now()
        simpan_tiket(terkunci)
        catat_peristiwa(
            tiket=terkunci,
            aktor=aktor,
            jenis=JenisPeristiwa.TANGGAPAN,
            aksi="catatan_internal" if internal else "tanggapi",
            dari_status=terkunci.status,
            catatan=isi,
            publik=not internal,
            data={"tanggapan": tanggapan.pk, "dari_petugas": dari_petugas},
            petugas_id=aktor.petugas.pk if (dari_petugas and aktor.petugas) else None,
        )
    return tanggapan
