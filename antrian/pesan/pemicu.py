"""The one hook: what an event of a tiket tells the citizen and the officers.

`antrian.services._umum.catat_peristiwa` calls `setelah_peristiwa` for every event, inside the service's
transaction. It decides by the event's `aksi`:

- citizen messages (`ajukan`, `minta_kelengkapan`, `selesaikan`, `tutup`, and `tolak` with its reason
  unless the reason is spam): one `PesanKeluar` row per channel the citizen can be reached on, written in
  this transaction (so they exist exactly when the event does); the jobs that send them are queued after
  the commit and never hold up the request. Anonymous tikets get nothing: they have no contact, and must
  not get one by accident.
- officer notifications (`tugaskan`, `tugaskan_ulang`: the assigned officer; `alihkan`: the supervisors of
  the target unit): a `Notifikasi` row, pushed live to the officer's stream after the commit. Nobody is
  told about what they did themselves.

Every other event returns at once, without a query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from antrian import realtime
from antrian.models import (
    AlasanTolak,
    JenisNotifikasi,
    JenisPesan,
    Keanggotaan,
    Notifikasi,
    Peran,
    Peristiwa,
    PesanKeluar,
    SaluranPesan,
    Tiket,
)
from antrian.pesan.isi import susun

PESAN_WARGA: dict[str, str] = {
    "ajukan": JenisPesan.PENGAJUAN,
    "minta_kelengkapan": JenisPesan.MINTA_KELENGKAPAN,
    "selesaikan": JenisPesan.SELESAI,
    "tutup": JenisPesan.DITUTUP,
    "tolak": JenisPesan.DITOLAK,
}
AKSI_PENUGASAN = frozenset({"tugaskan", "tugaskan_ulang"})
AKSI_PENGALIHAN = "alihkan"


def setelah_peristiwa(*, tiket: Tiket, peristiwa: Peristiwa, peristiwa_baru: bool = False) -> None:
    """`peristiwa_baru`: the event was inserted in this transaction (`catat_peristiwa`), so it has no
    messages yet; a job that runs the hook again for an old event leaves it False."""
    jenis = PESAN_WARGA.get(peristiwa.aksi)
    if jenis == JenisPesan.DITOLAK and peristiwa.data.get("alasan") == AlasanTolak.SPAM:
        jenis = None  # telling a spammer (or whoever's address they typed) serves nobody
    if jenis is not None:
        pesan_warga_antrekan(tiket=tiket, peristiwa=peristiwa, jenis=jenis, peristiwa_baru=peristiwa_baru)
    if peristiwa.aksi in AKSI_PENUGASAN:
        _beri_tahu_penugasan(tiket, peristiwa)
    elif peristiwa.aksi == AKSI_PENGALIHAN:
        _beri_tahu_pengalihan(tiket, peristiwa)


# --- citizens -------------------------------------------------------------------------------------------


def alamat_warga(tiket: Tiket) -> dict[str, str]:
    """Channel -> address the citizen can be reached at: e-mail when there is an address (the account's,
    else the one given with the tiket), SMS/WhatsApp when there is a phone and that gateway is set up."""
    if tiket.anonim:
        return {}
    pemohon = tiket.pemohon
    email = ((pemohon.email if pemohon else "") or tiket.kontak_email or "").strip()
    telepon = ((pemohon.telepon if pemohon else "") or tiket.kontak_telepon or "").strip()
    alamat: dict[str, str] = {}
    for saluran in settings.PESAN_SALURAN:
        if saluran == SaluranPesan.EMAIL and email:
            alamat[saluran] = email
        elif saluran in (SaluranPesan.SMS, SaluranPesan.WHATSAPP) and telepon:
            alamat[saluran] = telepon
    return alamat


def pesan_warga_antrekan(
    *, tiket: Tiket, peristiwa: Peristiwa, jenis: str, peristiwa_baru: bool = False
) -> list[PesanKeluar]:
    """Write the citizen's messages of kind `jenis` about `peristiwa` and queue their sending after the
    commit. Must run inside a transaction. Calling it again for the same event adds nothing (the unique
    key: tiket, kind, channel, event), so a job that asks twice sends once."""
    baru: list[PesanKeluar] = []
    for saluran, penerima in alamat_warga(tiket).items():
        isi = susun(jenis=jenis, saluran=saluran, tiket=tiket, peristiwa=peristiwa)
        pesan = PesanKeluar(
            tiket=tiket,
            peristiwa=peristiwa,
            saluran=saluran,
            jenis=jenis,
            penerima=penerima,
            subjek=isi.subjek[:200],
            isi=isi.isi,
        )
        if peristiwa_baru:
            pesan.save()  # a new event has no messages: no savepoint needed (two queries fewer)
        else:
            try:
                with transaction.atomic():
                    pesan.save()
            except IntegrityError:
                continue  # written before for this event
        baru.append(pesan)
    if baru:
        ids = [p.pk for p in baru]
        transaction.on_commit(lambda: _antrekan(ids))
    return baru


def _antrekan(ids: list[int]) -> None:
    # Imported here: the Celery task module is loaded by the worker, not by every import of the hook.
    from antrian.pesan.tugas import antrekan

    antrekan(ids)


# --- officers -------------------------------------------------------------------------------------------


def _beri_tahu_penugasan(tiket: Tiket, peristiwa: Peristiwa) -> None:
    petugas = tiket.petugas
    if petugas is None or petugas.pengguna_id == peristiwa.aktor_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        teks = _("Ticket %(nomor)s has been assigned to you.") % {"nomor": tiket.nomor}
    _simpan(JenisNotifikasi.DITUGASKAN, tiket, peristiwa, [petugas.pengguna_id], teks)


def _beri_tahu_pengalihan(tiket: Tiket, peristiwa: Peristiwa) -> None:
    # Active supervisors with active accounts: a supervisor on leave hears of it from the queue on return.
    anggota = Keanggotaan.objects.filter(
        unit_id=tiket.unit_id,
        peran=Peran.SUPERVISOR,
        petugas__aktif=True,
        petugas__pengguna__is_active=True,
    )
    if peristiwa.aktor_id is not None:
        anggota = anggota.exclude(petugas__pengguna_id=peristiwa.aktor_id)
    penerima = list(
        anggota.order_by("petugas__pengguna_id").values_list("petugas__pengguna_id", flat=True).distinct()
    )
    with translation.override(settings.LANGUAGE_CODE):
        teks = _("Ticket %(nomor)s was transferred to your unit %(unit)s.") % {
            "nomor": tiket.nomor,
            "unit": tiket.unit.nama,
        }
    _simpan(JenisNotifikasi.DIALIHKAN, tiket, peristiwa, penerima, teks)


def _simpan(jenis: str, tiket: Tiket, peristiwa: Peristiwa, penerima: list[int], teks: str) -> None:
    for pengguna_id in penerima:
        notifikasi = Notifikasi(
            penerima_id=pengguna_id,
            tiket=tiket,
            jenis=jenis,
            # One per event and recipient, whatever runs twice.
            kunci=f"{jenis}:{tiket.pk}:{peristiwa.pk}:{pengguna_id}",
            pesan=teks,
        )
        try:
            with transaction.atomic():
                notifikasi.save()
        except IntegrityError:
            continue
        realtime.siarkan_notifikasi(notifikasi)
