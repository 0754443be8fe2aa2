"""HTML forms of the officer's workspace. They only parse input; the services decide and the views call
them. Each action form carries the tiket version the officer saw (`versi`), so acting on a stale page is
a conflict (409) instead of a surprise."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from antrian.models import AlasanTolak, Keanggotaan, Status, TemplatJawaban, Unit
from antrian.models.tiket import STATUS_SEMUA, STATUS_TERBUKA
from antrian.selectors import DITUGASKAN_KOSONG, DITUGASKAN_SAYA

STATUS_TERBUKA_PILIHAN = ""  # the queue's default: every open state
MAKS_MASSAL = 100


def _pilihan(form: forms.Form, nama: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[nama])


class SaringAntrianForm(forms.Form):
    """The queue's filters, read from the query string; every field optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number or text"), "data-pintasan": "/"}
        ),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    layanan = forms.ChoiceField(label=_("Service"), required=False)
    kategori = forms.ChoiceField(label=_("Complaint category"), required=False)
    ditugaskan = forms.ChoiceField(
        label=_("Assigned"),
        required=False,
        choices=[
            ("", _("Everyone's")),
            (DITUGASKAN_SAYA, _("Assigned to me")),
            (DITUGASKAN_KOSONG, _("Unassigned")),
        ],
    )
    terlambat = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(
        self,
        *args: Any,
        unit: Sequence[Unit] = (),
        layanan: Sequence[tuple[str, str]] = (),
        kategori: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _pilihan(self, "status").choices = [
            (STATUS_TERBUKA_PILIHAN, _("All open")),
            *Status.choices,
            (STATUS_SEMUA, _("All statuses")),
        ]
        _pilihan(self, "unit").choices = [("", _("All my units")), *((u.kode, u.nama) for u in unit)]
        _pilihan(self, "layanan").choices = [("", _("All services")), *layanan]
        _pilihan(self, "kategori").choices = [("", _("All categories")), *kategori]

    def argumen(self) -> dict[str, Any]:
        """The cleaned filters as keyword arguments of `selectors.antrian_untuk_petugas`."""
        d = self.cleaned_data
        if d["status"] == STATUS_SEMUA:
            status: list[str] = []
        elif d["status"]:
            status = [d["status"]]
        else:
            status = [str(s) for s in STATUS_TERBUKA]
        return {
            "status": status,
            "unit": d["unit"] or None,
            "layanan": d["layanan"] or None,
            "kategori": d["kategori"] or None,
            "ditugaskan": d["ditugaskan"] or None,
            "terlambat": bool(d["terlambat"]),
            "q": d["q"] or None,
        }


# --- files ---------------------------------------------------------------------------------------------


class BanyakBerkasInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BanyakBerkasField(forms.FileField):
    """Zero or more files; their content is checked by `antrian.berkas` in the view, as in the API."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", BanyakBerkasInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("PDF, JPEG, PNG or WebP; at most %(mb)s MB each.") % {"mb": settings.UNGGAHAN_MAKS_MB},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        berkas = data if isinstance(data, list | tuple) else [data]
        return [super(BanyakBerkasField, self).clean(b, initial) for b in berkas]


# --- one tiket ---------------------------------------------------------------------------------------


class _VersiForm(forms.Form):
    versi = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class TanggapanForm(forms.Form):
    """A public reply or an internal note. `kunci_idempoten` is made when the form is rendered: the same
    form sent twice (a double click, a retried POST) writes one reply."""

    isi = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    lampiran = BanyakBerkasField(label=_("Attachments"))
    internal = forms.BooleanField(required=False, widget=forms.HiddenInput)
    kunci_idempoten = forms.CharField(max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args: Any, internal: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("kunci_idempoten", uuid.uuid4().hex)
        kwargs["initial"].setdefault("internal", internal)
        super().__init__(*args, **kwargs)
        if internal:
            self.fields["isi"].label = _("Internal note")
            self.fields["isi"].help_text = _("Only officers of the unit see it.")


class PilihTemplatForm(forms.Form):
    templat = forms.ChoiceField(label=_("Canned response"), required=False)

    def __init__(self, *args: Any, templat: Sequence[TemplatJawaban] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilihan(self, "templat").choices = [("", _("Choose…")), *((str(t.pk), t.judul) for t in templat)]


class KosongForm(_VersiForm):
    """Actions without input: ambil, mulai."""


class LepaskanForm(_VersiForm):
    catatan = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class MintaKelengkapanForm(_VersiForm):
    pesan = forms.CharField(
        label=_("What the citizen must supply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The citizen sees this message. The deadline is paused until they reply."),
    )
    lampiran = BanyakBerkasField(label=_("Attachments"))


class SelesaikanForm(_VersiForm):
    catatan = forms.CharField(
        label=_("Completion note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The citizen sees this note."),
    )
    produk = forms.CharField(
        label=_("Service product issued"),
        required=False,
        max_length=500,
        help_text=_("Required for a service request, e.g. 'KTP-el printed, ready for pick-up'."),
    )
    lampiran = BanyakBerkasField(label=_("Attachments"))


class TolakForm(_VersiForm):
    alasan = forms.ChoiceField(label=_("Reason"), choices=AlasanTolak.choices)
    catatan = forms.CharField(
        label=_("Explanation for the citizen"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class _PetugasForm(_VersiForm):
    petugas = forms.TypedChoiceField(label=_("Officer"), coerce=int)

    def __init__(self, *args: Any, anggota: Sequence[Keanggotaan] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilihan(self, "petugas").choices = [("", _("Choose an officer…"))] + [
            (k.petugas_id, f"{k.petugas.pengguna.nama_tampil} — {k.get_peran_display()}") for k in anggota
        ]


class TugaskanForm(_PetugasForm):
    catatan = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class TugaskanUlangForm(_PetugasForm):
    alasan = forms.CharField(
        label=_("Reason for the reassignment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AlihkanForm(_VersiForm):
    unit = forms.ChoiceField(label=_("Target unit"))
    alasan = forms.CharField(
        label=_("Reason for the transfer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, unit: Sequence[Unit] = (), kecuali: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _pilihan(self, "unit").choices = [("", _("Choose a unit…"))] + [
            (u.kode, u.nama) for u in unit if u.pk != kecuali
        ]


# --- bulk actions of a supervisor -----------------------------------------------------------------------


class DaftarNomorField(forms.Field):
    """The selected tikets' numbers (checkboxes named `tiket`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        daftar = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(str(v).strip() for v in daftar if str(v).strip()))

    def validate(self, value: list[str]) -> None:
        if not value:
            raise forms.ValidationError(_("Select at least one ticket."), code="required")
        if len(value) > MAKS_MASSAL:
            raise forms.ValidationError(
                _("Select at most %(n)s tickets at once.") % {"n": MAKS_MASSAL}, code="max"
            )


class MassalForm(forms.Form):
    AKSI_TUGASKAN = "tugaskan"
    AKSI_ALIHKAN = "alihkan"

    tiket = DaftarNomorField(label=_("Tickets"))
    aksi = forms.ChoiceField(
        label=_("Action"),
        choices=[(AKSI_TUGASKAN, _("Assign to an officer")), (AKSI_ALIHKAN, _("Transfer to another unit"))],
        widget=forms.RadioSelect,
    )
    petugas = forms.TypedChoiceField(label=_("Officer"), coerce=int, required=False, empty_value=None)
    unit = forms.ChoiceField(label=_("Target unit"), required=False)
    alasan = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Required for a transfer and for reassigning a ticket someone already holds."),
    )

    def __init__(
        self, *args: Any, anggota: Sequence[Keanggotaan] = (), unit: Sequence[Unit] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _pilihan(self, "petugas").choices = [("", _("Choose an officer…"))] + [
            (k.petugas_id, f"{k.petugas.pengguna.nama_tampil} ({k.unit.nama})") for k in anggota
        ]
        _pilihan(self, "unit").choices = [("", _("Choose a unit…"))] + [(u.kode, u.nama) for u in unit]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        aksi = data.get("aksi")
        if aksi == self.AKSI_TUGASKAN and not data.get("petugas"):
            self.add_error("petugas", _("Choose the officer to assign to."))
        if aksi == self.AKSI_ALIHKAN:
            if not data.get("unit"):
                self.add_error("unit", _("Choose the target unit."))
            if not (data.get("alasan") or "").strip():
                self.add_error("alasan", _("A reason for the transfer (disposition) is required."))
        return data
