"""Forms of the citizen's way in: catalogue search, the submission wizard's steps, the complaint form.

The forms only parse what the browser sent. Every rule (required answers, lengths, choices, dates,
documents, contact, coordinates) is checked by the same functions the API uses (`layanan.formulir`,
`antrian.services.kontak_periksa`, `layanan.services`, `keluhan.services`); their messages come back as
inline errors through `pasang_galat`. Fields marked required only say so to the citizen (asterisk,
`aria-required`): the check itself is the domain's, so the HTML form and the API answer the same mistake
with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from antrian.idempoten import MEDAN_FORMULIR
from keluhan.models import ALAMAT_MAKS, ISI_MAKS, JUDUL_MAKS
from layanan.models import PANJANG_BAWAAN, IsianFormulir, Persyaratan, TipeIsian

TIPE_UNGGAHAN = "application/pdf,image/jpeg,image/png,image/webp,.pdf,.jpg,.jpeg,.png,.webp"
# More options than this are a drop-down; fewer are radio buttons a thumb can hit.
_MAKS_RADIO = 6


class _WajibDiDomain:
    """A field that shows it is required but leaves the check to the domain function."""

    def validate(self, value: Any) -> None:
        return None


class _Teks(_WajibDiDomain, forms.CharField):
    pass


class _Pilihan(_WajibDiDomain, forms.ChoiceField):
    pass


class _PilihanGanda(_WajibDiDomain, forms.MultipleChoiceField):
    pass


class _Berkas(_WajibDiDomain, forms.FileField):
    pass


class UnggahanGanda(forms.ClearableFileInput):
    allow_multiple_selected = True


class _BerkasGanda(_WajibDiDomain, forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", UnggahanGanda(attrs={"accept": TIPE_UNGGAHAN, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(_BerkasGanda, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def pasang_galat(
    form: forms.BaseForm, rincian: Mapping[str, Any], peta: Mapping[str, str] | None = None
) -> None:
    """Put a domain error's details on the form: under the field they name (after `peta`), else at the
    top of the form. A key the form does not know never disappears silently."""
    peta = peta or {}
    for kunci, daftar in rincian.items():
        medan: str | None = peta.get(kunci, kunci)
        if medan not in form.fields:
            medan = None
        pesan = daftar if isinstance(daftar, list | tuple) else [daftar]
        for p in pesan:
            form.add_error(medan, str(p))


# --- catalogue -----------------------------------------------------------------------------------------


class CariForm(forms.Form):
    q = forms.CharField(
        label=_("Search services and complaint categories"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. KTP, akta, jalan rusak"), "autocomplete": "off"}
        ),
    )
    kelompok = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def nilai(self) -> tuple[str, str]:
        if self.is_valid():
            return self.cleaned_data["q"], self.cleaned_data["kelompok"]
        # Too long: search what fits rather than refuse a search box.
        return (str(self.data.get("q", ""))[:100], str(self.data.get("kelompok", ""))[:100])


# --- submission wizard ---------------------------------------------------------------------------------


def nama_isian(kode: str) -> str:
    return f"isian_{kode}"


def nama_dokumen(kode: str) -> str:
    return f"dokumen_{kode}"


def _medan_isian(isian: IsianFormulir) -> forms.Field:
    umum: dict[str, Any] = {"label": isian.label, "required": isian.wajib, "help_text": isian.keterangan}
    tipe = isian.tipe
    if tipe in (TipeIsian.TEKS, TipeIsian.TEKS_PANJANG):
        batas = min(isian.maks_panjang or PANJANG_BAWAAN[tipe], PANJANG_BAWAAN[tipe])
        if tipe == TipeIsian.TEKS_PANJANG:
            widget: forms.Widget = forms.Textarea(attrs={"maxlength": batas, "rows": 4})
        else:
            widget = forms.TextInput(attrs={"maxlength": batas})
        return _Teks(widget=widget, strip=True, **umum)
    if tipe == TipeIsian.ANGKA:
        return _Teks(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **umum)
    if tipe == TipeIsian.TANGGAL:
        return _Teks(widget=forms.DateInput(attrs={"type": "date"}), **umum)
    pilihan = list(isian.label_pilihan.items())
    if tipe == TipeIsian.PILIHAN_GANDA:
        return _PilihanGanda(choices=pilihan, widget=forms.CheckboxSelectMultiple, **umum)
    if len(pilihan) > _MAKS_RADIO:
        return _Pilihan(choices=[("", _("— choose —")), *pilihan], widget=forms.Select, **umum)
    return _Pilihan(choices=pilihan, widget=forms.RadioSelect, **umum)


class IsianForm(forms.Form):
    """Step "data": the service's own form fields, typed."""

    def __init__(self, *args: Any, isian: Iterable[IsianFormulir], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.isian = list(isian)
        for item in self.isian:
            self.fields[nama_isian(item.kode)] = _medan_isian(item)

    def jawaban(self) -> dict[str, Any]:
        """The answers as the API receives them: {kode: text or list}, empty ones left out."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        hasil: dict[str, Any] = {}
        for item in self.isian:
            nilai = data.get(nama_isian(item.kode))
            if nilai in (None, "", []):
                continue
            hasil[item.kode] = list(nilai) if isinstance(nilai, list | tuple) else nilai
        return hasil

    @staticmethod
    def awal_dari(jawaban: Mapping[str, Any]) -> dict[str, Any]:
        return {nama_isian(k): v for k, v in jawaban.items()}


class DokumenForm(forms.Form):
    """Step "documents": one upload per requirement. A requirement already uploaded in this draft is not
    asked for again (its file is kept server-side until the submission)."""

    def __init__(
        self, *args: Any, persyaratan: Iterable[Persyaratan], sudah: Iterable[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.persyaratan = list(persyaratan)
        sudah = set(sudah)
        for syarat in self.persyaratan:
            bantuan = syarat.keterangan
            self.fields[nama_dokumen(syarat.kode)] = _Berkas(
                label=syarat.nama,
                required=syarat.wajib and syarat.kode not in sudah,
                help_text=bantuan,
                allow_empty_file=True,  # an empty file gets the domain's message, not Django's
                widget=forms.ClearableFileInput(attrs={"accept": TIPE_UNGGAHAN}),
            )

    def baris(self, tersimpan: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Per requirement: its field and the file already stored for it in the draft, if any."""
        return [
            {"kode": s.kode, "field": self[nama_dokumen(s.kode)], "tersimpan": tersimpan.get(s.kode)}
            for s in self.persyaratan
        ]

    def berkas(self) -> dict[str, Any]:
        """{kode_persyaratan: uploaded file} for the requirements a file was chosen for."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            s.kode: data[nama_dokumen(s.kode)] for s in self.persyaratan if data.get(nama_dokumen(s.kode))
        }


class KontakForm(forms.Form):
    """Step "contact", for a guest: a name and an e-mail address or phone number."""

    kontak_nama = _Teks(
        label=_("Your name"),
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 150}),
    )
    kontak_email = _Teks(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
    )
    kontak_telepon = _Teks(
        label=_("Phone / WhatsApp number"),
        required=False,
        help_text=_("For example 0812 3456 7890."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "maxlength": 30}
        ),
    )


class KirimForm(forms.Form):
    """The review step's submit: only the idempotency key."""

    kunci_idempoten = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


# --- complaint -----------------------------------------------------------------------------------------


class KeluhanForm(KontakForm):
    kategori = _Pilihan(label=_("What is the complaint about?"), required=True)
    judul = _Teks(
        label=_("Title"),
        required=True,
        help_text=_("One short sentence, e.g. “Deep pothole on Jalan Merdeka”."),
        widget=forms.TextInput(attrs={"maxlength": JUDUL_MAKS}),
    )
    isi = _Teks(
        label=_("Describe the problem"),
        required=True,
        strip=False,
        help_text=_("What happened, since when, and how it affects you."),
        widget=forms.Textarea(attrs={"maxlength": ISI_MAKS, "rows": 6}),
    )
    alamat = _Teks(
        label=_("Address or landmark"),
        required=False,
        widget=forms.Textarea(attrs={"maxlength": ALAMAT_MAKS, "rows": 2, "autocomplete": "street-address"}),
    )
    lintang = _Teks(
        label=_("Latitude"),
        required=False,
        help_text=_("Optional, e.g. -2.548900"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20}),
    )
    bujur = _Teks(
        label=_("Longitude"),
        required=False,
        help_text=_("Optional, e.g. 118.014900"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20}),
    )
    lampiran = _BerkasGanda(
        label=_("Photos or documents"),
        required=False,
        allow_empty_file=True,
    )
    bagikan_lokasi_foto = forms.BooleanField(
        label=_("Include the location from the photos"),
        required=False,
        help_text=_(
            "Phones record where a photo was taken. Tick this to let the officers see that location; "
            "otherwise it is removed, together with the time and the device, before anyone sees the photo."
        ),
    )
    anonim = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_(
            "Officers will never know who you are: your name and contact are not stored at all, not even "
            "for the administrator. You can follow the complaint only with the private tracking link shown "
            "after sending, and nobody can contact you about it."
        ),
    )
    rahasia = forms.BooleanField(
        label=_("Keep my identity confidential"),
        required=False,
        help_text=_(
            "Your name and contact are stored, but only the administrator can see them. The officers "
            "handling the complaint do not see who you are; they answer you on the tracking page."
        ),
    )
    kunci_idempoten = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    field_order = [
        "kategori",
        "judul",
        "isi",
        "alamat",
        "lintang",
        "bujur",
        "lampiran",
        "bagikan_lokasi_foto",
        "anonim",
        "rahasia",
        "kontak_nama",
        "kontak_email",
        "kontak_telepon",
        MEDAN_FORMULIR,
    ]

    def __init__(self, *args: Any, kategori: Iterable[Any], tamu: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pilihan = [(k.kode, k.nama) for k in kategori]
        medan = self.fields["kategori"]
        assert isinstance(medan, forms.ChoiceField)
        medan.choices = [("", _("— choose a category —")), *pilihan]
        medan.widget = forms.Select(choices=medan.choices)
        self.fields["lampiran"].help_text = _(
            "PDF, JPEG, PNG or WebP, at most %(mb)s MB each, up to %(n)s files."
        ) % {"mb": settings.UNGGAHAN_MAKS_MB, "n": settings.UNGGAHAN_MAKS_BERKAS}
        self.tamu = tamu
        if not tamu:
            # A citizen is reached through the account: no contact fields to fill in.
            for nama in ("kontak_nama", "kontak_email", "kontak_telepon"):
                del self.fields[nama]
        else:
            self.fields["kontak_nama"].help_text = _("Not needed when you send anonymously.")
