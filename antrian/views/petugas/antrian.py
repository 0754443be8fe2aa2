"""The live queue of the officer's units, claiming, supervisors' bulk actions, and "my work"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from antrian import forms as f
from antrian import izin, selectors, services
from antrian.exceptions import KesalahanDomain
from antrian.izin import Aktor
from antrian.models import Status, Tiket, Unit
from antrian.selectors import halaman
from antrian.views.petugas._umum import (
    UKURAN_HALAMAN,
    _aktor,
    _url_tiket,
    khusus_petugas,
)


def _form_saring(request: HttpRequest, aktor: Aktor, unit: list[Unit] | None = None) -> f.SaringAntrianForm:
    return f.SaringAntrianForm(
        request.GET,
        unit=halaman.unit_petugas(aktor=aktor) if unit is None else unit,
        layanan=halaman.pilihan_layanan(aktor=aktor),
        kategori=halaman.pilihan_kategori(),
    )


def _isi_antrian(request: HttpRequest, aktor: Aktor, unit: list[Unit] | None = None) -> dict[str, Any]:
    form = _form_saring(request, aktor, unit)
    if form.is_valid():
        qs = selectors.antrian_untuk_petugas(aktor=aktor, **form.argumen())
    else:
        qs = Tiket.objects.none()
    halaman_ini: Page[Tiket] = Paginator(selectors.HalamanAntrian(qs), UKURAN_HALAMAN).get_page(
        request.GET.get("halaman")
    )
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
    unit = halaman.unit_petugas(aktor=aktor)  # read once: the filter's choices and "claim next"
    isi = _isi_antrian(request, aktor, unit)
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
