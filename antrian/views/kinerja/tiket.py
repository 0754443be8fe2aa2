"""/dasbor/kinerja/tiket/: the tikets behind one figure of the metrics page (`tiket_di_balik`), 50 a page.

The parameters are the figure's: `ukuran` (one of `selectors.kinerja.UKURAN`), the page's filters, and
the row's unit, officer or service. The same selector computes the figure and this list, so a count on
the metrics page and the number of tikets here always agree.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.models import Petugas
from antrian.selectors import kinerja as k
from antrian.views.kinerja._umum import (
    PARAM_SARINGAN,
    SaringKinerjaForm,
    aktor_dari,
    buat_form,
    periksa_unit,
    tolak,
    url_ekspor,
)

UKURAN_HALAMAN = 50

# What each measure lists, as the page's heading says it.
JUDUL_UKURAN = {
    "masuk": gettext_lazy("Submitted"),
    "dialihkan": gettext_lazy("Submitted, later transferred"),
    "respons": gettext_lazy("First responses"),
    "selesai": gettext_lazy("Resolved"),
    "selesai_tepat": gettext_lazy("Resolved on time"),
    "selesai_terlambat": gettext_lazy("Resolved late"),
    "dibuka_kembali": gettext_lazy("Resolved after a reopen"),
    "ditolak": gettext_lazy("Rejected"),
    "terbuka": gettext_lazy("Open"),
    "terlambat": gettext_lazy("Open and overdue"),
}


def _judul(ukuran: str) -> str:
    return str(JUDUL_UKURAN.get(ukuran, ""))


def _petugas(nilai: str, galat: dict[str, list[str]]) -> int | None:
    if not nilai:
        return None
    try:
        return int(nilai)
    except ValueError:
        galat.setdefault("petugas", []).append(_("Enter a whole number."))
        return None


def _pesan_galat(form: SaringKinerjaForm, galat: dict[str, Any]) -> list[str]:
    """Every reason the list cannot be shown, each with the parameter it is about."""
    pesan = [str(p) for daftar in galat.values() for p in (daftar if isinstance(daftar, list) else [daftar])]
    for medan, daftar in form.errors.items():
        label = form.fields[medan].label if medan in form.fields else ""
        pesan.extend(f"{label}: {p}" if label else str(p) for p in daftar)
    return pesan


def _nama_petugas(petugas_id: int | None, unit_terlihat: set[int]) -> str:
    """The officer's name, if they belong to a unit the viewer may see."""
    if petugas_id is None:
        return ""
    p = (
        Petugas.objects.filter(pk=petugas_id, keanggotaan__unit_id__in=unit_terlihat)
        .select_related("pengguna")
        .first()
    )
    return p.nama if p is not None else ""


@never_cache
@require_GET
@login_required
def tiket_kinerja(request: HttpRequest) -> HttpResponse:
    aktor = aktor_dari(request)
    try:
        pilihan = k.pilihan_saringan(aktor=aktor)
    except TidakDiizinkan as exc:
        raise tolak(exc) from exc
    form = buat_form(request, pilihan)
    ukuran = request.GET.get("ukuran", "")
    galat: dict[str, list[str]] = {}
    petugas_id = _petugas(request.GET.get("petugas", ""), galat)
    if ukuran not in k.UKURAN:
        galat.setdefault("ukuran", []).append(
            _("Unknown measure. Choose one of: %(d)s.") % {"d": ", ".join(k.UKURAN)}
        )
    if form.is_valid():
        periksa_unit(form)
    isi: dict[str, Any] = {"form": form, "ukuran": ukuran, "judul_ukuran": _judul(ukuran)}
    if form.errors or galat:
        isi["pesan_galat"] = _pesan_galat(form, galat)
        return render(request, "antrian/kinerja/tiket.html", isi, status=400)

    saringan = form.saringan()
    if petugas_id is not None:
        saringan = k.Saringan(
            unit_ids=saringan.unit_ids, layanan=saringan.layanan, jenis=saringan.jenis, petugas_id=petugas_id
        )
    try:
        qs = k.tiket_di_balik(aktor=aktor, rentang=form.rentang, ukuran=ukuran, saringan=saringan)
    except TidakDiizinkan as exc:
        raise tolak(exc) from exc
    except DataTidakValid as exc:
        isi["pesan_galat"] = _pesan_galat(form, exc.rincian)
        return render(request, "antrian/kinerja/tiket.html", isi, status=400)
    halaman = Paginator(qs, UKURAN_HALAMAN).get_page(request.GET.get("halaman"))
    # The officer's ticket page opens only tikets of the viewer's own units (managers have none there).
    unit_sendiri = aktor.unit_ids if aktor.petugas is not None else set()
    kueri = request.GET.copy()
    kueri.pop("halaman", None)
    kembali = {p: request.GET[p] for p in PARAM_SARINGAN if request.GET.get(p)}
    isi.update(
        {
            "halaman": halaman,
            "baris": [{"tiket": t, "tautan": t.unit_id in unit_sendiri} for t in halaman],
            "kueri": kueri.urlencode(),
            "kueri_kembali": kembali,
            "rentang": form.rentang,
            "nama_unit": dict(pilihan["unit"]).get(next(iter(saringan.unit_ids)), "")
            if saringan.unit_ids
            else "",
            "nama_layanan": dict(pilihan["layanan"]).get(saringan.layanan, "") if saringan.layanan else "",
            "nama_petugas": _nama_petugas(petugas_id, {pk for pk, _n in pilihan["unit"]}),
            "url_ekspor": url_ekspor(),
        }
    )
    return render(request, "antrian/kinerja/tiket.html", isi)
