"""One service per transition. Each locks the tiket, checks permission explicitly, runs the transition,
appends the event and schedules the broadcast on commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from antrian import kalender
from antrian.berkas import BerkasTeruji
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import AlasanTolak, JenisTiket, Petugas, Tanggapan, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import STATUS_TERBUKA
from antrian.services._umum import catat_peristiwa, kunci_tiket, simpan_lampiran, simpan_tiket


def _periksa(metode: Callable[..., Any], aktor: Aktor) -> None:
    # Wrong state first: an action that cannot happen now is a conflict (409) whoever asks.
    if not can_proceed(metode, check_conditions=False):
        raise TransisiTidakSah()
    # django-fsm does not check `permission=` when the method is called; this is the only gate.
    if not has_transition_perm(metode, cast(Any, aktor)):
        raise TidakDiizinkan()


def _wajib(teks: str, medan: str, pesan: str) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise DataTidakValid(rincian={medan: [pesan]})
    return teks


def _jalankan(
    *,
    tiket: Tiket | int,
    aktor: Aktor,
    aksi: str,
    versi: int | None,
    jenis: str = JenisPeristiwa.TRANSISI,
    catatan: str = "",
    data: dict[str, Any] | None = None,
    petugas_id: int | None = None,
    sebelum: Callable[[Tiket], dict[str, Any]] | None = None,
    sesudah: Callable[[Tiket], object] | None = None,
    sudah_terkunci: bool = False,
) -> Tiket:
    # `sudah_terkunci`: the caller locked `tiket` in its own open transaction (kunci_tiket) and lets any
    # failure roll all of it back, so the row is not read again and no savepoint is taken.
    with transaction.atomic(savepoint=not sudah_terkunci):
        terkunci = kunci_tiket(tiket, versi, sudah_terkunci=sudah_terkunci)
        metode = getattr(terkunci, aksi)
        _periksa(metode, aktor)
        argumen = sebelum(terkunci) if sebelum else {}
        dari = terkunci.status
        petugas_lama, unit_lama, tenggat_lama = terkunci.petugas_id, terkunci.unit_id, terkunci.tenggat
        if jenis == JenisPeristiwa.PENGALIHAN:
            data = {**(data or {}), "unit_asal": terkunci.unit_id}
        metode(**argumen)
        if terkunci.tenggat != tenggat_lama and terkunci.tenggat is not None:
            # A moved tenggat (the citizen answered: the paused time is added) goes into the log, which
            # the metrics summary can be rebuilt from.
            data = {**(data or {}), "tenggat": terkunci.tenggat.isoformat()}
        simpan_tiket(terkunci)
        # What the transition writes besides the tiket (a reply with its files) comes first, so the event
        # can name it: the timeline shows each event with the files that came with it.
        hasil = sesudah(terkunci) if sesudah else None
        if isinstance(hasil, Tanggapan):
            data = {**(data or {}), "tanggapan": hasil.pk, "dari_petugas": hasil.dari_petugas}
        catat_peristiwa(
            tiket=terkunci,
            aktor=aktor,
            jenis=jenis,
            aksi=aksi,
            dari_status=dari,
            catatan=catatan,
            data=data,
            petugas_id=petugas_id,
        )
        _setelah_perubahan(terkunci, dari, petugas_lama, unit_lama)
    return terkunci


def _setelah_perubahan(tiket: Tiket, dari: str, petugas_lama: int | None, unit_lama: int) -> None:
    # Freed capacity and a tiket entering an automatic unit's queue are handled by the auto-assigner in
    # this same transaction. Imported here: `penugasan` builds on the services of this module.
    from antrian.services.penugasan import penugasan_setelah_perubahan

    penugasan_setelah_perubahan(
        tiket=tiket, dari_status=dari, petugas_lama_id=petugas_lama, unit_lama_id=unit_lama
    )


def _beban_terbuka(petugas: Petugas) -> int:
    return Tiket.objects.filter(petugas=petugas, status__in=STATUS_TERBUKA).count()


def _periksa_petugas_tujuan(petugas: Petugas, unit_id: int | None) -> None:
    """Lock the officer's row so two assignments at once cannot both squeeze under the capacity.

    FOR NO KEY UPDATE: it excludes every other assigner (they take the same lock) but not the key-share
    lock PostgreSQL takes when an event or a tiket row merely references the officer. `unit_id` None:
    the permission check has just confirmed the officer belongs to the tiket's unit (`ambil`)."""
    terkunci = Petugas.objects.select_for_update(no_key=True).get(pk=petugas.pk)
    if unit_id is not None and not terkunci.keanggotaan.filter(unit_id=unit_id).exists():
        raise DataTidakValid(rincian={"petugas": [_("The officer is not a member of this ticket's unit.")]})
    if not terkunci.aktif:
        raise DataTidakValid(
            rincian={"petugas": [_("The officer is currently inactive (on leave or deactivated).")]}
        )
    if _beban_terbuka(terkunci) >= terkunci.kapasitas:
        raise DataTidakValid(rincian={"petugas": [_("The officer's capacity is full.")]})


def tandai_ditugaskan(petugas: Petugas) -> dt.datetime:
    """Record when the officer last received a tiket (the auto-assigner's tie-break: longest idle first).
    The caller holds the officer's row lock (`_periksa_petugas_tujuan`)."""
    waktu = timezone.now()
    Petugas.objects.filter(pk=petugas.pk).update(terakhir_ditugaskan_pada=waktu)
    petugas.terakhir_ditugaskan_pada = waktu
    return waktu


def tiket_tugaskan(
    *, tiket: Tiket | int, petugas: Petugas, aktor: Aktor, versi: int | None = None, catatan: str = ""
) -> Tiket:
    def sebelum(t: Tiket) -> dict[str, Any]:
        _periksa_petugas_tujuan(petugas, t.unit_id)
        return {"petugas": petugas, "waktu": tandai_ditugaskan(petugas)}

    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="tugaskan",
        versi=versi,
        jenis=JenisPeristiwa.PENUGASAN,
        catatan=catatan,
        data={"petugas": petugas.pk},
        petugas_id=petugas.pk,
        sebelum=sebelum,
    )


def tiket_ambil(*, tiket: Tiket | int, aktor: Aktor, versi: int | None = None) -> Tiket:
    return _ambil(tiket=tiket, aktor=aktor, versi=versi)


def _ambil(
    *, tiket: Tiket | int, aktor: Aktor, versi: int | None = None, petugas_terkunci: Petugas | None = None
) -> Tiket:
    """`ambil` by the acting officer. The claim (`tiket_klaim_berikutnya`) passes the tiket and
    `petugas_terkunci`, the officer's own row, both locked in its still-open transaction, where it has
    already found room under that lock: neither is read nor counted again."""
    dari_klaim = petugas_terkunci is not None
    petugas = petugas_terkunci if petugas_terkunci is not None else aktor.petugas

    def sebelum(t: Tiket) -> dict[str, Any]:
        assert petugas is not None  # the permission check guarantees an officer
        if not dari_klaim:
            _periksa_petugas_tujuan(petugas, None)
        return {"petugas": petugas, "waktu": tandai_ditugaskan(petugas)}

    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="ambil",
        versi=versi,
        jenis=JenisPeristiwa.PENUGASAN,
        data={"petugas": petugas.pk if petugas else None},
        sebelum=sebelum,
        sudah_terkunci=dari_klaim,
    )


def tiket_lepaskan(*, tiket: Tiket | int, aktor: Aktor, versi: int | None = None, catatan: str = "") -> Tiket:
    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="lepaskan",
        versi=versi,
        jenis=JenisPeristiwa.PENUGASAN,
        catatan=catatan,
    )


def tiket_mulai(*, tiket: Tiket | int, aktor: Aktor, versi: int | None = None) -> Tiket:
    return _jalankan(
        tiket=tiket, aktor=aktor, aksi="mulai", versi=versi, sebelum=lambda t: {"waktu": timezone.now()}
    )


def _tanggapan_dengan_lampiran(
    t: Tiket, aktor: Aktor, isi: str, lampiran: Sequence[BerkasTeruji], *, dari_petugas: bool
) -> Tanggapan:
    tanggapan = Tanggapan.objects.create(tiket=t, penulis=aktor.pengguna, isi=isi, dari_petugas=dari_petugas)
    simpan_lampiran(tiket=t, aktor=aktor, berkas=lampiran, tanggapan=tanggapan)
    return tanggapan


def tiket_minta_kelengkapan(
    *,
    tiket: Tiket | int,
    aktor: Aktor,
    pesan: str,
    lampiran: Sequence[BerkasTeruji] = (),
    versi: int | None = None,
) -> Tiket:
    pesan = _wajib(pesan, "pesan", _("Write what the citizen needs to supply."))
    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="minta_kelengkapan",
        versi=versi,
        catatan=pesan,
        sebelum=lambda t: {"waktu": timezone.now()},
        sesudah=lambda t: _tanggapan_dengan_lampiran(t, aktor, pesan, lampiran, dari_petugas=True),
    )


def tiket_lengkapi(
    *,
    tiket: Tiket | int,
    aktor: Aktor,
    pesan: str,
    lampiran: Sequence[BerkasTeruji] = (),
    versi: int | None = None,
) -> Tiket:
    pesan = (pesan or "").strip()
    if not pesan and not lampiran:
        raise DataTidakValid(rincian={"pesan": [_("Send a reply or attach the requested files.")]})

    def sebelum(t: Tiket) -> dict[str, Any]:
        waktu = timezone.now()
        tenggat, jeda_kerja = t.tenggat, dt.timedelta(0)
        if t.jeda_sejak is not None:
            # Time waiting for the citizen does not count against the officer (DOMAIN.md): the tenggat
            # moves by exactly the paused working time of the unit's calendar, minutes included. The
            # assignment and first-response deadlines were met before work could be paused (only
            # `diproses` pauses), so they stay.
            tanggalan = kalender.muat(unit=t.unit)
            jeda_kerja = tanggalan.waktu_kerja_antara(t.jeda_sejak, waktu)
            if tenggat is not None:
                tenggat = tanggalan.tambah_waktu_kerja(tenggat, jeda_kerja)
        return {"waktu": waktu, "tenggat_baru": tenggat, "jeda_kerja": jeda_kerja}

    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="lengkapi",
        versi=versi,
        catatan=pesan,
        sebelum=sebelum,
        sesudah=lambda t: _tanggapan_dengan_lampiran(
            t, aktor, pesan or _("(attachments sent)"), lampiran, dari_petugas=False
        ),
    )


def tiket_selesaikan(
    *,
    tiket: Tiket | int,
    aktor: Aktor,
    catatan: str,
    produk: str = "",
    lampiran: Sequence[BerkasTeruji] = (),
    versi: int | None = None,
) -> Tiket:
    catatan = _wajib(catatan, "catatan", _("A completion note is required."))

    def sebelum(t: Tiket) -> dict[str, Any]:
        if t.jenis == JenisTiket.PERMOHONAN and not (produk or "").strip():
            raise DataTidakValid(rincian={"produk": [_("State the service product that was issued.")]})
        return {"waktu": timezone.now()}

    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="selesaikan",
        versi=versi,
        catatan=catatan,
        data={"produk": produk.strip()} if produk else {},
        sebelum=sebelum,
        sesudah=lambda t: _tanggapan_dengan_lampiran(t, aktor, catatan, lampiran, dari_petugas=True),
    )


def batas_buka_kembali(tiket: Tiket) -> dt.datetime | None:
    """The end of the reopen window: the close of the HARI_BUKA_KEMBALI-th working day after `selesai`, in
    the unit's calendar — the same clock the auto-close counts with (antrian.services.eskalasi)."""
    if tiket.diselesaikan_pada is None:
        return None
    return kalender.tambah_hari_kerja(tiket.diselesaikan_pada, settings.HARI_BUKA_KEMBALI, unit=tiket.unit)


def tiket_buka_kembali(*, tiket: Tiket | int, aktor: Aktor, alasan: str, versi: int | None = None) -> Tiket:
    alasan = _wajib(alasan, "alasan", _("Explain why the ticket is being reopened."))

    def sebelum(t: Tiket) -> dict[str, Any]:
        waktu = timezone.now()
        batas = batas_buka_kembali(t)
        if batas is not None and waktu > batas:
            raise TransisiTidakSah(
                _("A ticket can only be reopened within %(n)s working days after completion.")
                % {"n": settings.HARI_BUKA_KEMBALI}
            )
        # The clock was stopped while the tiket stood resolved: the tenggat moves by that working time,
        # exactly as after a wait for the citizen (tiket_lengkapi).
        tenggat, jeda_kerja = t.tenggat, dt.timedelta(0)
        if t.diselesaikan_pada is not None:
            tanggalan = kalender.muat(unit=t.unit)
            jeda_kerja = tanggalan.waktu_kerja_antara(t.diselesaikan_pada, waktu)
            if tenggat is not None:
                tenggat = tanggalan.tambah_waktu_kerja(tenggat, jeda_kerja)
        return {"waktu": waktu, "tenggat_baru": tenggat, "jeda_kerja": jeda_kerja}

    return _jalankan(
        tiket=tiket, aktor=aktor, aksi="buka_kembali", versi=versi, catatan=alasan, sebelum=sebelum
    )


def tiket_tutup(*, tiket: Tiket | int, aktor: Aktor, catatan: str = "", versi: int | None = None) -> Tiket:
    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="tutup",
        versi=versi,
        catatan=catatan,
        data={"otomatis": aktor.sistem},
        sebelum=lambda t: {"waktu": timezone.now()},
    )


def tiket_tolak(
    *, tiket: Tiket | int, aktor: Aktor, alasan: str, catatan: str, versi: int | None = None
) -> Tiket:
    if alasan not in AlasanTolak.values:
        raise DataTidakValid(
            rincian={
                "alasan": [
                    _("The reason must be one of: %(daftar)s.") % {"daftar": ", ".join(AlasanTolak.values)}
                ]
            }
        )
    catatan = _wajib(catatan, "catatan", _("A rejection note is required."))
    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="tolak",
        versi=versi,
        catatan=catatan,
        data={"alasan": alasan},
        sebelum=lambda t: {"alasan": alasan, "waktu": timezone.now()},
    )


def tiket_batalkan(*, tiket: Tiket | int, aktor: Aktor, catatan: str = "", versi: int | None = None) -> Tiket:
    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="batalkan",
        versi=versi,
        catatan=catatan,
        sebelum=lambda t: {"waktu": timezone.now()},
    )


def tiket_alihkan(
    *, tiket: Tiket | int, aktor: Aktor, unit_tujuan: Unit, alasan: str, versi: int | None = None
) -> Tiket:
    alasan = _wajib(alasan, "alasan", _("A reason for the transfer (disposition) is required."))

    def sebelum(t: Tiket) -> dict[str, Any]:
        if unit_tujuan.pk == t.unit_id:
            raise DataTidakValid(rincian={"unit": [_("The target unit is the same as the current unit.")]})
        if not unit_tujuan.aktif:
            raise DataTidakValid(rincian={"unit": [_("The target unit is inactive.")]})
        return {"unit": unit_tujuan}

    return _jalankan(
        tiket=tiket,
        aktor=aktor,
        aksi="alihkan",
        versi=versi,
        jenis=JenisPeristiwa.PENGALIHAN,
        catatan=alasan,
        data={"unit_tujuan": unit_tujuan.pk},
        sebelum=sebelum,
    )
