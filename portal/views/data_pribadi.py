"""Personal data (UU 27/2022): a citizen's download and account deletion, and an officer's deliberate,
logged look at one applicant's whole NIK."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from antrian.exceptions import DataTidakValid, Konflik, TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import AksesIdentitas, Petugas, Tiket
from antrian.selectors.halaman import tiket_untuk_petugas
from antrian.selectors.tiket import identitas_tampak
from portal import data_pribadi
from portal.models import Pengguna


class HapusAkunForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    konfirmasi = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my identity will be deleted for good."),
        error_messages={"required": gettext_lazy("Tick the box to confirm the deletion.")},
    )


def unduhan_json(pengguna: Pengguna) -> StreamingHttpResponse:
    """The citizen's data as a JSON attachment, streamed piece by piece (HTML and API alike)."""
    respons = StreamingHttpResponse(
        data_pribadi.data_saya_json(pengguna), content_type="application/json; charset=utf-8"
    )
    respons["Content-Disposition"] = f'attachment; filename="{data_pribadi.nama_berkas_unduhan(pengguna)}"'
    respons["Cache-Control"] = "no-store"
    return respons


def _pengguna(request: HttpRequest) -> Pengguna:
    pengguna = request.user
    assert isinstance(pengguna, Pengguna)  # login_required let only an account through
    return pengguna


@never_cache
@login_required
@require_GET
def data_saya(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/akun/data_saya.html", {"pengguna": _pengguna(request)})


@never_cache
@login_required
@require_GET
def data_saya_unduh(request: HttpRequest) -> StreamingHttpResponse:
    return unduhan_json(_pengguna(request))


def _konteks_hapus(pengguna: Pengguna, form: HapusAkunForm) -> dict[str, Any]:
    staf = pengguna.is_staff or pengguna.is_superuser or Petugas.objects.filter(pengguna=pengguna).exists()
    return {
        "form": form,
        "staf": staf,
        "terbuka": [] if staf else data_pribadi.tiket_terbuka_warga(pengguna),
    }


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def hapus_akun(request: HttpRequest) -> HttpResponse:
    pengguna = _pengguna(request)
    form = HapusAkunForm(request.POST or None)
    if request.method == "GET":
        return render(request, "portal/akun/hapus.html", _konteks_hapus(pengguna, form))
    status = 400
    if form.is_valid():
        try:
            data_pribadi.akun_hapus(pengguna=pengguna, password=form.cleaned_data["password"])
        except DataTidakValid as exc:
            for pesan in exc.rincian.get("password", [exc.pesan]):
                form.add_error("password", str(pesan))
        except TidakDiizinkan as exc:
            messages.error(request, str(exc.pesan))
            status = 403
        except Konflik as exc:
            messages.error(request, str(exc.pesan))
            status = 409
        else:
            logout(request)
            return redirect("portal:akun-hapus-selesai")
    return render(request, "portal/akun/hapus.html", _konteks_hapus(pengguna, form), status=status)


@require_GET
def hapus_selesai(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:akun-hapus")
    return render(request, "portal/akun/hapus_selesai.html")


class TampilkanNikForm(forms.Form):
    alasan = forms.CharField(
        label=gettext_lazy("Why do you need the whole NIK?"),
        max_length=500,
        help_text=gettext_lazy("E.g. checking it against the KTP at the counter. Recorded with your name."),
    )


def _tiket_ber_nik(request: HttpRequest, nomor: str) -> Tiket:
    """A tiket of the officer's unit whose applicant's identity they may see and who gave a NIK."""
    aktor = Aktor.dari_pengguna(request.user)
    try:
        tiket = tiket_untuk_petugas(aktor=aktor, nomor=nomor)
    except TidakDiizinkan as exc:
        raise PermissionDenied(str(exc.pesan)) from exc
    except TidakDitemukan as exc:
        raise Http404(str(exc.pesan)) from exc
    if not identitas_tampak(aktor, tiket) or tiket.pemohon is None or not tiket.pemohon.nik:
        raise Http404()
    return tiket


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tampilkan_nik(request: HttpRequest, nomor: str) -> HttpResponse:
    """Lists and the tiket page show the NIK masked. An officer who must check it whole (against the KTP
    at the counter) asks here with a reason; GET only asks, POST shows it and appends one row to the
    identity access log (`AksesIdentitas`: who, when, which tiket, from where, why)."""
    tiket = _tiket_ber_nik(request, nomor)
    form = TampilkanNikForm(request.POST or None)
    konteks: dict[str, Any] = {"tiket": tiket, "form": form, "nik": None}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "portal/akun/data_nik_petugas.html", konteks, status=400)
        AksesIdentitas.objects.create(
            pengguna=_pengguna(request),
            tiket=tiket,
            alamat_ip=request.META.get("REMOTE_ADDR") or None,
            tampilan="petugas:tampilkan-nik",
            alasan=form.cleaned_data["alasan"],
        )
        assert tiket.pemohon is not None
        konteks["nik"] = tiket.pemohon.nik
    return render(request, "portal/akun/data_nik_petugas.html", konteks)


urlpatterns = [
    path("akun/data-saya/", data_saya, name="akun-data-saya"),
    path("akun/data-saya/unduh/", data_saya_unduh, name="akun-data-saya-unduh"),
    path("akun/hapus/", hapus_akun, name="akun-hapus"),
    path("akun/hapus/selesai/", hapus_selesai, name="akun-hapus-selesai"),
    path("petugas/tiket/<str:nomor>/nik/", tampilkan_nik, name="petugas-tampilkan-nik"),
]
