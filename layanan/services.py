"""Filing a permohonan: check everything first, then write the tiket, the permohonan and its documents in
one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from antrian.berkas import BerkasTeruji, periksa_berkas, periksa_jumlah
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import JenisTiket, Prioritas
from antrian.services import Kontak, TiketBaru, kontak_periksa, tiket_buat
from antrian.services._umum import simpan_lampiran
from layanan import formulir
from layanan.models import JenisLayanan, Permohonan

Galat = dict[str, list[Any]]


def _tambah(galat: Galat, medan: str, pesan: Any) -> None:
    galat.setdefault(medan, []).append(pesan)


def _periksa_dokumen(
    layanan: JenisLayanan, dokumen: Mapping[str, Sequence[UploadedFile]], galat: Galat
) -> list[BerkasTeruji]:
    persyaratan = {p.kode: p for p in layanan.persyaratan.all()}
    teruji: list[BerkasTeruji] = []
    try:
        # How many files and how many bytes together, before any of them is decoded.
        periksa_jumlah([b for daftar in dokumen.values() for b in daftar], medan="dokumen")
    except DataTidakValid as exc:
        for k, pesan in exc.rincian.items():
            galat.setdefault(k, []).extend(pesan)
        return []
    for kode, daftar in dokumen.items():
        medan = f"dokumen.{kode[:50]}"
        if kode not in persyaratan:
            _tambah(galat, medan, _("This requirement is not part of the service."))
            continue
        for berkas in daftar:
            try:
                teruji.append(periksa_berkas(berkas, kode_persyaratan=kode, medan=medan))
            except DataTidakValid as exc:
                for k, pesan in exc.rincian.items():
                    galat.setdefault(k, []).extend(pesan)
    for kode, syarat in persyaratan.items():
        if syarat.wajib and not dokumen.get(kode):
            _tambah(
                galat, f"dokumen.{kode}", _("Document %(nama)s must be uploaded.") % {"nama": syarat.nama}
            )
    return teruji


def permohonan_ajukan(
    *,
    layanan: JenisLayanan,
    aktor: Aktor,
    jawaban: Any,
    dokumen: Mapping[str, Sequence[UploadedFile]],
    kontak: Kontak | None,
    prioritas: int | None = None,
) -> TiketBaru:
    """File a service request as a citizen (account) or a guest (`aktor.pengguna` is None).

    Everything is checked before anything is written, and every problem is reported at once in
    `DataTidakValid.rincian` ("jawaban.<kode>", "dokumen.<kode>", "kontak_*"). `prioritas` is honoured
    only for an officer of the service's unit filing at the counter; a citizen cannot jump the queue.
    """
    if not layanan.aktif or not layanan.unit.aktif:
        raise DataTidakValid(
            rincian={"layanan": [_("This service is not accepting requests at the moment.")]}
        )
    galat: Galat = {}
    bersih, galat_jawaban = formulir.periksa_jawaban(layanan.isian.all(), jawaban)
    galat.update(galat_jawaban)
    teruji = _periksa_dokumen(layanan, dokumen, galat)
    kontak_bersih = kontak_periksa(kontak, tamu=aktor.pengguna is None, galat=galat)
    prioritas_final = Prioritas.NORMAL
    if prioritas is not None and aktor.anggota_unit(layanan.unit_id):
        if prioritas not in Prioritas.values:
            _tambah(galat, "prioritas", _("Unknown priority."))
        else:
            prioritas_final = Prioritas(prioritas)
    if galat:
        raise DataTidakValid(rincian=galat)

    # Nested in the idempotent submission's transaction, a savepoint would only add two queries.
    with transaction.atomic(savepoint=False):
        baru = tiket_buat(
            jenis=JenisTiket.PERMOHONAN,
            unit=layanan.unit,
            judul=layanan.nama,
            aktor=aktor,
            tenggat_hari=layanan.jangka_waktu_hari,
            tenggat_respons_hari=layanan.target_respons_hari,
            kontak=kontak_bersih,
            prioritas=prioritas_final,
            layanan=f"layanan:{layanan.pk}",
        )
        Permohonan.objects.create(tiket=baru.tiket, layanan=layanan, jawaban=bersih)
        simpan_lampiran(tiket=baru.tiket, aktor=aktor, berkas=teruji)
    return baru
