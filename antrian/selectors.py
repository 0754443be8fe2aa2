"""Reads of tikets, always scoped by who asks. The API, the HTML pages and the websocket use these.

Visibility in one place: an officer sees the tikets of the units they belong to, a manager or admin sees
every unit (read-only), a citizen sees their own, a guest sees one tiket whose secret token they hold.
Anything else is answered exactly like a number that does not exist, so guessing reveals nothing.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import BooleanField, Case, Count, F, Max, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antrian import eskalasi, kalender, rincian
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import JenisTiket, Lampiran, Peristiwa, Petugas, Status, Tanggapan, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from antrian.models.tiket import STATUS_AKHIR, STATUS_TERBUKA
from antrian.services import hash_token
from antrian.services.penugasan import STATUS_TUGASKAN_ULANG
from portal.validators import samarkan_nik

# While the tiket waits for the citizen the SLA clock is paused (DOMAIN.md), so it is not overdue
# against the officer even if the old tenggat has passed; `lengkapi` moves the tenggat on.
STATUS_BERJALAN = eskalasi.STATUS_BERJALAN

DITUGASKAN_SAYA = "saya"
DITUGASKAN_KOSONG = "kosong"

# Keys of an event's `data` a citizen may see (the product issued, the rejection reason code).
_DATA_PUBLIK = {"produk", "alasan", "jenis"}

_LABEL_AKSI = {
    "ajukan": gettext_lazy("Submitted"),
    "tugaskan": gettext_lazy("Assigned to an officer"),
    "ambil": gettext_lazy("Taken by an officer"),
    "lepaskan": gettext_lazy("Returned to the queue"),
    "tugaskan_ulang": gettext_lazy("Reassigned to another officer"),
    "mulai": gettext_lazy("Processing started"),
    "minta_kelengkapan": gettext_lazy("Officer asked for missing items"),
    "lengkapi": gettext_lazy("Citizen supplied the missing items"),
    "selesaikan": gettext_lazy("Marked as completed"),
    "buka_kembali": gettext_lazy("Reopened"),
    "tutup": gettext_lazy("Closed"),
    "tolak": gettext_lazy("Rejected"),
    "batalkan": gettext_lazy("Cancelled"),
    "alihkan": gettext_lazy("Transferred to another unit"),
    "tanggapi": gettext_lazy("Reply"),
    "catatan_internal": gettext_lazy("Internal note"),
}


def label_aksi(aksi: str) -> str:
    return str(_LABEL_AKSI[aksi]) if aksi in _LABEL_AKSI else aksi


def _dasar() -> QuerySet[Tiket]:
    """Every tiket read starts here: its unit and officer joined once, the escalation flags `terlambat`
    and `hampir_jatuh_tempo` computed in SQL (`antrian.eskalasi`)."""
    return Tiket.objects.select_related("unit", "petugas__pengguna").annotate(**eskalasi.anotasi_flag())


def ekspresi_terlambat() -> Case:
    """True for a running tiket past its tenggat (the clock is paused in menunggu_warga), in SQL."""
    return Case(
        When(status__in=STATUS_BERJALAN, tenggat__lt=timezone.now(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _urutan_antrian(qs: QuerySet[Tiket]) -> QuerySet[Tiket]:
    """Queue order: overdue first, then priority (highest first), the nearest tenggat, the oldest id.

    Ordered by the expression, not an annotation, so the claim and the auto-assigner can use it on a bare
    `select_for_update` query as well as on the annotated reads.
    """
    return qs.order_by(ekspresi_terlambat().desc(), "-prioritas", F("tenggat").asc(nulls_last=True), "id")


def _saring_relasi(qs: QuerySet[Tiket], lookup: str, nilai: str) -> QuerySet[Tiket]:
    """Filter through a relation owned by another app; if that app lacks it, nothing matches."""
    try:
        return qs.filter(**{lookup: nilai})
    except FieldError:
        return qs.none()


def antrian_untuk_petugas(
    *,
    aktor: Aktor,
    status: Sequence[str] = (),
    unit: str | None = None,
    layanan: str | None = None,
    kategori: str | None = None,
    terlambat: bool = False,
    ditugaskan: str | None = None,
    q: str | None = None,
    jenis: str | None = None,
    petugas: int | None = None,
) -> QuerySet[Tiket]:
    """The work queue: tikets of the officer's units (all units for managers and admins) in queue order
    (`_urutan_antrian`: overdue first, then priority, then the nearest tenggat)."""
    if aktor.adalah_manajer:
        qs = _dasar()
    elif aktor.petugas is not None:
        qs = _dasar().filter(unit_id__in=aktor.unit_ids)
    else:
        raise TidakDiizinkan(_("The queue is only for unit officers and managers."))

    tidak_sah = [s for s in status if s not in Status.values]
    if tidak_sah:
        raise DataTidakValid(rincian={"status": [_("Unknown status: %(s)s.") % {"s": ", ".join(tidak_sah)}]})
    if status:
        qs = qs.filter(status__in=list(status))
    if unit:
        qs = qs.filter(unit__kode=unit)
    if jenis:
        if jenis not in JenisTiket.values:
            raise DataTidakValid(rincian={"jenis": [_("Choose 'permohonan' or 'keluhan'.")]})
        qs = qs.filter(jenis=jenis)
    if petugas is not None:
        qs = qs.filter(petugas_id=petugas)
    if layanan:
        qs = _saring_relasi(qs, "permohonan__layanan__kode", layanan)
    if kategori:
        qs = _saring_relasi(qs, "keluhan__kategori__kode", kategori)
    if terlambat:
        qs = qs.filter(status__in=STATUS_BERJALAN, tenggat__lt=timezone.now())
    if ditugaskan == DITUGASKAN_SAYA:
        qs = qs.filter(petugas=aktor.petugas) if aktor.petugas is not None else qs.none()
    elif ditugaskan == DITUGASKAN_KOSONG:
        qs = qs.filter(petugas__isnull=True)
    elif ditugaskan:
        raise DataTidakValid(rincian={"ditugaskan": [_("Choose 'saya' or 'kosong'.")]})
    if q and q.strip():
        q = q.strip()
        cocok = Q(nomor__istartswith=q) | Q(judul__icontains=q)
        try:
            # A complaint's own text too; the keluhan app owns it, so without that app only the tiket's.
            qs = qs.filter(cocok | Q(keluhan__isi__icontains=q))
        except FieldError:
            qs = qs.filter(cocok)
    return _urutan_antrian(qs)


def tiket_milik_warga(*, aktor: Aktor) -> QuerySet[Tiket]:
    """The citizen's own tikets (by account), newest first."""
    if aktor.pengguna is None:
        raise TidakDiizinkan()
    return _dasar().filter(pemohon=aktor.pengguna).order_by("-diajukan_pada", "-id")


def token_cocok(tiket: Tiket, token: str | None) -> bool:
    if not token or not tiket.token_lacak_hash:
        return False
    return hmac.compare_digest(hash_token(token), tiket.token_lacak_hash)


def tiket_untuk(*, aktor: Aktor, nomor: str, token: str | None = None) -> tuple[Tiket, Aktor]:
    """One tiket for whoever may see it, and the aktor who acts on it (a guest becomes `Aktor.tamu`).

    A missing number, a wrong token, another citizen's tiket and another unit's tiket all raise the same
    `TidakDitemukan`, so the answer never tells which of these it was.
    """
    tiket = _dasar().select_related("pemohon").filter(nomor=nomor).first()
    if tiket is None:
        raise TidakDitemukan()
    if aktor.pengguna is not None and aktor.boleh_lihat(tiket):
        return tiket, aktor
    if aktor.tiket_tamu_id == tiket.pk:
        return tiket, aktor
    if token_cocok(tiket, token):
        return tiket, Aktor.tamu(tiket.pk)
    raise TidakDitemukan()


def tiket_segar(tiket: Tiket | int) -> Tiket:
    """Re-read a tiket after a write, with the same joins as every other read."""
    pk = tiket.pk if isinstance(tiket, Tiket) else tiket
    return _dasar().select_related("pemohon").get(pk=pk)


def melihat_sebagai_staf(aktor: Aktor, tiket: Tiket) -> bool:
    """Officers of the tiket's unit and managers see internal notes and who did what."""
    return aktor.anggota_unit(tiket.unit_id) or aktor.adalah_manajer


def identitas_tampak(aktor: Aktor, tiket: Tiket) -> bool:
    """A confidential reporter's identity is hidden from officers; the owner and admins always see it."""
    if tiket.anonim:
        return False
    if aktor.pemilik(tiket) or aktor.adalah_admin:
        return True
    return melihat_sebagai_staf(aktor, tiket) and not tiket.identitas_rahasia


def peristiwa_untuk(
    *, tiket: Tiket, aktor: Aktor, sejak: int | None = None, hanya_publik: bool = False
) -> QuerySet[Peristiwa]:
    """Events of a tiket the viewer may see: citizens and guests only public ones. `sejak` gives the
    events after a given id (a websocket client catching up)."""
    qs = Peristiwa.objects.filter(tiket=tiket).select_related("aktor").order_by("id")
    if hanya_publik or not melihat_sebagai_staf(aktor, tiket):
        qs = qs.filter(publik=True)
    if sejak is not None:
        qs = qs.filter(id__gt=sejak)
    return qs


def lampiran_untuk(*, tiket: Tiket, aktor: Aktor) -> QuerySet[Lampiran]:
    qs = Lampiran.objects.filter(tiket=tiket).order_by("id")
    if not melihat_sebagai_staf(aktor, tiket):
        qs = qs.filter(internal=False).exclude(tanggapan__internal=True)
    return qs


def lampiran_tiket(*, tiket: Tiket, aktor: Aktor, lampiran_id: int) -> Lampiran:
    lampiran = lampiran_untuk(tiket=tiket, aktor=aktor).filter(pk=lampiran_id).first()
    if lampiran is None:
        raise TidakDitemukan()
    return lampiran


# --- the detail of one tiket, as this viewer may see it -------------------------------------------------


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
    if "buka_kembali" in nama and tiket.diselesaikan_pada is not None:
        batas = settings.HARI_BUKA_KEMBALI
        if kalender.hari_kerja_antara(tiket.diselesaikan_pada, timezone.now()) > batas:
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


def petugas_berdasarkan_id(petugas_id: int) -> Petugas:
    petugas = Petugas.objects.select_related("pengguna").filter(pk=petugas_id).first()
    if petugas is None:
        raise DataTidakValid(rincian={"petugas": [_("Officer not found.")]})
    return petugas


def unit_berdasarkan_kode(kode: str) -> Unit:
    unit = Unit.objects.filter(kode=kode).first()
    if unit is None:
        raise DataTidakValid(rincian={"unit": [_("Unit not found.")]})
    return unit


def daftar_status(nilai: Iterable[str]) -> list[str]:
    """`?status=a,b&status=c` -> ["a", "b", "c"]."""
    return [s.strip() for item in nilai for s in item.split(",") if s.strip()]


# --- live streams: what a reconnecting client missed, and the dashboard's counters ----------------------


@dataclass(frozen=True)
class Susulan:
    """Events a stream missed, in stream order. `penuh`: more than the bound were missed and the client
    must reload instead; `terakhir` is the stream position to go on from."""

    peristiwa: list[Peristiwa]
    penuh: bool
    terakhir: int


def urutan_terakhir() -> int:
    """The newest stream position. Positions follow commit order (antrian.realtime), so every event up to
    it is settled. A page that renders events reads this FIRST and hands it to its websocket as `sejak`."""
    return Peristiwa.objects.aggregate(terakhir=Max("urutan"))["terakhir"] or 0


def _susulan(qs: QuerySet[Peristiwa], *, sejak: int | None, batas: int) -> Susulan:
    if sejak is None:
        return Susulan(peristiwa=[], penuh=False, terakhir=urutan_terakhir())
    baris = list(qs.filter(urutan__gt=sejak).select_related("tiket").order_by("urutan")[: batas + 1])
    if len(baris) > batas:
        return Susulan(peristiwa=[], penuh=True, terakhir=urutan_terakhir())
    return Susulan(peristiwa=baris, penuh=False, terakhir=(baris[-1].urutan or sejak) if baris else sejak)


def susulan_petugas(*, aktor: Aktor, sejak: int | None, batas: int) -> Susulan:
    """The officer's stream: events of their units' tikets (transfers out of them too) and of the tikets
    assigned to them — the same events `antrian.realtime` routes to their groups."""
    if aktor.petugas is None:
        raise TidakDiizinkan()
    unit_ids = sorted(aktor.unit_ids)
    qs = Peristiwa.objects.filter(
        Q(unit_id__in=unit_ids) | Q(data__unit_asal__in=unit_ids) | Q(tiket__petugas=aktor.petugas)
    )
    return _susulan(qs, sejak=sejak, batas=batas)


def susulan_tiket(*, tiket: Tiket, aktor: Aktor, sejak: int | None, batas: int) -> Susulan:
    """One tiket's stream: citizens and guests get its public events only."""
    return _susulan(peristiwa_untuk(tiket=tiket, aktor=aktor), sejak=sejak, batas=batas)


def unit_dasbor(*, aktor: Aktor) -> list[int]:
    """Units whose counters this viewer may watch: every unit for managers, supervised ones otherwise."""
    if aktor.adalah_manajer:
        return list(Unit.objects.order_by("id").values_list("id", flat=True))
    if not aktor.unit_supervisi_ids:
        raise TidakDiizinkan(_("The dashboard is for managers and unit supervisors."))
    return sorted(aktor.unit_supervisi_ids)


STATUS_DIPEGANG = (Status.DITUGASKAN, Status.DIPROSES, Status.MENUNGGU_WARGA)


def penghitung_dasbor(*, aktor: Aktor, unit_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Per unit: new (diajukan), assigned (ditugaskan, diproses, menunggu_warga), overdue, and resolved
    today in the unit's own time zone. Two queries per distinct time zone, whatever the number of tikets."""
    ids = set(unit_dasbor(aktor=aktor))
    if unit_ids is not None:
        ids &= set(unit_ids)
    unit = list(Unit.objects.filter(pk__in=ids).order_by("id").values("id", "kode", "nama", "zona_waktu"))
    sekarang = timezone.now()
    hitungan: dict[int, dict[str, int]] = {}
    for zona in {u["zona_waktu"] or settings.TIME_ZONE for u in unit}:
        awal_hari = sekarang.astimezone(ZoneInfo(zona)).replace(hour=0, minute=0, second=0, microsecond=0)
        baris = (
            Tiket.objects.filter(
                unit_id__in=[u["id"] for u in unit if (u["zona_waktu"] or settings.TIME_ZONE) == zona]
            )
            .filter(Q(status__in=STATUS_TERBUKA) | Q(diselesaikan_pada__gte=awal_hari))
            .order_by()
            .values("unit_id")
            .annotate(
                baru=Count("pk", filter=Q(status=Status.DIAJUKAN)),
                ditugaskan=Count("pk", filter=Q(status__in=STATUS_DIPEGANG)),
                terlambat=Count("pk", filter=Q(status__in=STATUS_BERJALAN, tenggat__lt=sekarang)),
                selesai_hari_ini=Count("pk", filter=Q(diselesaikan_pada__gte=awal_hari)),
            )
        )
        hitungan.update({b.pop("unit_id"): b for b in baris})
    kosong = {"baru": 0, "ditugaskan": 0, "terlambat": 0, "selesai_hari_ini": 0}
    return [
        {"unit": u["id"], "kode": u["kode"], "nama": u["nama"], **hitungan.get(u["id"], kosong)} for u in unit
    ]
