"""Tracking a tiket (by number + token, or from the account), live, and the citizen's actions on it.

Every page here carries the secret token in its URL (a guest's only key), so each answer says: no referrer
to other sites, no indexing, no caching. A wrong token, another citizen's tiket and an unknown number all
get the same 404 page (`antrian.selectors.tiket_untuk` decides). Actions are plain POST forms that work
without JavaScript; the token travels in the form body, never in an action's URL. The services decide what
is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from antrian import selectors as antrian_selectors
from antrian import services
from antrian.berkas import periksa_semua, respons_lampiran
from antrian.exceptions import (
    DataTidakValid,
    KesalahanDomain,
    TidakDiizinkan,
    TidakDitemukan,
)
from antrian.izin import Aktor
from antrian.models import AlasanTolak, Status, Tiket
from antrian.selectors import TampilanTiket
from antrian.services.transisi import batas_buka_kembali
from portal import batas
from portal.forms_lacak import AlasanForm, CariForm, LengkapiForm, TanggapanForm, TutupForm

# --- the citizen's actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class AksiWarga:
    nama: str  # URL segment and form prefix
    transisi: str | None  # the FSM transition it runs (None: a reply, allowed while the tiket is open)
    form: type[forms.Form]
    jalankan: Callable[[Tiket, Aktor, dict[str, Any]], object]
    berhasil: Any


AKSI: dict[str, AksiWarga] = {
    a.nama: a
    for a in (
        AksiWarga(
            "tanggapan",
            None,
            TanggapanForm,
            lambda t, a, d: services.tiket_tanggapi(tiket=t, aktor=a, isi=d["isi"], lampiran=d["lampiran"]),
            gettext_lazy("Your reply has been sent."),
        ),
        AksiWarga(
            "lengkapi",
            "lengkapi",
            LengkapiForm,
            lambda t, a, d: services.tiket_lengkapi(
                tiket=t, aktor=a, pesan=d["pesan"], lampiran=d["lampiran"]
            ),
            gettext_lazy("Thank you. The officer has received what you sent and continues the work."),
        ),
        AksiWarga(
            "batalkan",
            "batalkan",
            AlasanForm,
            lambda t, a, d: services.tiket_batalkan(tiket=t, aktor=a, catatan=d["alasan"]),
            gettext_lazy("The ticket has been cancelled."),
        ),
        AksiWarga(
            "tutup",
            "tutup",
            TutupForm,
            lambda t, a, d: services.tiket_tutup(tiket=t, aktor=a, catatan=d["catatan"]),
            gettext_lazy("Thank you for confirming. The ticket is closed."),
        ),
        AksiWarga(
            "buka-kembali",
            "buka_kembali",
            AlasanForm,
            lambda t, a, d: services.tiket_buka_kembali(tiket=t, aktor=a, alasan=d["alasan"]),
            gettext_lazy("The ticket has been reopened and goes back to the officer."),
        ),
    )
}

R = TypeVar("R", bound=HttpResponseBase)

# --- reading ------------------------------------------------------------------------------------------


def _jangan_bocor(respons: R) -> R:
    # The URL carries the secret token: never send it to another site as a referrer, never let a proxy
    # keep the page. "same-origin", not "no-referrer": under no-referrer browsers send `Origin: null` with
    # the page's own POST forms, and Django's CSRF check rightly refuses those.
    respons["Referrer-Policy"] = "same-origin"
    respons["X-Robots-Tag"] = "noindex, nofollow"
    return respons


def _tidak_ditemukan(request: HttpRequest, nomor: str) -> HttpResponse:
    # The same page whatever the reason; the login link leads back to the tiket's page.
    konteks = {"alamat_halaman": f"/lacak/{nomor}/"}
    return _jangan_bocor(render(request, "portal/lacak_tidak_ditemukan.html", konteks, status=404))


def _token_dari(request: HttpRequest) -> str | None:
    sumber = request.POST if request.method == "POST" else request.GET
    return (sumber.get("token") or "").strip()[:100] or None


def alamat_lacak(nomor: str, token: str | None, akhiran: str = "") -> str:
    alamat = f"/lacak/{nomor}/{akhiran}"
    return f"{alamat}?{urlencode({'token': token})}" if token else alamat


_AKSI_BERTANGGAPAN = {"tanggapi", "minta_kelengkapan", "lengkapi", "selesaikan"}


@dataclass
class ButirLinimasa:
    waktu: Any
    judul: str
    peran: str
    status: str = ""
    catatan: str = ""
    rincian: list[str] = field(default_factory=list)
    lampiran: list[Any] = field(default_factory=list)


def _judul(aksi: str, label: str, peran: str) -> str:
    if aksi == "tanggapi":
        return _("Your reply") if peran == "warga" else _("Reply from the officer")
    return label


def _linimasa(tampilan: TampilanTiket) -> list[ButirLinimasa]:
    """Public events, newest first, each reply-carrying event with the files of its reply.

    An event that wrote a reply (a reply, a request for items, the citizen's answer, the resolution)
    carries the reply's text as its note; the reply is matched to it by that text, in order.
    """
    sisa = list(tampilan.tanggapan)
    butir: list[ButirLinimasa] = []
    for p in tampilan.peristiwa:
        b = ButirLinimasa(
            waktu=p.waktu,
            judul=_judul(p.aksi, p.aksi_label, p.peran_aktor),
            peran=p.peran_aktor,
            status=p.ke_status if p.ke_status != p.dari_status else "",
            catatan=p.catatan,
        )
        if p.data.get("produk"):
            b.rincian.append(_("Service product: %(produk)s") % {"produk": p.data["produk"]})
        if p.data.get("alasan") in AlasanTolak.values:
            b.rincian.append(_("Reason: %(alasan)s") % {"alasan": AlasanTolak(p.data["alasan"]).label})
        if p.aksi in _AKSI_BERTANGGAPAN:
            dari_petugas = p.peran_aktor == "petugas"
            for i, t in enumerate(sisa):
                if t.dari_petugas != dari_petugas:
                    continue
                if t.isi == p.catatan or (p.aksi == "lengkapi" and not p.catatan):
                    b.lampiran = t.lampiran
                    if not p.catatan:
                        b.catatan = ""
                    del sisa[i]
                    break
        butir.append(b)
    # A reply without its event (should not happen): still the citizen's conversation, so shown.
    for t in sisa:
        butir.append(
            ButirLinimasa(
                waktu=t.dibuat_pada,
                judul=_("Reply from the officer") if t.dari_petugas else _("Your reply"),
                peran="petugas" if t.dari_petugas else "warga",
                catatan=t.isi,
                lampiran=t.lampiran,
            )
        )
    butir.sort(key=lambda x: x.waktu, reverse=True)
    return butir


def _konteks(
    request: HttpRequest,
    tiket: Tiket,
    aktor: Aktor,
    token: str | None,
    *,
    sejak: int | None = None,
    terikat: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    pemilik = aktor.pemilik(tiket)
    # Staff who open the citizen's page see what the citizen sees; their own view is the workspace.
    tampilan = antrian_selectors.detail_tiket(tiket=tiket, aktor=aktor if pemilik else Aktor.tamu(tiket.pk))
    boleh: dict[str, bool] = {}
    if pemilik:
        tersedia = set(tampilan.aksi_tersedia)
        for a in AKSI.values():
            boleh[a.nama] = a.transisi in tersedia if a.transisi else tampilan.boleh_menanggapi
        # While the officer waits for the citizen, the answer is `lengkapi` (it resumes the work); a plain
        # reply would leave the tiket paused.
        if boleh["lengkapi"]:
            boleh["tanggapan"] = False
    form_aksi = {
        nama: (terikat or {}).get(nama) or AKSI[nama].form(prefix=nama)
        for nama, diizinkan in boleh.items()
        if diizinkan
    }
    rincian = tampilan.rincian or {}
    return {
        "tiket": tiket,
        "tampilan": tampilan,
        "pemilik": pemilik,
        "staf": antrian_selectors.melihat_sebagai_staf(aktor, tiket),
        "token": token,
        "linimasa": _linimasa(tampilan),
        "dokumen": [x for x in tampilan.lampiran if x.tanggapan_id is None],
        "form_aksi": form_aksi,
        "layanan": (rincian.get("layanan") or {}).get("nama", ""),
        "kategori": (rincian.get("kategori") or {}).get("nama", ""),
        "batas_buka_kembali": batas_buka_kembali(tiket) if "buka-kembali" in form_aksi else None,
        "menunggu_warga": tiket.status == Status.MENUNGGU_WARGA,
        "alamat_bagian": alamat_lacak(tiket.nomor or "", token, "bagian/"),
        "alamat_aliran": alamat_lacak(tiket.nomor or "", token).replace("/lacak/", "/ws/tiket/", 1),
        "sejak": sejak,
    }


def _baca(request: HttpRequest, nomor: str, token: str | None) -> tuple[Tiket, Aktor]:
    # Guessing numbers and tokens: every lookup counts per address, a failed one strictly per address and
    # per account (portal.batas); over the limit this raises `batas.Ditolak`, before any lookup.
    with batas.pencarian_tiket(request):
        return antrian_selectors.tiket_untuk(
            aktor=Aktor.dari_pengguna(request.user), nomor=nomor, token=token
        )


@never_cache
@require_GET
def cari(request: HttpRequest) -> HttpResponse:
    """/lacak/: the lookup by number + tracking code; a logged-in citizen also sees their latest tikets."""
    form = CariForm(request.GET if "nomor" in request.GET else None)
    if form.is_bound and form.is_valid():
        nomor, token = form.cleaned_data["nomor"], form.cleaned_data["token"] or None
        try:
            _baca(request, nomor, token)
        except batas.Ditolak as exc:  # the search form again, as typed
            return _jangan_bocor(batas.html(request, "portal/lacak_cari.html", {"form": form}, exc))
        except TidakDitemukan:
            form.add_error(
                None, _("No ticket matches this number and tracking code. Check both and try again.")
            )
        else:
            return _jangan_bocor(HttpResponseRedirect(alamat_lacak(nomor, token)))
    terbaru = []
    if request.user.is_authenticated:
        daftar = antrian_selectors.tiket_milik_warga(aktor=Aktor.dari_pengguna(request.user))
        terbaru = list(Paginator(daftar, 5).get_page(1).object_list)
    status = 400 if form.is_bound else 200
    return _jangan_bocor(
        render(request, "portal/lacak_cari.html", {"form": form, "terbaru": terbaru}, status=status)
    )


@never_cache
@require_GET
@batas.tolak_dengan_halaman
def lacak(request: HttpRequest, nomor: str) -> HttpResponse:
    token = _token_dari(request)
    # The stream position is read BEFORE the tiket, so an event committed in between is replayed.
    sejak = antrian_selectors.urutan_terakhir()
    try:
        tiket, aktor = _baca(request, nomor, token)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    return _jangan_bocor(
        render(request, "portal/lacak.html", _konteks(request, tiket, aktor, token, sejak=sejak))
    )


@never_cache
@require_GET
@batas.tolak_dengan_halaman
def bagian(request: HttpRequest, nomor: str) -> HttpResponse:
    """The live part of the page (status, deadline, timeline, actions), fetched again on every event."""
    token = _token_dari(request)
    try:
        tiket, aktor = _baca(request, nomor, token)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    return _jangan_bocor(render(request, "portal/lacak_bagian.html", _konteks(request, tiket, aktor, token)))


@never_cache
@require_POST
@batas.tolak_dengan_halaman
def aksi(request: HttpRequest, nomor: str, nama: str) -> HttpResponse:
    """One of the citizen's actions. Errors re-render the page: 400 with the form's inline errors, 403 not
    allowed, 404 not visible, 409 when the tiket's state no longer allows it."""
    if nama not in AKSI:
        return _tidak_ditemukan(request, nomor)
    token = _token_dari(request)
    try:
        tiket, aktor = _baca(request, nomor, token)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    definisi = AKSI[nama]
    form = definisi.form(request.POST, request.FILES, prefix=nama)

    def ulang(status: int, pesan: Any = None) -> HttpResponse:
        if pesan:
            messages.error(request, str(pesan))
        segar = antrian_selectors.tiket_segar(tiket)
        konteks = _konteks(request, segar, aktor, token, terikat={nama: form})
        return _jangan_bocor(render(request, "portal/lacak.html", konteks, status=status))

    if not aktor.pemilik(tiket):
        # Officers and managers act in their workspace; here only the citizen (or the token holder) acts.
        return ulang(403, TidakDiizinkan.pesan_bawaan)
    if not form.is_valid():
        return ulang(400)
    data = dict(form.cleaned_data)
    try:
        if "lampiran" in data:
            data["lampiran"] = periksa_semua(list(data["lampiran"]))
        definisi.jalankan(tiket, aktor, data)
    except DataTidakValid as exc:
        for medan, pesan in exc.rincian.items():
            form.add_error(medan if medan in form.fields else None, [str(x) for x in pesan])
        if not exc.rincian:
            form.add_error(None, str(exc.pesan))
        return ulang(400)
    except TidakDitemukan:
        return _tidak_ditemukan(request, nomor)
    except KesalahanDomain as exc:  # not allowed (403), wrong state or changed meanwhile (409)
        return ulang(exc.status_http, exc.pesan)
    messages.success(request, str(definisi.berhasil))
    return _jangan_bocor(HttpResponseRedirect(alamat_lacak(nomor, token), status=303))


@never_cache
@require_GET
@batas.tolak_dengan_halaman
def lampiran(request: HttpRequest, nomor: str, lampiran_id: int) -> HttpResponseBase:
    """A file of the tiket, for whoever may see it (the same check as the API's download)."""
    token = _token_dari(request)
    try:
        tiket, aktor = _baca(request, nomor, token)
        berkas = antrian_selectors.lampiran_tiket(tiket=tiket, aktor=aktor, lampiran_id=lampiran_id)
        respons = respons_lampiran(berkas)  # attachment, nosniff, sandbox CSP, no-store
    except (TidakDitemukan, FileNotFoundError):
        return _tidak_ditemukan(request, nomor)
    return _jangan_bocor(respons)


urlpatterns = [
    path("lacak/", cari, name="lacak-cari"),
    path("lacak/<str:nomor>/", lacak, name="lacak"),
    path("lacak/<str:nomor>/bagian/", bagian, name="lacak-bagian"),
    path("lacak/<str:nomor>/aksi/<str:nama>/", aksi, name="lacak-aksi"),
    path("lacak/<str:nomor>/lampiran/<int:lampiran_id>/", lampiran, name="lacak-lampiran"),
]
