"""Registration, login, logout, password reset and the citizen's own tickets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from antrian import selectors as antrian_selectors
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from portal import batas, services
from portal.batas import masuk as batas_masuk
from portal.forms_akun import DaftarForm, LupaSandiForm, MasukForm, SandiBaruForm

TIKET_PER_HALAMAN = 20

# The service reports its findings under its own argument names; the form's fields are named alike,
# except where the form has more than one field for a concept.
_MEDAN_FORM = {"non_field_errors": None}


def _tujuan_aman(request: HttpRequest, bawaan: str) -> str:
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if tujuan and url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return bawaan


class MasukView(auth_views.LoginView):
    form_class = MasukForm
    template_name = "portal/akun/masuk.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Lock-out and guessing limits (portal.batas.masuk), shared with the API's token endpoint: while
        # locked the password is not even checked, and the form comes back with the name typed.
        try:
            self.percobaan = batas_masuk.mulai(request, request.POST.get("username", ""))
        except batas.Ditolak as exc:
            form = self.form_class(request=request, initial={"username": request.POST.get("username", "")})
            return batas.html(request, self.template_name, self.get_context_data(form=form), exc)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        self.percobaan.berhasil()
        return super().form_valid(form)

    def get_default_redirect_url(self) -> str:
        # Each role lands where its work is; a citizen on their own tickets.
        aktor = Aktor.dari_pengguna(self.request.user)
        if aktor.petugas is not None:
            return "/petugas/"
        if aktor.adalah_manajer:
            return "/dasbor/"
        return "/tiket-saya/"

    def form_invalid(self, form: Any) -> HttpResponse:
        # A wrong password is a client error: the page says so with 400, not a cheerful 200.
        self.percobaan.gagal()
        respons = super().form_invalid(form)
        respons.status_code = 400
        return respons


class KeluarView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET with 405): a link cannot log anyone out."""

    http_method_names = ["post", "options"]


@sensitive_post_parameters("password", "password_ulang")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def daftar(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:tiket-saya")
    form = DaftarForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                akun = batas.identitas_daftar(form.cleaned_data["email"], form.cleaned_data["telepon"])
                batas.periksa_permintaan(request, "daftar", akun=akun)
                pengguna = services.pengguna_daftar(**form.data_layanan())
            except batas.Ditolak as exc:
                return batas.html(request, "portal/akun/daftar.html", {"form": form}, exc)
            except DataTidakValid as exc:
                for medan, pesan in exc.rincian.items():
                    nama = _MEDAN_FORM.get(medan, medan)
                    form.add_error(nama if nama in form.fields else None, list(pesan))
            else:
                login(request, pengguna, backend="portal.backends.EmailAtauTeleponBackend")
                messages.success(request, _("Your account has been created and you are logged in."))
                return HttpResponseRedirect(_tujuan_aman(request, "/tiket-saya/"))
        return render(request, "portal/akun/daftar.html", {"form": form}, status=400)
    return render(request, "portal/akun/daftar.html", {"form": form})


@never_cache
@login_required
@require_GET
def tiket_saya(request: HttpRequest) -> HttpResponse:
    """The citizen's own tikets, newest first; two queries per page whatever its length."""
    daftar = antrian_selectors.tiket_milik_warga(aktor=Aktor.dari_pengguna(request.user))
    halaman = Paginator(daftar, TIKET_PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "portal/akun/tiket_saya.html", {"halaman": halaman})


class LupaSandiView(auth_views.PasswordResetView):
    # Named templates of our own: django.contrib.admin (listed earlier in INSTALLED_APPS) ships the
    # default registration/password_reset_*.html names and would win the template lookup.
    form_class = LupaSandiForm
    template_name = "registration/sigap_lupa_sandi.html"
    email_template_name = "registration/sigap_lupa_sandi_email.txt"
    subject_template_name = "registration/sigap_lupa_sandi_subjek.txt"
    success_url = reverse_lazy("portal:sandi-terkirim")

    def form_valid(self, form: Any) -> HttpResponse:
        # E-mail bombing: a few reset mails per address and per client (unknown addresses count alike,
        # so the limit tells nothing about which accounts exist).
        email = batas.normalkan_identitas(form.cleaned_data["email"])
        try:
            batas.periksa_permintaan(self.request, "sandi_lupa", akun=email)
        except batas.Ditolak as exc:
            return batas.html(self.request, self.template_name, self.get_context_data(form=form), exc)
        return super().form_valid(form)


class LupaSandiTerkirimView(auth_views.PasswordResetDoneView):
    template_name = "registration/sigap_lupa_sandi_terkirim.html"


class AturSandiView(auth_views.PasswordResetConfirmView):
    form_class = SandiBaruForm
    template_name = "registration/sigap_atur_sandi.html"
    success_url = reverse_lazy("portal:sandi-selesai")

    def form_valid(self, form: Any) -> HttpResponse:
        # Whoever holds the reset link owns the account: its login lock-out ends with the new password.
        respons = super().form_valid(form)
        batas_masuk.buka_kunci_pengguna(form.user)
        return respons


class SandiSelesaiView(auth_views.PasswordResetCompleteView):
    template_name = "registration/sigap_sandi_selesai.html"


urlpatterns = [
    path("masuk/", MasukView.as_view(), name="masuk"),
    path("keluar/", KeluarView.as_view(), name="keluar"),
    path("daftar/", daftar, name="daftar"),
    path("tiket-saya/", tiket_saya, name="tiket-saya"),
    path("sandi/lupa/", LupaSandiView.as_view(), name="sandi-lupa"),
    path("sandi/lupa/terkirim/", LupaSandiTerkirimView.as_view(), name="sandi-terkirim"),
    path("sandi/atur/<uidb64>/<token>/", AturSandiView.as_view(), name="sandi-atur"),
    path("sandi/selesai/", SandiSelesaiView.as_view(), name="sandi-selesai"),
]
