"""The Open311 GeoReport v2 endpoints: thin views that parse arguments, call `layanan`/`permintaan` and
render through `format`. Every answer, errors included, is in the format the path asked for."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from portal import batas
from portal.models import PermintaanOpen311
from portal.open311 import layanan, permintaan
from portal.open311.format import FORMAT, JENIS_KONTEN, jawab, jawab_galat
from portal.open311.kunci import BatasTerlampaui, hitung, periksa_kunci
from portal.open311.permintaan import Galat

SPESIFIKASI = "http://wiki.open311.org/GeoReport_v2"
# Bumped when the endpoints or their answers change, so clients know to re-read the discovery.
PERUBAHAN = "2026-11-28T00:00:00+07:00"

View = Callable[..., HttpResponse]


def open311(*metode: str) -> Callable[[View], View]:
    """Method check, api_key (required for POST; checked and counted when a GET sends one) and the
    mapping of `Galat`/`BatasTerlampaui` to the spec's error answers."""

    def hias(fungsi: View) -> View:
        @csrf_exempt  # A server-to-server API with its own key; there is no browser session to protect.
        @wraps(fungsi)
        def view(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in metode:
                respons = jawab_galat(fmt, 405, [_("Method %(m)s not allowed.") % {"m": request.method}])
                respons["Allow"] = ", ".join(metode)
                return respons
            data = request.POST if request.method == "POST" else request.GET
            try:
                if request.method == "POST":
                    # Per address as well as per key (portal.batas): a leaked key is no open door.
                    batas.periksa("open311_ip", batas.ip_klien(request))
                _periksa_kendali(data)
                kunci = (data.get("api_key") or "").strip()
                if request.method == "POST" or kunci:
                    aplikasi = periksa_kunci(kunci)
                    hitung(aplikasi)
                    kwargs["aplikasi"] = aplikasi
                return fungsi(request, fmt, data=data, **kwargs)
            except Galat as exc:
                return jawab_galat(fmt, exc.status, exc.pesan)
            except BatasTerlampaui as exc:
                return jawab_galat(
                    fmt,
                    429,
                    [_("Too many requests for this api_key; try again later.")],
                    Retry_After=str(exc.coba_lagi),
                )
            except batas.Ditolak as exc:
                pesan = _("Too many requests from this address; try again in %(detik)d seconds.")
                return jawab_galat(
                    fmt, 429, [pesan % {"detik": exc.coba_lagi}], Retry_After=str(exc.coba_lagi)
                )

        return view

    return hias


def _periksa_kendali(data: QueryDict) -> None:
    """Control characters (NUL breaks PostgreSQL text) in any argument: 400, never a database error."""
    for kunci, nilai in data.lists():
        if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for t in (kunci, *nilai) for c in t):
            raise Galat([f"{kunci[:60]}: " + _("Contains characters that are not allowed.")])


@open311("GET")
def discovery(request: HttpRequest, fmt: str, *, data: QueryDict, **_kw: Any) -> HttpResponse:
    dasar = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "xml"})).rsplit("/", 1)[0]
    isi = {
        "changeset": PERUBAHAN,
        "contact": settings.OPEN311_KONTAK,
        "key_service": _("Keys are issued per client application by the portal's administrators."),
        "endpoints": [
            {
                "specification": SPESIFIKASI,
                "url": dasar,
                "changeset": PERUBAHAN,
                "type": "production",
                "formats": [JENIS_KONTEN[f].split(";")[0] for f in FORMAT],
            }
        ],
    }
    return jawab(fmt, "discovery", None, isi)


@open311("GET")
def daftar_layanan(request: HttpRequest, fmt: str, *, data: QueryDict, **_kw: Any) -> HttpResponse:
    return jawab(fmt, "services", "service", layanan.daftar_layanan())


@open311("GET")
def definisi_layanan(
    request: HttpRequest, fmt: str, *, data: QueryDict, kode: str, **_kw: Any
) -> HttpResponse:
    ditemukan = layanan.cari(kode)
    if ditemukan is None:
        raise Galat([_("Unknown service_code %(kode)s.") % {"kode": kode[:60]}], status=404)
    return jawab(fmt, "service_definition", None, layanan.definisi(ditemukan))


@open311("GET", "POST")
def permintaan_daftar(request: HttpRequest, fmt: str, *, data: QueryDict, **kw: Any) -> HttpResponse:
    if request.method == "POST":
        return _ajukan(fmt, data, kw["aplikasi"])
    hasil = [permintaan.ke_permintaan(t) for t in permintaan.saring(data)]
    return jawab(fmt, "service_requests", "request", hasil)


def _ajukan(fmt: str, data: QueryDict, aplikasi: Any) -> HttpResponse:
    kode = (data.get("service_code") or "").strip()
    if not kode:
        raise Galat(["service_code: " + _("This argument is required.")])
    ditemukan = layanan.cari(kode)
    if ditemukan is None:
        raise Galat([_("Unknown service_code %(kode)s.") % {"kode": kode[:60]}], status=404)
    baris = permintaan.ajukan(aplikasi=aplikasi, layanan=ditemukan, data=data)
    if ditemukan.jenis_layanan is not None:
        pemberitahuan = layanan.pemberitahuan_layanan(ditemukan.jenis_layanan)
    else:
        pemberitahuan = layanan.pemberitahuan_keluhan()
    isi = {
        "service_request_id": baris.tiket.nomor,
        "token": baris.token,
        "service_notice": pemberitahuan,
        "account_id": baris.account_id,
    }
    return jawab(fmt, "service_requests", "request", [isi], status=201)


@open311("GET")
def permintaan_satu(
    request: HttpRequest, fmt: str, *, data: QueryDict, nomor: str, **_kw: Any
) -> HttpResponse:
    tiket = permintaan.kueri().filter(nomor=nomor).first()
    if tiket is None:
        raise Galat([_("Service request %(nomor)s not found.") % {"nomor": nomor[:30]}], status=404)
    return jawab(fmt, "service_requests", "request", [permintaan.ke_permintaan(tiket)])


@open311("GET")
def token(request: HttpRequest, fmt: str, *, data: QueryDict, token: str, **_kw: Any) -> HttpResponse:
    baris = PermintaanOpen311.objects.select_related("tiket").filter(token=token).first()
    if baris is None:
        raise Galat([_("Token not found.")], status=404)
    isi = [{"service_request_id": baris.tiket.nomor, "token": baris.token}]
    return jawab(fmt, "service_requests", "request", isi)


def tidak_ditemukan(request: HttpRequest, jalur: str) -> HttpResponse:
    fmt = "json" if jalur.endswith(".json") else "xml"
    return jawab_galat(fmt, 404, [_("No such Open311 endpoint.")])
