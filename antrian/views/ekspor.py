"""Downloads of the performance tables: /dasbor/kinerja/ekspor/?tabel=...&format=csv|xlsx.

Same rules as the metrics pages: a supervisor exports the units they supervise, a manager every unit, an
officer or citizen gets the 403 page, an anonymous visitor the login page. Everything that can fail —
permission, parameters, an unknown unit — is checked before the response starts, so a download is
either complete or a clear error page, never a truncated file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian.ekspor import TABEL, Permintaan, baca_permintaan, susun_tabel
from antrian.ekspor.keterangan import keterangan
from antrian.ekspor.tulis import aliran_csv, berkas_xlsx
from antrian.exceptions import DataTidakValid, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.selectors.kinerja import unit_terlihat

FORMAT = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def nama_berkas(*, tabel: str, permintaan: Permintaan, ukuran: str, ekstensi: str) -> str:
    """kinerja-petugas-dukcapil-2026-09-01_2026-11-28.csv"""
    bagian = ["kinerja", tabel]
    if tabel == "tiket":
        bagian.append(ukuran)
    if permintaan.unit is not None:
        bagian.append(permintaan.unit.kode)
    if permintaan.petugas is not None:
        bagian.append(f"petugas{permintaan.petugas.pk}")
    r = permintaan.rentang
    return f"{'-'.join(bagian)}-{r.dari.isoformat()}_{r.sampai.isoformat()}.{ekstensi}"


def _galat_400(request: HttpRequest, exc: DataTidakValid) -> HttpResponse:
    """A download link has no form to show errors next to: the error page names what was wrong."""
    rincian = []
    for medan, pesan in exc.rincian.items():
        for p in pesan if isinstance(pesan, list) else [pesan]:
            rincian.append(f"{medan}: {p}")
    return render(request, "400.html", {"exception": str(exc.pesan), "rincian": rincian}, status=400)


@never_cache
@require_GET
@login_required
def kinerja_ekspor(request: HttpRequest) -> HttpResponseBase:
    aktor = Aktor.dari_pengguna(request.user)
    params = request.GET
    tabel = (params.get("tabel") or "").strip()
    fmt = (params.get("format") or "csv").strip()
    ukuran = (params.get("ukuran") or "").strip()
    try:
        unit_terlihat(aktor)  # 403 before any parameter is even read
        galat: dict[str, list[str]] = {}
        if tabel not in TABEL:
            galat["tabel"] = [_("Choose one of: %(d)s.") % {"d": ", ".join(TABEL)}]
        if fmt not in FORMAT:
            galat["format"] = [_("Choose one of: %(d)s.") % {"d": ", ".join(FORMAT)}]
        if galat:
            raise DataTidakValid(_("The export cannot be made."), rincian=galat)
        permintaan = baca_permintaan(params, dengan_petugas=tabel == "tiket")
        isi = susun_tabel(aktor=aktor, tabel=tabel, permintaan=permintaan, ukuran=ukuran)
        nama = nama_berkas(tabel=tabel, permintaan=permintaan, ukuran=ukuran, ekstensi=fmt)
        if fmt == "csv":
            respons: HttpResponseBase = StreamingHttpResponse(aliran_csv(isi), content_type=FORMAT["csv"])
            respons["Content-Disposition"] = f'attachment; filename="{nama}"'
        else:
            berkas = berkas_xlsx(
                isi,
                judul_lembar=_("Performance"),
                keterangan=keterangan(tabel=tabel, permintaan=permintaan, ukuran=ukuran),
            )
            # FileResponse closes the temporary file once sent, which removes it.
            respons = FileResponse(berkas, as_attachment=True, filename=nama, content_type=FORMAT["xlsx"])
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    except DataTidakValid as exc:
        return _galat_400(request, exc)
    respons["X-Content-Type-Options"] = "nosniff"
    return respons


urlpatterns: list[URLPattern] = [
    path("dasbor/kinerja/ekspor/", kinerja_ekspor, name="kinerja_ekspor"),
]
