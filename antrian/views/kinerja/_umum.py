"""What the metrics pages share: the filter form, the range it yields, sorting rows by a column, the
query string of the filters (for drill-down and export links), and domain errors turned into answers.

The views only parse, call `antrian.selectors.kinerja` and render: no figure is computed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.izin import Aktor
from antrian.models import JenisTiket, Unit
from antrian.selectors import kinerja as k

# Query parameters of the filters: carried into drill-down and export links.
PARAM_SARINGAN = ("dari", "sampai", "unit", "layanan", "jenis")


def aktor_dari(request: HttpRequest) -> Aktor:
    return Aktor.dari_permintaan(request)


def url_ekspor() -> str:
    """The export view (another area builds it); no export buttons until it exists."""
    try:
        return reverse("antrian:kinerja_ekspor")
    except NoReverseMatch:
        return ""


def tolak(exc: TidakDiizinkan) -> PermissionDenied:
    """The selectors' refusal, as Django's 403 (the friendly page shows the message)."""
    return PermissionDenied(str(exc.pesan))


class RentangForm(forms.Form):
    """A date range; `Rentang.dari_teks` is the validator, its messages go next to the fields."""

    dari = forms.CharField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.CharField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    rentang: k.Rentang

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.rentang = k.Rentang.dari_teks(data.get("dari"), data.get("sampai"))
        except DataTidakValid as exc:
            for medan, pesan in exc.rincian.items():
                for p in pesan if isinstance(pesan, list) else [pesan]:
                    self.add_error(medan if medan in self.fields else None, str(p))
            return data
        # The fields show the range actually read (an empty field means "the last 90 days").
        data["dari"], data["sampai"] = self.rentang.dari.isoformat(), self.rentang.sampai.isoformat()
        tampil = QueryDict(mutable=True)
        tampil.update(self.data)
        tampil["dari"], tampil["sampai"] = data["dari"], data["sampai"]
        self.data = tampil
        return data


class SaringKinerjaForm(RentangForm):
    """The metrics page's filters: range, unit, service/category, type."""

    # Any whole number is accepted here and checked afterwards (`periksa_unit`): a unit the viewer may not
    # see is refused with 403, not hidden behind "not a valid choice".
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, widget=forms.Select)
    layanan = forms.ChoiceField(label=gettext_lazy("Service or category"), required=False)
    jenis = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *JenisTiket.choices],
    )

    def __init__(self, *args: Any, pilihan: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_terlihat = {pk for pk, _nama in pilihan["unit"]}
        self.fields["unit"].widget.choices = [("", _("All units")), *pilihan["unit"]]  # type: ignore[attr-defined]
        layanan = self.fields["layanan"]
        assert isinstance(layanan, forms.ChoiceField)
        layanan.choices = [("", _("All services and categories")), *pilihan["layanan"]]

    def saringan(self) -> k.Saringan:
        d = self.cleaned_data
        return k.Saringan(
            unit_ids=frozenset({d["unit"]}) if d.get("unit") else None,
            layanan=d.get("layanan") or "",
            jenis=d.get("jenis") or "",
        )

    def kueri(self) -> dict[str, Any]:
        """The valid filters as query parameters, for links that keep them."""
        d = self.cleaned_data
        return {p: d.get(p) for p in PARAM_SARINGAN if d.get(p)}


def buat_form(request: HttpRequest, pilihan: dict[str, Any]) -> SaringKinerjaForm:
    # Always bound: with no parameters at all the defaults (last 90 days, everything visible) apply.
    return SaringKinerjaForm(request.GET, pilihan=pilihan)


def periksa_unit(form: SaringKinerjaForm) -> None:
    """After validation: a unit outside the viewer's is 403 if it exists (the selectors' rule) and an
    inline error (400) if it does not."""
    unit_id = form.cleaned_data.get("unit") if form.is_valid() else None
    if unit_id is None or unit_id in form.unit_terlihat:
        return
    if Unit.objects.filter(pk=unit_id).exists():
        raise PermissionDenied(_("You may only see the metrics of the units you supervise."))
    form.add_error("unit", _("This unit does not exist."))


# --- sorting ----------------------------------------------------------------------------------------------


def _skm(b: k.BarisKinerja) -> Any:
    return b.skm.nilai if b.skm is not None else None


KOLOM: dict[str, Callable[[k.BarisKinerja], Any]] = {
    "nama": lambda b: b.nama.lower(),
    "masuk": lambda b: b.masuk,
    "selesai": lambda b: b.selesai,
    "respons_median": lambda b: b.respons_kerja.median,
    "respons_p90": lambda b: b.respons_kerja.p90,
    "selesai_median": lambda b: b.selesai_kerja.median,
    "selesai_p90": lambda b: b.selesai_kerja.p90,
    "sla": lambda b: b.kepatuhan_sla,
    "terlambat": lambda b: b.terlambat,
    "buka_kembali": lambda b: b.tingkat_buka_kembali,
    "tolak": lambda b: b.tingkat_tolak,
    "beban": lambda b: b.beban,
    "skm": _skm,
}


def baca_urut(request: HttpRequest) -> tuple[str, str]:
    """`?urut=<kolom>&arah=asc|desc`; anything unknown falls back to the default order (by name)."""
    urut = request.GET.get("urut", "")
    arah = request.GET.get("arah", "")
    if urut not in KOLOM:
        return "", ""
    return urut, arah if arah in ("asc", "desc") else "desc"


def urutkan(baris: Sequence[k.BarisKinerja], urut: str, arah: str) -> list[k.BarisKinerja]:
    """Rows sorted by one column; rows without a value for it stay last in either direction."""
    if not urut:
        return list(baris)
    ambil = KOLOM[urut]
    ada = [b for b in baris if ambil(b) is not None]
    kosong = [b for b in baris if ambil(b) is None]
    ada.sort(key=lambda b: (ambil(b), b.nama.lower()), reverse=arah == "desc")
    return ada + sorted(kosong, key=lambda b: b.nama.lower())
