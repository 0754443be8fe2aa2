"""The officer's workspace: the live queue, one tiket with its timeline and actions, "my work".

Thin views: a Django form parses the input, one service or selector does the work, the page renders.
Domain errors become answers a person can read with the right status: a form re-rendered with inline
errors (400), the friendly 403 page, 404, or the page again with a message (409). Every form works with
JavaScript off; with it, parts of the pages follow the live streams (/ws/petugas/, /ws/tiket/<nomor>/).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antrian import forms as f
from antrian import izin, selectors, services
from antrian.berkas import periksa_semua
from antrian.exceptions import DataTidakValid, KesalahanDomain, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import JenisTiket, KunciIdempoten, Status, Tiket
from antrian.selectors import halaman
from frontend.templatetags.ui import waktu

UKURAN_HALAMAN = 25

View = Callable[..., HttpResponse]


def _aktor(request: HttpRequest) -> Aktor:
    aktor = getattr(request, "_aktor_sigap", None)
    if aktor is None:
        aktor = Aktor.dari_pengguna(request.user)
        request._aktor_sigap = aktor  # type: ignore[attr-defined]
    return aktor


def khusus_petugas(view: View) -> View:
    """Logged in (else the login page) and an officer of some unit (else the 403 page)."""

    @wraps(view)
    def bungkus(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            halaman.wajib_petugas(_aktor(request))
        except TidakDiizinkan as exc:
            raise PermissionDenied(str(exc.pesan)) from exc
        return view(request, *args, **kwargs)

    return never_cache(login_required(bungkus))


def _galat_ke_form(form: BaseForm, exc: DataTidakValid) -> None:
    """A service's validation error, shown next to the field it names (or above the form)."""
    if not exc.rincian:
        form.add_error(None, str(exc.pesan))
    for medan, pesan in exc.rincian.items():
        for p in pesan if isinstance(pesan, list) else [pesan]:
            form.add_error(medan if medan in form.fields else None, str(p))


def _tiket(aktor: Aktor, nomor: str) -> Tiket:
    try:
        return halaman.tiket_untuk_petugas(aktor=aktor, nomor=nomor)
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc


def _url_tiket(tiket: Tiket) -> str:
    return reverse("antrian:petugas-tiket", kwargs={"nomor": tiket.nomor})


# --- the queue -------------------------------------------------------------------------------------------


def _form_saring(request: HttpRequest, aktor: Aktor) -> f.SaringAntrianForm:
    return f.SaringAntrianForm(
        request.GET,
        unit=halaman.unit_petugas(aktor=aktor),
        layanan=halaman.pilihan_layanan(aktor=aktor),
        kategori=halaman.pilihan_kategori(),
    )


def _isi_antrian(request: HttpRequest, aktor: Aktor) -> dict[str, Any]:
    form = _form_saring(request, aktor)
    if form.is_valid():
        qs = selectors.antrian_untuk_petugas(aktor=aktor, **form.argumen())
    else:
        qs = Tiket.objects.none()
    halaman_ini = Paginator(qs, UKURAN_HALAMAN).get_page(request.GET.get("halaman"))
    baris = [
        {
            "tiket": t,
            "klaim": t.status == Status.DIAJUKAN
            and t.petugas_id is None
            and izin.boleh_klaim_di(aktor, t.unit_id, t.unit.strategi_penugasan),
            "pilih": aktor.supervisor_unit(t.unit_id),
        }
        for t in halaman_ini
    ]
    kueri = request.GET.copy()
    kueri.pop("halaman", None)
    return {
        "form": form,
        "halaman": halaman_ini,
        "baris": baris,
        "kueri": kueri.urlencode(),
        "supervisor": bool(aktor.unit_supervisi_ids),
    }


def _halaman_antrian(
    request: HttpRequest, status: int = 200, form_massal: f.MassalForm | None = None
) -> HttpResponse:
    aktor = _aktor(request)
    # Read the stream position BEFORE the queue: whatever commits in between is replayed by the socket.
    sejak = selectors.urutan_terakhir()
    isi = _isi_antrian(request, aktor)
    unit = halaman.unit_petugas(aktor=aktor)
    if isi["supervisor"] and form_massal is None:
        form_massal = _form_massal(aktor)
    isi.update(
        {
            "sejak": sejak,
            "boleh_klaim_berikutnya": any(
                izin.boleh_klaim_di(aktor, u.pk, u.strategi_penugasan) for u in unit
            ),
            "form_massal": form_massal,
            # Filters other than the search open the "more filters" box, so what narrows the list shows.
            "ada_saring": any(
                request.GET.get(k)
                for k in ("status", "unit", "layanan", "kategori", "ditugaskan", "terlambat")
            ),
        }
    )
    return render(request, "antrian/petugas/antrian.html", isi, status=status)


@khusus_petugas
@require_GET
def antrian(request: HttpRequest) -> HttpResponse:
    return _halaman_antrian(request)


@khusus_petugas
@require_GET
def bagian_antrian(request: HttpRequest) -> HttpResponse:
    """The queue table alone, for the live refresh (htmx) with the same filters."""
    return render(request, "antrian/petugas/_tabel_antrian.html", _isi_antrian(request, _aktor(request)))


@khusus_petugas
@require_POST
def klaim_berikutnya(request: HttpRequest) -> HttpResponse:
    try:
        tiket = services.tiket_klaim_berikutnya(aktor=_aktor(request))
    except KesalahanDomain as exc:
        messages.error(request, str(exc.pesan))
        return _halaman_antrian(request, status=exc.status_http)
    messages.success(request, _("You took ticket %(nomor)s.") % {"nomor": tiket.nomor})
    return HttpResponseRedirect(_url_tiket(tiket), status=303)


def _form_massal(aktor: Aktor, data: Any = None) -> f.MassalForm:
    return f.MassalForm(
        data, anggota=halaman.anggota_unit_supervisi(aktor=aktor), unit=halaman.unit_tujuan_pengalihan()
    )


def _pesan(exc: KesalahanDomain) -> str:
    """The most specific words of a domain error: the first field message if there is one."""
    for pesan in exc.rincian.values():
        if isinstance(pesan, list) and pesan:
            return str(pesan[0])
    return str(exc.pesan)


def _jalankan_massal(aktor: Aktor, d: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    berhasil: list[str] = []
    gagal: list[tuple[str, str]] = []
    for nomor in d["tiket"]:
        try:
            t = halaman.tiket_untuk_petugas(aktor=aktor, nomor=nomor)
            if d["aksi"] == f.MassalForm.AKSI_ALIHKAN:
                services.tiket_alihkan(
                    tiket=t,
                    aktor=aktor,
                    unit_tujuan=selectors.unit_berdasarkan_kode(d["unit"]),
                    alasan=d["alasan"],
                )
            elif t.status == Status.DIAJUKAN:
                services.tiket_tugaskan(
                    tiket=t,
                    aktor=aktor,
                    petugas=selectors.petugas_berdasarkan_id(d["petugas"]),
                    catatan=d["alasan"],
                )
            else:
                services.tiket_tugaskan_ulang(
                    tiket=t,
                    aktor=aktor,
                    petugas=selectors.petugas_berdasarkan_id(d["petugas"]),
                    alasan=d["alasan"],
                )
        except KesalahanDomain as exc:
            gagal.append((nomor, _pesan(exc)))
        else:
            berhasil.append(nomor)
    return berhasil, gagal


@khusus_petugas
@require_POST
def massal(request: HttpRequest) -> HttpResponse:
    """A supervisor's bulk action on the selected tikets: assign (or reassign) to an officer, or transfer
    to another unit. Each tiket goes through its own service call; one refusal does not undo the rest,
    and the answer says which succeeded and which did not and why."""
    aktor = _aktor(request)
    if not aktor.unit_supervisi_ids:
        raise PermissionDenied(_("Bulk actions are for unit supervisors."))
    form = _form_massal(aktor, request.POST)
    if not form.is_valid():
        return _halaman_antrian(request, status=400, form_massal=form)
    berhasil, gagal = _jalankan_massal(aktor, form.cleaned_data)
    if berhasil:
        messages.success(
            request,
            _("Done for %(n)s ticket(s): %(daftar)s.") % {"n": len(berhasil), "daftar": ", ".join(berhasil)},
        )
    for nomor, pesan in gagal:
        messages.error(request, f"{nomor}: {pesan}")
    tujuan = reverse("antrian:petugas-antrian")
    # The queue's filters, re-encoded: whatever the field held, only a query string goes back out.
    kembali = QueryDict(request.POST.get("kueri", "")).urlencode()
    return HttpResponseRedirect(f"{tujuan}?{kembali}" if kembali else tujuan, status=303)


@khusus_petugas
@require_GET
def kerja_saya(request: HttpRequest) -> HttpResponse:
    aktor = _aktor(request)
    sejak = selectors.urutan_terakhir()
    daftar = Paginator(halaman.kerja_saya(aktor=aktor), UKURAN_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "antrian/petugas/kerja_saya.html", {"halaman": daftar, "sejak": sejak})


@khusus_petugas
@require_GET
def bagian_kerja_saya(request: HttpRequest) -> HttpResponse:
    daftar = Paginator(halaman.kerja_saya(aktor=_aktor(request)), UKURAN_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    return render(request, "antrian/petugas/_tabel_kerja_saya.html", {"halaman": daftar})


# --- one tiket: what an officer may do ------------------------------------------------------------------


@dataclass(frozen=True)
class AksiHtml:
    nama: str  # the transition (or `tugaskan_ulang`)
    label: str | Promise
    form: type[f._VersiForm]
    jalankan: Callable[[Tiket, Aktor, dict[str, Any], int | None], object]
    dialog: bool = True  # asks for input first; False: one click
    bahaya: bool = False


def _petugas(d: dict[str, Any]) -> Any:
    return selectors.petugas_berdasarkan_id(d["petugas"])


AKSI: dict[str, AksiHtml] = {
    a.nama: a
    for a in [
        AksiHtml(
            "ambil",
            gettext_lazy("Claim"),
            f.KosongForm,
            lambda t, a, d, v: services.tiket_ambil(tiket=t, aktor=a, versi=v),
            dialog=False,
        ),
        AksiHtml(
            "mulai",
            gettext_lazy("Start processing"),
            f.KosongForm,
            lambda t, a, d, v: services.tiket_mulai(tiket=t, aktor=a, versi=v),
            dialog=False,
        ),
        AksiHtml(
            "minta_kelengkapan",
            gettext_lazy("Ask for missing items"),
            f.MintaKelengkapanForm,
            lambda t, a, d, v: services.tiket_minta_kelengkapan(
                tiket=t, aktor=a, pesan=d["pesan"], lampiran=d["lampiran"], versi=v
            ),
        ),
        AksiHtml(
            "selesaikan",
            gettext_lazy("Complete"),
            f.SelesaikanForm,
            lambda t, a, d, v: services.tiket_selesaikan(
                tiket=t,
                aktor=a,
                catatan=d["catatan"],
                produk=d.get("produk", ""),
                lampiran=d["lampiran"],
                versi=v,
            ),
        ),
        AksiHtml(
            "tugaskan",
            gettext_lazy("Assign"),
            f.TugaskanForm,
            lambda t, a, d, v: services.tiket_tugaskan(
                tiket=t, aktor=a, petugas=_petugas(d), catatan=d["catatan"], versi=v
            ),
        ),
        AksiHtml(
            "tugaskan_ulang",
            gettext_lazy("Reassign"),
            f.TugaskanUlangForm,
            lambda t, a, d, v: services.tiket_tugaskan_ulang(
                tiket=t, aktor=a, petugas=_petugas(d), alasan=d["alasan"], versi=v
            ),
        ),
        AksiHtml(
            "lepaskan",
            gettext_lazy("Return to the queue"),
            f.LepaskanForm,
            lambda t, a, d, v: services.tiket_lepaskan(tiket=t, aktor=a, catatan=d["catatan"], versi=v),
            dialog=False,
        ),
        AksiHtml(
            "alihkan",
            gettext_lazy("Transfer to another unit"),
            f.AlihkanForm,
            lambda t, a, d, v: services.tiket_alihkan(
                tiket=t,
                aktor=a,
                unit_tujuan=selectors.unit_berdasarkan_kode(d["unit"]),
                alasan=d["alasan"],
                versi=v,
            ),
        ),
        AksiHtml(
            "tolak",
            gettext_lazy("Reject"),
            f.TolakForm,
            lambda t, a, d, v: services.tiket_tolak(
                tiket=t, aktor=a, alasan=d["alasan"], catatan=d["catatan"], versi=v
            ),
            bahaya=True,
        ),
    ]
}


def _form_aksi(aksi: AksiHtml, tiket: Tiket, data: Any = None, files: Any = None) -> f._VersiForm:
    opsi: dict[str, Any] = {"initial": {"versi": tiket.versi}}
    if aksi.form in (f.TugaskanForm, f.TugaskanUlangForm):
        opsi["anggota"] = halaman.anggota_unit(tiket=tiket)
    if aksi.form is f.AlihkanForm:
        opsi["unit"] = halaman.unit_tujuan_pengalihan()
        opsi["kecuali"] = tiket.unit_id
    form = aksi.form(data, files, auto_id=f"id_{aksi.nama}_%s", **opsi)
    if aksi.form is f.SelesaikanForm:
        # The product issued is a service request's; a complaint has none to state.
        if tiket.jenis == JenisTiket.PERMOHONAN:
            form.fields["produk"].required = True
        else:
            del form.fields["produk"]
    return form


def _isi_tiket(request: HttpRequest, aktor: Aktor, tiket: Tiket) -> dict[str, Any]:
    tampilan = selectors.detail_tiket(tiket=tiket, aktor=aktor)
    aksi = [
        {"aksi": AKSI[nama], "form": _form_aksi(AKSI[nama], tiket)}
        for nama in AKSI
        if nama in tampilan.aksi_tersedia
    ]
    return {
        "t": tampilan,
        "tiket": tiket,
        "aksi": aksi,
        "linimasa": halaman.linimasa(tampilan),
    }


def _halaman_tiket(
    request: HttpRequest,
    aktor: Aktor,
    tiket: Tiket,
    *,
    status: int = 200,
    form_balas: f.TanggapanForm | None = None,
    form_catatan: f.TanggapanForm | None = None,
) -> HttpResponse:
    sejak = selectors.urutan_terakhir()
    isi = _isi_tiket(request, aktor, tiket)
    templat = halaman.templat_unit(tiket=tiket)
    form_templat = f.PilihTemplatForm(request.GET or None, templat=templat)
    awal_balas: dict[str, Any] = {}
    if form_balas is None and form_templat.is_valid() and form_templat.cleaned_data["templat"]:
        # Without JavaScript, "Use" reloads the page with the chosen canned response in the reply box.
        try:
            terisi = halaman.isi_templat(
                tiket=tiket,
                aktor=aktor,
                templat_id=int(form_templat.cleaned_data["templat"]),
                tenggat_teks=waktu(tiket.tenggat, tiket.unit),
            )
            awal_balas["isi"] = terisi.isi
        except KesalahanDomain as exc:
            messages.error(request, str(exc.pesan))
    isi.update(
        {
            "sejak": sejak,
            "form_templat": form_templat,
            "ada_templat": bool(templat),
            "form_balas": form_balas or f.TanggapanForm(initial=awal_balas, prefix="balas"),
            "form_catatan": form_catatan or f.TanggapanForm(internal=True, prefix="catatan"),
        }
    )
    return render(request, "antrian/petugas/tiket.html", isi, status=status)


@khusus_petugas
@require_GET
def tiket(request: HttpRequest, nomor: str) -> HttpResponse:
    aktor = _aktor(request)
    return _halaman_tiket(request, aktor, _tiket(aktor, nomor))


@khusus_petugas
@require_GET
def bagian_tiket(request: HttpRequest, nomor: str) -> HttpResponse:
    """The tiket's state, actions and timeline, for the live refresh."""
    aktor = _aktor(request)
    isi = _isi_tiket(request, aktor, _tiket(aktor, nomor))
    return render(request, "antrian/petugas/_bagian_tiket.html", isi)


@khusus_petugas
@require_http_methods(["GET", "POST"])
def aksi_tiket(request: HttpRequest, nomor: str, aksi: str) -> HttpResponse:
    """GET: the action's form as a page of its own (what the dialog falls back to without JavaScript).
    POST: run it through its service."""
    definisi = AKSI.get(aksi.replace("-", "_"))
    if definisi is None:
        raise Http404()
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    status = 200
    if request.method == "GET":
        form = _form_aksi(definisi, tiket)
    else:
        form = _form_aksi(definisi, tiket, request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if "lampiran" in data:
                    data["lampiran"] = periksa_semua(list(data["lampiran"]))
                definisi.jalankan(tiket, aktor, data, data.get("versi"))
            except DataTidakValid as exc:
                _galat_ke_form(form, exc)
            except TidakDitemukan as exc:
                raise Http404(str(exc.pesan)) from exc
            except KesalahanDomain as exc:
                # Not allowed (403) or no longer possible / changed meanwhile (409): say so on the tiket.
                messages.error(request, str(exc.pesan))
                return _halaman_tiket(request, aktor, selectors.tiket_segar(tiket), status=exc.status_http)
            else:
                messages.success(request, _("%(aksi)s: done.") % {"aksi": definisi.label})
                segar = selectors.tiket_segar(tiket)
                if not aktor.anggota_unit(segar.unit_id):
                    # Transferred out of the officer's units: the tiket is no longer theirs to open.
                    return HttpResponseRedirect(reverse("antrian:petugas-antrian"), status=303)
                return HttpResponseRedirect(_url_tiket(segar), status=303)
    if (
        definisi.nama not in selectors.detail_tiket(tiket=tiket, aktor=aktor).aksi_tersedia
        and request.method == "GET"
    ):
        messages.warning(request, _("This action is not available for this ticket now."))
    return render(
        request,
        "antrian/petugas/aksi.html",
        {"tiket": tiket, "aksi": definisi, "form": form},
        status=status,
    )


def _sidik(*bagian: str) -> str:
    return hashlib.sha256("\x1f".join(bagian).encode()).hexdigest()


@khusus_petugas
@require_POST
def tanggapan(request: HttpRequest, nomor: str) -> HttpResponse:
    """A public reply or an internal note, written once per rendered form (its `kunci_idempoten`)."""
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    internal = request.POST.get("catatan-internal") in ("True", "true", "on", "1")
    awalan = "catatan" if internal else "balas"
    form = f.TanggapanForm(request.POST, request.FILES, prefix=awalan, internal=internal)
    formulir = {"form_catatan" if internal else "form_balas": form}
    if not form.is_valid():
        return _halaman_tiket(request, aktor, tiket, status=400, **formulir)
    d = form.cleaned_data
    cakupan = f"html-tanggapan:{aktor.pengguna_id}"
    try:
        lampiran = periksa_semua(list(d["lampiran"]))
        with transaction.atomic():
            if KunciIdempoten.objects.filter(cakupan=cakupan, kunci=d["kunci_idempoten"]).exists():
                # The same form again (double click, retried POST): the first one already wrote it.
                return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)
            hasil = services.tiket_tanggapi(
                tiket=tiket, aktor=aktor, isi=d["isi"], internal=internal, lampiran=lampiran
            )
            KunciIdempoten.objects.create(
                cakupan=cakupan,
                kunci=d["kunci_idempoten"],
                sidik=_sidik(d["isi"], str(internal)),
                tiket=tiket,
                respons={"tanggapan": hasil.pk},
            )
    except IntegrityError:
        # A second copy of the form raced the first past the check: the first one's reply stands.
        return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)
    except DataTidakValid as exc:
        _galat_ke_form(form, exc)
        return _halaman_tiket(request, aktor, tiket, status=400, **formulir)
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except KesalahanDomain as exc:
        messages.error(request, str(exc.pesan))
        return _halaman_tiket(
            request, aktor, selectors.tiket_segar(tiket), status=exc.status_http, **formulir
        )
    messages.success(request, _("Internal note saved.") if internal else _("Reply sent."))
    return HttpResponseRedirect(_url_tiket(tiket) + "#linimasa", status=303)


@khusus_petugas
@require_GET
def templat(request: HttpRequest, nomor: str) -> HttpResponse:
    """A canned response filled in for this tiket, as plain text for the reply box (JavaScript path)."""
    aktor = _aktor(request)
    tiket = _tiket(aktor, nomor)
    try:
        templat_id = int(request.GET.get("templat", ""))
    except ValueError:
        return HttpResponse(
            _("Choose a canned response."), status=400, content_type="text/plain; charset=utf-8"
        )
    try:
        terisi = halaman.isi_templat(
            tiket=tiket, aktor=aktor, templat_id=templat_id, tenggat_teks=waktu(tiket.tenggat, tiket.unit)
        )
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc
    return HttpResponse(terisi.isi, content_type="text/plain; charset=utf-8")


urlpatterns: list[URLPattern] = [
    path("petugas/", antrian, name="petugas-antrian"),
    path("petugas/bagian/antrian/", bagian_antrian, name="petugas-bagian-antrian"),
    path("petugas/klaim/", klaim_berikutnya, name="petugas-klaim"),
    path("petugas/massal/", massal, name="petugas-massal"),
    path("petugas/kerja-saya/", kerja_saya, name="petugas-kerja-saya"),
    path("petugas/bagian/kerja-saya/", bagian_kerja_saya, name="petugas-bagian-kerja-saya"),
    path("petugas/tiket/<str:nomor>/", tiket, name="petugas-tiket"),
    path("petugas/tiket/<str:nomor>/bagian/", bagian_tiket, name="petugas-bagian-tiket"),
    path("petugas/tiket/<str:nomor>/tanggapan/", tanggapan, name="petugas-tanggapan"),
    path("petugas/tiket/<str:nomor>/templat/", templat, name="petugas-templat"),
    path("petugas/tiket/<str:nomor>/aksi/<str:aksi>/", aksi_tiket, name="petugas-aksi"),
]
