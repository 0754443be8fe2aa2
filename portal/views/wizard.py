"""The submission wizard of a permohonan, one page per step: data (the service's own form), documents
(one upload per requirement), contact (guests only), review and send.

It works without JavaScript. The state lives in the session (`portal.draf`); each document is checked
when it is uploaded and kept server-side, so nothing is lost between steps. Sending calls the API's
service (`layanan.services.permohonan_ajukan`) under the idempotency mechanism with the draft's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from antrian.berkas import periksa_berkas
from antrian.exceptions import DataTidakValid, KesalahanDomain
from antrian.idempoten import jalankan_sekali_formulir, respons_pengajuan
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.services import Kontak, kontak_periksa
from layanan import formulir
from layanan import services as layanan_services
from layanan.models import JenisLayanan, TipeIsian
from portal import batas
from portal import draf as draf_mod
from portal.forms_pengajuan import (
    DokumenForm,
    IsianForm,
    KirimForm,
    KontakForm,
    nama_dokumen,
    nama_isian,
    pasang_galat,
)
from portal.views import pengajuan_umum as umum

LANGKAH = {
    "data": gettext_lazy("Details"),
    "dokumen": gettext_lazy("Documents"),
    "kontak": gettext_lazy("Contact"),
    "tinjau": gettext_lazy("Review and send"),
}


# --- submission wizard ---------------------------------------------------------------------------------


def _daftar_langkah(layanan: JenisLayanan, *, tamu: bool) -> list[str]:
    daftar = []
    if layanan.isian.all():
        daftar.append("data")
    if layanan.persyaratan.all():
        daftar.append("dokumen")
    if tamu:
        daftar.append("kontak")
    daftar.append("tinjau")
    return daftar


def _url_langkah(layanan: JenisLayanan, langkah: str) -> str:
    return reverse("portal:ajukan-langkah", args=[layanan.kode, langkah])


@require_GET
def ajukan(request: HttpRequest, kode: str) -> HttpResponse:
    layanan = umum.layanan_atau_404(kode)
    return redirect(_url_langkah(layanan, _daftar_langkah(layanan, tamu=umum.tamu(request))[0]))


@never_cache
@require_http_methods(["GET", "POST"])
def ajukan_langkah(request: HttpRequest, kode: str, langkah: str) -> HttpResponse:
    layanan = umum.layanan_atau_404(kode)
    daftar = _daftar_langkah(layanan, tamu=umum.tamu(request))
    if langkah not in daftar:
        if langkah in LANGKAH:
            # E.g. "kontak" after logging in mid-way: the step no longer applies.
            return redirect(_url_langkah(layanan, daftar[-1]))
        raise Http404(_("Unknown step."))
    draf = draf_mod.ambil(request.session, layanan.kode)
    assert draf is not None
    if request.method == "POST" and request.POST.get("aksi") == "batal":
        draf_mod.buang(request.session, layanan.kode)
        messages.info(request, _("Your draft was deleted."))
        return redirect("portal:layanan-rinci", kode=layanan.kode)
    penangan = {"data": _langkah_data, "dokumen": _langkah_dokumen, "kontak": _langkah_kontak}
    if langkah == "tinjau":
        return _langkah_tinjau(request, layanan, draf, daftar)
    return penangan[langkah](request, layanan, draf, daftar, langkah)


def _tampil_langkah(
    request: HttpRequest,
    layanan: JenisLayanan,
    draf: dict[str, Any],
    daftar: list[str],
    langkah: str,
    konteks: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    indeks = daftar.index(langkah)
    langkah_tampil = [
        {
            "kode": kode,
            "label": LANGKAH[kode],
            "url": _url_langkah(layanan, kode),
            "sekarang": kode == langkah,
            "selesai": i < indeks,
        }
        for i, kode in enumerate(daftar)
    ]
    return render(
        request,
        "portal/pengajuan/ajukan.html",
        {
            "layanan": layanan,
            "draf": draf,
            "langkah": langkah,
            "judul_langkah": LANGKAH[langkah],
            "langkah_tampil": langkah_tampil,
            "nomor_langkah": indeks + 1,
            "jumlah_langkah": len(daftar),
            "url_kembali": _url_langkah(layanan, daftar[indeks - 1]) if indeks else None,
            "unggahan_mb": settings.UNGGAHAN_MAKS_MB,
            **konteks,
        },
        status=status,
    )


def _lanjut(request: HttpRequest, layanan: JenisLayanan, daftar: list[str], langkah: str) -> HttpResponse:
    indeks = daftar.index(langkah)
    if request.POST.get("aksi") == "kembali" and indeks > 0:
        return redirect(_url_langkah(layanan, daftar[indeks - 1]))
    return redirect(_url_langkah(layanan, daftar[min(indeks + 1, len(daftar) - 1)]))


def _peta_jawaban(layanan: JenisLayanan) -> dict[str, str]:
    return {f"jawaban.{i.kode}": nama_isian(i.kode) for i in layanan.isian.all()}


def _langkah_data(
    request: HttpRequest, layanan: JenisLayanan, draf: dict[str, Any], daftar: list[str], langkah: str
) -> HttpResponse:
    isian = list(layanan.isian.all())
    if request.method != "POST":
        form = IsianForm(initial=IsianForm.awal_dari(draf["jawaban"]), isian=isian)
        return _tampil_langkah(request, layanan, draf, daftar, langkah, {"form": form})
    form = IsianForm(request.POST, isian=isian)
    form.is_valid()
    draf["jawaban"] = form.jawaban()
    draf_mod.simpan(request.session, layanan.kode, draf)
    if request.POST.get("aksi") != "kembali":
        _bersih, galat = formulir.periksa_jawaban(isian, draf["jawaban"])
        if galat:
            pasang_galat(form, galat, _peta_jawaban(layanan))
            return _tampil_langkah(request, layanan, draf, daftar, langkah, {"form": form}, status=400)
    return _lanjut(request, layanan, daftar, langkah)


def _langkah_dokumen(
    request: HttpRequest, layanan: JenisLayanan, draf: dict[str, Any], daftar: list[str], langkah: str
) -> HttpResponse:
    persyaratan = list(layanan.persyaratan.all())
    if request.method != "POST":
        form = DokumenForm(persyaratan=persyaratan, sudah=draf["dokumen"])
        return _tampil_langkah(
            request, layanan, draf, daftar, langkah, {"form": form, "baris": form.baris(draf["dokumen"])}
        )
    aksi = request.POST.get("aksi", "")
    if aksi.startswith("hapus:"):
        draf_mod.hapus_dokumen(draf, aksi.removeprefix("hapus:"))
        draf_mod.simpan(request.session, layanan.kode, draf)
        return redirect(_url_langkah(layanan, langkah))
    form = DokumenForm(request.POST, request.FILES, persyaratan=persyaratan, sudah=draf["dokumen"])
    form.is_valid()
    for kode, berkas in form.berkas().items():
        try:
            teruji = periksa_berkas(berkas, kode_persyaratan=kode, medan=nama_dokumen(kode))
        except DataTidakValid as exc:
            pasang_galat(form, exc.rincian)
            continue
        draf_mod.simpan_dokumen(draf, teruji)
        # Stored: the requirement is met, whatever else on the page needs fixing.
        form.fields[nama_dokumen(kode)].required = False
    draf_mod.simpan(request.session, layanan.kode, draf)
    if aksi != "kembali":
        for syarat in persyaratan:
            if (
                syarat.wajib
                and syarat.kode not in draf["dokumen"]
                and not form.has_error(nama_dokumen(syarat.kode))
            ):
                form.add_error(
                    nama_dokumen(syarat.kode),
                    _("Document %(nama)s must be uploaded.") % {"nama": syarat.nama},
                )
    if form.errors:
        # The files that passed are stored and listed; only the others have to be chosen again.
        return _tampil_langkah(
            request,
            layanan,
            draf,
            daftar,
            langkah,
            {"form": form, "baris": form.baris(draf["dokumen"])},
            status=400,
        )
    return _lanjut(request, layanan, daftar, langkah)


def _langkah_kontak(
    request: HttpRequest, layanan: JenisLayanan, draf: dict[str, Any], daftar: list[str], langkah: str
) -> HttpResponse:
    if request.method != "POST":
        form = KontakForm(initial=draf["kontak"])
        return _tampil_langkah(request, layanan, draf, daftar, langkah, {"form": form})
    form = KontakForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    draf["kontak"] = {k: data.get(k) or "" for k in ("kontak_nama", "kontak_email", "kontak_telepon")}
    draf_mod.simpan(request.session, layanan.kode, draf)
    if request.POST.get("aksi") != "kembali":
        galat: dict[str, list[str]] = {}
        kontak_periksa(_kontak_draf(draf), tamu=True, galat=galat)
        if galat:
            pasang_galat(form, galat, umum.PETA_KONTAK)
            return _tampil_langkah(request, layanan, draf, daftar, langkah, {"form": form}, status=400)
    return _lanjut(request, layanan, daftar, langkah)


# "Fill in an email address or phone number": said under the e-mail field, where the citizen looks.
umum.PETA_KONTAK = {"kontak": "kontak_email"}


def _kontak_draf(draf: dict[str, Any]) -> Kontak:
    k = draf.get("kontak") or {}
    return Kontak(
        nama=k.get("kontak_nama", ""), email=k.get("kontak_email", ""), telepon=k.get("kontak_telepon", "")
    )


def _ringkasan(layanan: JenisLayanan, draf: dict[str, Any]) -> dict[str, Any]:
    """What the review step shows: each answer with its label (choice codes as their labels)."""
    jawaban = []
    for item in layanan.isian.all():
        nilai = draf["jawaban"].get(item.kode)
        label_pilihan = item.label_pilihan
        if isinstance(nilai, list):
            teks = ", ".join(str(label_pilihan.get(v, v)) for v in nilai)
        elif item.tipe == TipeIsian.TANGGAL and nilai:
            teks = _tanggal_tampil(str(nilai))
        else:
            teks = label_pilihan.get(nilai, nilai) if nilai not in (None, "") else ""
        jawaban.append({"label": item.label, "nilai": teks, "tipe": item.tipe})
    dokumen = [{"syarat": s, "berkas": draf["dokumen"].get(s.kode)} for s in layanan.persyaratan.all()]
    return {"jawaban": jawaban, "dokumen": dokumen}


def _tanggal_tampil(iso: str) -> str:
    try:
        return date_format(dt.date.fromisoformat(iso), "j F Y")
    except ValueError:
        return iso


def _galat_per_langkah(layanan: JenisLayanan, rincian: dict[str, Any]) -> list[dict[str, Any]]:
    """The domain's errors grouped by the step where the citizen fixes them."""
    label_isian = {f"jawaban.{i.kode}": i.label for i in layanan.isian.all()}
    nama_syarat = {f"dokumen.{s.kode}": s.nama for s in layanan.persyaratan.all()}
    hasil = []
    for kunci, daftar in rincian.items():
        if kunci.startswith("jawaban"):
            langkah, label = "data", label_isian.get(kunci, "")
        elif kunci.startswith("dokumen"):
            langkah, label = "dokumen", nama_syarat.get(kunci, "")
        elif kunci.startswith("kontak"):
            langkah, label = "kontak", ""
        else:
            langkah, label = "", ""
        for pesan in daftar if isinstance(daftar, list) else [daftar]:
            hasil.append({"langkah": langkah, "label": label, "pesan": str(pesan)})
    return hasil


def _langkah_tinjau(
    request: HttpRequest, layanan: JenisLayanan, draf: dict[str, Any], daftar: list[str]
) -> HttpResponse:
    tamu = umum.tamu(request)
    konteks: dict[str, Any] = {
        "form": KirimForm(initial={"kunci_idempoten": draf["kunci"]}),
        "ringkasan": _ringkasan(layanan, draf),
        "kontak": _kontak_draf(draf) if tamu else None,
        "pengguna": None if tamu else request.user,
        "galat_langkah": [],
    }
    if request.method != "POST":
        draf_mod.simpan(request.session, layanan.kode, draf)
        return _tampil_langkah(request, layanan, draf, daftar, "tinjau", konteks)
    if request.POST.get("aksi") == "kembali":
        return _lanjut(request, layanan, daftar, "tinjau")
    if ditolak := umum.terlalu_sering(request):
        # The draft stays on the server: the review page again, with how long to wait.
        messages.error(request, batas.pesan(ditolak))
        respons = _tampil_langkah(request, layanan, draf, daftar, "tinjau", konteks, status=429)
        respons["Retry-After"] = str(ditolak.coba_lagi)
        return respons
    kirim = KirimForm(request.POST)
    kirim.is_valid()
    kunci = kirim.cleaned_data.get("kunci_idempoten") if hasattr(kirim, "cleaned_data") else None
    draf_sesi = draf_mod.ambil(request.session, layanan.kode, buat=False)
    aktor = Aktor.dari_pengguna(request.user)

    def buat() -> tuple[Tiket, dict[str, Any]]:
        if draf_sesi is None or draf_sesi["kunci"] != kunci:
            raise DataTidakValid(rincian={"draf": [_("This draft has expired. Please start again.")]})
        with draf_mod.buka_dokumen(draf_sesi) as dokumen:
            if dokumen is None:
                raise DataTidakValid(rincian={"draf": [_("This draft has expired. Please start again.")]})
            baru = layanan_services.permohonan_ajukan(
                layanan=layanan,
                aktor=aktor,
                jawaban=draf_sesi["jawaban"],
                dokumen=dokumen,
                kontak=_kontak_draf(draf_sesi) if tamu else None,
            )
        return baru.tiket, respons_pengajuan(baru.tiket, baru.token_lacak)

    # The key belongs to one draft: a resubmission of it (double click, back button, a retry after a
    # dropped connection) finds the first tiket even after the draft was consumed.
    sidik = hashlib.sha256(f"permohonan:{layanan.kode}".encode()).hexdigest()
    try:
        body, _dibuat = jalankan_sekali_formulir(pengguna=request.user, kunci=kunci, sidik=sidik, buat=buat)
    except DataTidakValid as exc:
        if "draf" in exc.rincian:
            draf_mod.buang(request.session, layanan.kode)
            messages.error(request, str(exc.rincian["draf"][0]))
            return redirect("portal:layanan-rinci", kode=layanan.kode)
        konteks["galat_langkah"] = _galat_per_langkah(layanan, exc.rincian)
        return _tampil_langkah(request, layanan, draf, daftar, "tinjau", konteks, status=400)
    except KesalahanDomain as exc:
        messages.error(request, str(exc.pesan))
        return _tampil_langkah(request, layanan, draf, daftar, "tinjau", konteks, status=exc.status_http)
    draf_mod.buang(request.session, layanan.kode)
    return umum.ke_konfirmasi(request, body, anonim=False)
