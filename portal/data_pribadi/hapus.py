"""Account deletion: the citizen's identity removed everywhere, their tikets kept.

What is kept and why: a tiket is a government record (retention under the archives law, the complaint
and service statistics, the officers' performance figures, the audit trail), so the tikets, their
events, replies and metrics stay, attached to an account row that no longer identifies anyone. What
identifies the person goes: the account's name, e-mail, phone and NIK; the contact copied onto the
tikets; the same values wherever they were written into the tikets' texts (titles, complaint text,
form answers, replies, event notes, messages, survey suggestion, file names); the identity documents
the citizen uploaded; their API token, sessions and pending messages.

Open tikets block the deletion (409, listing them): an officer still serving a request needs to reach
the person and check their documents. The citizen cancels those still waiting (or waits for the
outcome) and deletes the account afterwards. The page says so before they try.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from antrian.exceptions import DataTidakValid, Konflik, TidakDiizinkan
from antrian.models import (
    KunciIdempoten,
    Lampiran,
    Notifikasi,
    Peristiwa,
    PesanKeluar,
    Petugas,
    StatusPesan,
    SurveiKepuasan,
    Tanggapan,
    Tiket,
)
from antrian.models.tiket import STATUS_TERBUKA
from portal.models import Pengguna, PermintaanOpen311
from portal.samaran import samarkan_kontak, samarkan_teks

log = logging.getLogger(__name__)

NAMA_TERHAPUS = "Warga terhapus"
AWALAN_TERHAPUS = "terhapus-"
PENGGANTI = "[dihapus]"
# A message cancelled by the deletion keeps a lease that never runs out: no job and no sweep takes it.
_SEWA_BATAL = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
_NAMA_MIN = 3  # shorter names would match inside ordinary words


@dataclass(frozen=True)
class HasilHapus:
    tiket: int
    berkas: int
    pesan_dibatalkan: int


def sudah_dihapus(pengguna: Pengguna) -> bool:
    return not pengguna.is_active and pengguna.username.startswith(AWALAN_TERHAPUS)


def tiket_terbuka_warga(pengguna: Pengguna) -> list[Tiket]:
    """The citizen's tikets still being served: they block the deletion."""
    return list(
        Tiket.objects.filter(pemohon=pengguna, status__in=STATUS_TERBUKA)
        .select_related("unit")
        .order_by("diajukan_pada", "pk")
    )


def _varian_telepon(telepon: str) -> set[str]:
    # Stored as +62…; people write 0812… or 62812… in free text.
    if telepon.startswith("+62"):
        inti = telepon[3:]
        return {telepon, "62" + inti, "0" + inti}
    return {telepon}


class _Penghapus:
    """Replaces one person's identity values inside free text and JSON, then masks anything else that
    looks like a NIK, phone number or e-mail address."""

    def __init__(self, nilai: Iterable[str]) -> None:
        bersih = sorted(
            {n.strip() for n in nilai if n and len(n.strip()) >= _NAMA_MIN}, key=len, reverse=True
        )
        # Whole words only: a short name must not eat the middle of another word.
        pola = "|".join(re.escape(n) for n in bersih)
        self._pola = re.compile(rf"(?<!\w)(?:{pola})(?!\w)", re.IGNORECASE) if bersih else None

    def teks(self, teks: str) -> str:
        if not teks:
            return teks
        if self._pola is not None:
            teks = self._pola.sub(PENGGANTI, teks)
        return samarkan_teks(teks)

    def json(self, nilai: Any) -> Any:
        if isinstance(nilai, str):
            return self.teks(nilai)
        if isinstance(nilai, list):
            return [self.json(x) for x in nilai]
        if isinstance(nilai, dict):
            return {k: self.json(v) for k, v in nilai.items()}
        return nilai


def _bersihkan_medan(
    qs: models.QuerySet[Any],
    medan: list[str],
    ubah: Callable[[Any], Any],
    perbarui: Callable[[models.QuerySet[Any], dict[str, Any]], Any] | None = None,
) -> None:
    """Rewrite `medan` of each row through `ubah`, writing only the rows that change."""
    for baris in qs.only("pk", *medan).iterator(chunk_size=500):
        baru = {m: ubah(getattr(baris, m)) for m in medan}
        if any(baru[m] != getattr(baris, m) for m in medan):
            target = type(baris)._default_manager.filter(pk=baris.pk)
            (perbarui or (lambda q, d: q.update(**d)))(target, baru)


def _akhiri_sesi(pengguna: Pengguna) -> None:
    """Sessions end anyway (unusable password and inactive account fail Django's session check on the
    next request); with database sessions the rows, which hold the user id, are removed too."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    hapus = []
    for sesi in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000):
        if str(sesi.get_decoded().get("_auth_user_id")) == str(pengguna.pk):
            hapus.append(sesi.session_key)
    Session.objects.filter(session_key__in=hapus).delete()


def _periksa(pengguna: Pengguna, password: str | None) -> None:
    if sudah_dihapus(pengguna):
        raise Konflik(_("This account has already been deleted."))
    if pengguna.is_staff or pengguna.is_superuser or Petugas.objects.filter(pengguna=pengguna).exists():
        raise TidakDiizinkan(_("Officer and administrator accounts are removed by the administrator."))
    if password is not None and not pengguna.check_password(password):
        pesan = _("The password is wrong.")
        raise DataTidakValid(pesan, rincian={"password": [pesan]})


def _hapus_berkas(lampiran: list[Lampiran]) -> None:
    # After the commit: a rollback must not leave rows pointing at files already gone.
    berkas = [(lamp.berkas.storage, lamp.berkas.name) for lamp in lampiran if lamp.berkas.name]

    def hapus() -> None:
        for storage, nama in berkas:
            try:
                storage.delete(nama)
            except Exception:  # a missing file or a storage hiccup must not undo a completed deletion
                log.warning("Berkas lampiran tidak dapat dihapus", exc_info=True)

    transaction.on_commit(hapus)


def akun_hapus(*, pengguna: Pengguna, password: str | None, oleh: Pengguna | None = None) -> HasilHapus:
    """Delete a citizen's account (their own request with their password, or the admin's command with
    `password=None`). 400 wrong password, 403 officer/admin account, 409 already deleted or tikets
    still open."""
    _periksa(pengguna, password)
    with transaction.atomic():
        pengguna = Pengguna.objects.select_for_update().get(pk=pengguna.pk)
        _periksa(pengguna, None)  # a second submit that waited on the lock finds the work done: 409
        terbuka = tiket_terbuka_warga(pengguna)
        if terbuka:
            raise Konflik(
                _("Some of your tickets are still being handled. Cancel them or wait until they finish."),
                rincian={"tiket_terbuka": [t.nomor for t in terbuka]},
            )
        tiket_ids = list(Tiket.objects.filter(pemohon=pengguna).values_list("pk", flat=True))
        kontak = Tiket.objects.filter(pk__in=tiket_ids).values_list(
            "kontak_nama", "kontak_email", "kontak_telepon"
        )
        nilai = {pengguna.nik or "", pengguna.email or "", pengguna.nama_lengkap, pengguna.username}
        nilai |= {pengguna.get_full_name()} | _varian_telepon(pengguna.telepon or "")
        for nama, email, telepon in kontak:
            nilai |= {nama, email} | _varian_telepon(telepon)
        penghapus = _Penghapus(nilai)
        berkas = _anonimkan_tiket(pengguna, tiket_ids, penghapus)
        pesan_batal = _batalkan_pesan(tiket_ids, penghapus)
        _anonimkan_akun(pengguna, penghapus, oleh, pemilik=password is not None)
    log.info(
        "Akun warga #%s dihapus: %s tiket dianonimkan, %s berkas dihapus, %s pesan dibatalkan",
        pengguna.pk,
        len(tiket_ids),
        berkas,
        pesan_batal,
    )
    return HasilHapus(tiket=len(tiket_ids), berkas=berkas, pesan_dibatalkan=pesan_batal)


def _anonimkan_tiket(pengguna: Pengguna, tiket_ids: list[int], p: _Penghapus) -> int:
    from keluhan.models import Keluhan
    from layanan.models import Permohonan

    Tiket.objects.filter(pk__in=tiket_ids).update(kontak_nama="", kontak_email="", kontak_telepon="")
    _bersihkan_medan(Tiket.objects.filter(pk__in=tiket_ids), ["judul"], p.teks)
    _bersihkan_medan(Keluhan.objects.filter(tiket__in=tiket_ids), ["judul", "isi", "alamat"], p.teks)
    _bersihkan_medan(Permohonan.objects.filter(tiket__in=tiket_ids), ["jawaban"], p.json)
    _bersihkan_medan(Tanggapan.objects.filter(tiket__in=tiket_ids), ["isi"], p.teks)
    _bersihkan_medan(
        Peristiwa.objects.filter(tiket__in=tiket_ids),
        ["catatan", "data"],
        p.json,
        # The event log refuses updates through its manager. Removing personal data from it is the one
        # rewrite the law demands: the event itself (who, what, when) stays, only identity is replaced.
        lambda q, d: models.QuerySet.update(q, **d),
    )
    _bersihkan_medan(Notifikasi.objects.filter(tiket__in=tiket_ids), ["pesan"], p.teks)
    _bersihkan_medan(SurveiKepuasan.objects.filter(tiket__in=tiket_ids), ["saran"], p.teks)
    _bersihkan_medan(
        PermintaanOpen311.objects.filter(tiket__in=tiket_ids),
        ["deskripsi", "alamat", "account_id", "device_id"],
        p.teks,
    )
    # A remembered submission response may quote the contact: the retry window is long over anyway.
    KunciIdempoten.objects.filter(tiket__in=tiket_ids).delete()
    # Identity documents the citizen uploaded (KTP, KK, photos): the files and their rows go. Files the
    # officers attached (the product, their notes) stay, with any identity in their names masked.
    unggahan = list(Lampiran.objects.filter(tiket__in=tiket_ids, diunggah_oleh=pengguna))
    _hapus_berkas(unggahan)
    Lampiran.objects.filter(pk__in=[lamp.pk for lamp in unggahan]).delete()
    _bersihkan_medan(Lampiran.objects.filter(tiket__in=tiket_ids), ["nama_asli"], p.teks)
    return len(unggahan)


def _batalkan_pesan(tiket_ids: list[int], p: _Penghapus) -> int:
    """Messages not yet sent are cancelled (failed, with a lease no attempt can take); every message to
    the citizen keeps only a masked recipient and a text without their identity."""
    batal = PesanKeluar.objects.filter(tiket__in=tiket_ids).exclude(status=StatusPesan.TERKIRIM)
    jumlah = batal.update(
        status=StatusPesan.GAGAL,
        galat_terakhir=_("Cancelled: the citizen's account was deleted."),
        sewa_sampai=_SEWA_BATAL,
        dicoba_lagi_pada=None,
    )
    for pesan in PesanKeluar.objects.filter(tiket__in=tiket_ids).iterator(chunk_size=500):
        PesanKeluar.objects.filter(pk=pesan.pk).update(
            penerima=samarkan_kontak(pesan.penerima),
            subjek=p.teks(pesan.subjek)[:200],
            isi=p.teks(pesan.isi),
            galat_terakhir=p.teks(pesan.galat_terakhir),
        )
    return jumlah


def _anonimkan_akun(pengguna: Pengguna, p: _Penghapus, oleh: Pengguna | None, *, pemilik: bool) -> None:
    pengguna.username = f"{AWALAN_TERHAPUS}{secrets.token_hex(8)}"
    pengguna.nama_lengkap = NAMA_TERHAPUS
    pengguna.first_name = pengguna.last_name = ""
    pengguna.email = pengguna.telepon = pengguna.nik = None
    pengguna.set_unusable_password()
    pengguna.is_active = pengguna.is_staff = pengguna.is_superuser = False
    pengguna.save()
    pengguna.groups.clear()
    pengguna.user_permissions.clear()
    Token.objects.filter(user=pengguna).delete()
    Notifikasi.objects.filter(penerima=pengguna).delete()
    _akhiri_sesi(pengguna)
    jenis = ContentType.objects.get_for_model(Pengguna)
    # Earlier admin log entries name the account by its name: that goes too.
    LogEntry.objects.filter(content_type=jenis, object_id=str(pengguna.pk)).update(object_repr=NAMA_TERHAPUS)
    _bersihkan_medan(
        LogEntry.objects.filter(content_type=jenis, object_id=str(pengguna.pk)), ["change_message"], p.teks
    )
    # The audit record of the deletion itself: who asked, when, how much; none of the removed data.
    LogEntry.objects.create(
        user_id=(oleh or pengguna).pk,
        content_type=jenis,
        object_id=str(pengguna.pk),
        object_repr=NAMA_TERHAPUS,
        action_flag=CHANGE,
        change_message=_("Personal data deleted (UU 27/2022), requested by %(siapa)s.")
        % {"siapa": _("the account owner") if pemilik else _("the administrator")},
    )
