"""Catalogue, each service's published standard, the complaint form, confirmation; the URLs of the area
(the submission wizard lives in `portal.views.wizard`).

Every page works without JavaScript. Both submissions go through the API's services under the same
idempotency mechanism (a hidden `kunci_idempoten`) and end in a POST-redirect-GET to a confirmation page
that shows the guest's tracking token once, read from the session (never from the URL, so it is in no
access log).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from antrian.exceptions import DataTidakValid, Konflik
from antrian.idempoten import jalankan_sekali_formulir, kunci_formulir_baru, respons_pengajuan, sidik_formulir
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.services import Kontak
from keluhan import selectors as keluhan_selectors
from keluhan import services as keluhan_services
from keluhan.models import TENGGAT_PENUGASAN_HARI, TENGGAT_TINDAK_LANJUT_HARI
from layanan import selectors as layanan_selectors
from portal import draf as draf_mod
from portal import selectors
from portal.forms_pengajuan import (
    CariForm,
    KeluhanForm,
    pasang_galat,
)
from portal.views import pengajuan_umum as umum
from portal.views import wizard

# --- catalogue -----------------------------------------------------------------------------------------


@require_GET
def katalog(request: HttpRequest) -> HttpResponse:
    cari = CariForm(request.GET or None)
    q, kelompok = cari.nilai() if request.GET else ("", "")
    hasil = selectors.cari_katalog(q=q, kelompok=kelompok, dengan_kategori=bool(q))
    return render(
        request,
        "portal/pengajuan/katalog.html",
        {"cari": cari, "hasil": hasil, "kelompok_aktif": kelompok},
    )


@require_GET
def layanan_rinci(request: HttpRequest, kode: str) -> HttpResponse:
    layanan = umum.layanan_atau_404(kode)
    internal = layanan_selectors.boleh_lihat_standar_internal(Aktor.dari_pengguna(request.user))
    return render(
        request,
        "portal/pengajuan/layanan.html",
        {
            "layanan": layanan,
            "standar_internal": internal,
            "ada_draf": draf_mod.ambil(request.session, layanan.kode, buat=False) is not None,
        },
    )


# --- complaint -----------------------------------------------------------------------------------------


def _konteks_keluhan(form: KeluhanForm) -> dict[str, Any]:
    return {
        "form": form,
        "peta_ubin": settings.PETA_UBIN_URL,
        "peta_atribusi": settings.PETA_ATRIBUSI,
        "peta_pusat": settings.PETA_PUSAT,
        "tenggat_penugasan": TENGGAT_PENUGASAN_HARI,
        "tenggat_tindak_lanjut": TENGGAT_TINDAK_LANJUT_HARI,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def keluhan_baru(request: HttpRequest) -> HttpResponse:
    kategori = list(keluhan_selectors.kategori_keluhan_aktif())
    tamu = umum.tamu(request)
    templat = "portal/pengajuan/keluhan.html"
    if request.method != "POST":
        awal = {"kunci_idempoten": kunci_formulir_baru(), "kategori": request.GET.get("kategori", "")}
        form = KeluhanForm(initial=awal, kategori=kategori, tamu=tamu)
        return render(request, templat, _konteks_keluhan(form))
    form = KeluhanForm(request.POST, request.FILES, kategori=kategori, tamu=tamu)
    if form.is_valid() and not form.cleaned_data["kategori"]:
        # Without a category there is no unit to file with; say so plainly rather than "unknown category".
        form.add_error("kategori", _("Choose what the complaint is about."))
    if not form.is_valid():
        return render(request, templat, _konteks_keluhan(form), status=400)
    if ditolak := umum.terlalu_sering(request):
        return umum.terlalu_sering_respons(request, templat, _konteks_keluhan(form), ditolak)
    data = form.cleaned_data
    ada_lampiran = bool(data["lampiran"])
    aktor = Aktor.dari_pengguna(request.user)

    def buat() -> tuple[Tiket, dict[str, Any]]:
        pilihan = keluhan_selectors.kategori_keluhan_dari_kode(kode=data["kategori"] or "")
        baru = keluhan_services.keluhan_ajukan(
            kategori=pilihan,
            aktor=aktor,
            judul=data["judul"] or "",
            isi=data["isi"] or "",
            lintang=data["lintang"],
            bujur=data["bujur"],
            alamat=data["alamat"] or "",
            anonim=data["anonim"],
            rahasia=data["rahasia"],
            lampiran=data["lampiran"],
            bagikan_lokasi_foto=data["bagikan_lokasi_foto"],
            kontak=Kontak(
                nama=data.get("kontak_nama") or "",
                email=data.get("kontak_email") or "",
                telepon=data.get("kontak_telepon") or "",
            ),
        )
        return baru.tiket, respons_pengajuan(baru.tiket, baru.token_lacak)

    try:
        body, _dibuat = jalankan_sekali_formulir(
            pengguna=request.user,
            kunci=data["kunci_idempoten"],
            sidik=sidik_formulir(request.POST, request.FILES),
            buat=buat,
            # An anonymous complaint's remembered key must not name the user who sent it (as in the API).
            cakupan="tamu" if data["anonim"] else None,
        )
    except DataTidakValid as exc:
        pasang_galat(form, exc.rincian, umum.PETA_KONTAK)
        if ada_lampiran:
            form.add_error(
                "lampiran", _("For your safety the browser does not keep chosen files: choose them again.")
            )
        return render(request, templat, _konteks_keluhan(form), status=400)
    except Konflik as exc:
        messages.error(request, str(exc.pesan))
        form = KeluhanForm(
            initial={**request.POST.dict(), "kunci_idempoten": kunci_formulir_baru()},
            kategori=kategori,
            tamu=tamu,
        )
        return render(request, templat, _konteks_keluhan(form), status=409)
    return umum.ke_konfirmasi(request, body, anonim=bool(data["anonim"]))


# --- confirmation --------------------------------------------------------------------------------------


def _waktu(iso: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(iso) if iso else None


@never_cache
@require_GET
def terkirim(request: HttpRequest, nomor: str) -> HttpResponse:
    """The confirmation. Only the session that submitted sees it; the token is shown the first time."""
    semua = dict(request.session.get(umum.KUNCI_TERKIRIM) or {})
    entri = semua.get(nomor)
    if entri is None:
        raise Http404(_("Ticket not found"))
    token = entri.get("token")
    if token:
        semua[nomor] = {**entri, "token": None}
        request.session[umum.KUNCI_TERKIRIM] = semua
    tautan = f"{settings.SITE_URL}/lacak/{nomor}/?token={token}" if token else ""
    # A citizen who filed under their own name follows the tiket from the account; the private link is
    # what a guest, or anyone who filed anonymously, has.
    perlu_tautan = entri["tamu"] or entri["anonim"]
    respons = render(
        request,
        "portal/pengajuan/terkirim.html",
        {
            "entri": entri,
            "tautan": tautan,
            "token": token,
            "perlu_tautan": perlu_tautan,
            "diajukan_pada": _waktu(entri["diajukan_pada"]),
            "tenggat": _waktu(entri["tenggat"]),
            "tenggat_penugasan": TENGGAT_PENUGASAN_HARI,
        },
    )
    respons["Referrer-Policy"] = "no-referrer"
    respons["X-Robots-Tag"] = "noindex, nofollow"
    return respons


urlpatterns = [
    path("layanan/", katalog, name="katalog"),
    path("layanan/<slug:kode>/", layanan_rinci, name="layanan-rinci"),
    path("layanan/<slug:kode>/ajukan/", wizard.ajukan, name="ajukan"),
    path("layanan/<slug:kode>/ajukan/<slug:langkah>/", wizard.ajukan_langkah, name="ajukan-langkah"),
    path("keluhan/baru/", keluhan_baru, name="keluhan-baru"),
    path("terkirim/<str:nomor>/", terkirim, name="terkirim"),
]
