"""What one viewer sees of one tiket: identity or not, the events, replies and actions open to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from antrian import rincian
from antrian.izin import Aktor
from antrian.models import Lampiran, Peristiwa, Petugas, Tanggapan, Tiket
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import STATUS_AKHIR
from antrian.selectors.tiket import (
    _DATA_PUBLIK,
    identitas_tampak,
    label_aksi,
    lampiran_untuk,
    melihat_sebagai_staf,
    peristiwa_untuk,
)
from antrian.services.penugasan import STATUS_TUGASKAN_ULANG
from antrian.services.transisi import batas_buka_kembali
from portal.validators import samarkan_nik


@dataclass(frozen=True)
class Identitas:
    nama: str
    email: str
    telepon: str
    nik: str  # always masked


@dataclass(frozen=True)
class PeristiwaTampil:
    id: int
    jenis: str
    aksi: str
    aksi_label: str
    dari_status: str
    ke_status: str
    waktu: Any
    catatan: str
    peran_aktor: str  # warga / petugas / sistem
    aktor_nama: str | None  # officers' view only
    data: dict[str, Any]
    publik: bool = True  # False: an internal event, which only staff get at all


@dataclass(frozen=True)
class TanggapanTampil:
    id: int
    isi: str
    internal: bool
    dari_petugas: bool
    penulis_nama: str | None
    dibuat_pada: Any
    lampiran: list[Lampiran]


@dataclass(frozen=True)
class TampilanTiket:
    tiket: Tiket
    aktor: Aktor
    staf: bool
    petugas: Petugas | None
    pemohon: Identitas | None
    peristiwa: list[PeristiwaTampil]
    tanggapan: list[TanggapanTampil]
    lampiran: list[Lampiran]
    aksi_tersedia: list[str]
    boleh_menanggapi: bool
    boleh_catatan_internal: bool
    rincian: dict[str, Any] = field(default_factory=dict)


def _identitas(tiket: Tiket) -> Identitas:
    pemohon = tiket.pemohon
    return Identitas(
        nama=tiket.kontak_nama or (pemohon.nama_tampil if pemohon else ""),
        email=tiket.kontak_email or ((pemohon.email or "") if pemohon else ""),
        telepon=tiket.kontak_telepon or ((pemohon.telepon or "") if pemohon else ""),
        nik=samarkan_nik(pemohon.nik) if pemohon else "",
    )


def _peran_aktor(peristiwa: Peristiwa, tiket: Tiket) -> str:
    if peristiwa.aktor_id is None:
        # No account: the system (auto-assign, auto-close) or a guest acting with the token.
        if peristiwa.data.get("otomatis") or peristiwa.aksi == "tugaskan":
            return "sistem"
        return "warga"
    if peristiwa.aktor_id == tiket.pemohon_id:
        return "warga"
    if peristiwa.jenis == JenisPeristiwa.TANGGAPAN and not peristiwa.data.get("dari_petugas", True):
        return "warga"
    return "petugas"


def _nama_boleh(pengguna: Any, *, staf: bool, peran: str, identitas: bool) -> str | None:
    """Names are for officers' eyes; a reporter's own name only when their identity may be shown."""
    if not staf or pengguna is None:
        return None
    if peran == "warga" and not identitas:
        return None
    return str(pengguna.nama_tampil)


def _aksi_tersedia(tiket: Tiket, aktor: Aktor) -> list[str]:
    nama = [t.name for t in tiket.get_available_user_status_transitions(aktor)]  # type: ignore[attr-defined]
    if "buka_kembali" in nama:
        batas = batas_buka_kembali(tiket)
        if batas is not None and timezone.now() > batas:
            nama.remove("buka_kembali")
    if tiket.status in STATUS_TUGASKAN_ULANG and aktor.supervisor_unit(tiket.unit_id):
        nama.append("tugaskan_ulang")  # an assignment change, not an FSM transition
    return nama


def detail_tiket(*, tiket: Tiket, aktor: Aktor) -> TampilanTiket:
    """Everything about one tiket this viewer may see. The caller resolved the tiket with `tiket_untuk`
    (or just acted on it), so visibility of the tiket itself is settled; this decides what inside it."""
    staf = melihat_sebagai_staf(aktor, tiket)
    identitas = identitas_tampak(aktor, tiket)
    lampiran = list(lampiran_untuk(tiket=tiket, aktor=aktor))
    tanggapan_qs = Tanggapan.objects.filter(tiket=tiket).select_related("penulis").order_by("id")
    if not staf:
        tanggapan_qs = tanggapan_qs.filter(internal=False)
    tanggapan_qs = tanggapan_qs.prefetch_related(
        Prefetch("lampiran", queryset=lampiran_untuk(tiket=tiket, aktor=aktor))
    )

    peristiwa = []
    for p in peristiwa_untuk(tiket=tiket, aktor=aktor):
        peran = _peran_aktor(p, tiket)
        peristiwa.append(
            PeristiwaTampil(
                id=p.pk,
                jenis=p.jenis,
                aksi=p.aksi,
                aksi_label=label_aksi(p.aksi),
                dari_status=p.dari_status,
                ke_status=p.ke_status,
                waktu=p.dibuat_pada,
                catatan=p.catatan,
                peran_aktor=peran,
                aktor_nama=_nama_boleh(p.aktor, staf=staf, peran=peran, identitas=identitas),
                data=p.data if staf else {k: v for k, v in p.data.items() if k in _DATA_PUBLIK},
                publik=p.publik,
            )
        )
    tanggapan = [
        TanggapanTampil(
            id=t.pk,
            isi=t.isi,
            internal=t.internal,
            dari_petugas=t.dari_petugas,
            penulis_nama=_nama_boleh(
                t.penulis, staf=staf, peran="petugas" if t.dari_petugas else "warga", identitas=identitas
            ),
            dibuat_pada=t.dibuat_pada,
            lampiran=list(t.lampiran.all()),
        )
        for t in tanggapan_qs
    ]
    anggota = aktor.anggota_unit(tiket.unit_id)
    return TampilanTiket(
        tiket=tiket,
        aktor=aktor,
        staf=staf,
        petugas=tiket.petugas if staf else None,
        pemohon=_identitas(tiket) if identitas else None,
        peristiwa=peristiwa,
        tanggapan=tanggapan,
        lampiran=lampiran,
        aksi_tersedia=_aksi_tersedia(tiket, aktor),
        boleh_menanggapi=tiket.status not in STATUS_AKHIR and (anggota or aktor.pemilik(tiket)),
        boleh_catatan_internal=tiket.status not in STATUS_AKHIR and anggota,
        rincian=rincian.rincian_tiket(tiket, aktor),
    )
