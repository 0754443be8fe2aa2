"""The satisfaction survey of one tiket: `GET` whether it can be answered and its questions, `POST` the
answers. Only the tiket's citizen (account, or guest with the `X-Token-Lacak` header) may do either:
whether a given tiket was answered is not the officers' business (the survey is anonymous to them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from antrian.api._dasar import PARAM_TOKEN, PARAM_TOKEN_QUERY, ApiDasar, tiket_dan_aktor
from antrian.api_umum import galat_standar
from antrian.exceptions import DataTidakValid, TidakDiizinkan
from antrian.izin import Aktor
from antrian.metrik.skm import UNSUR
from antrian.models import Tiket
from antrian.services.survei import (
    PERTANYAAN,
    SARAN_MAKS,
    survei_boleh_diisi,
    survei_isi,
    survei_sudah_diisi,
)

# --- schema -----------------------------------------------------------------------------------------------


class _SkalaOutput(serializers.Serializer):
    nilai = serializers.IntegerField(help_text=gettext_lazy("The answer's value, 1 (worst) to 4 (best)."))
    teks = serializers.CharField()


class _PertanyaanOutput(serializers.Serializer):
    unsur = serializers.CharField(help_text=gettext_lazy("The element's key (u1..u9), the answer's field."))
    nama = serializers.CharField(help_text=gettext_lazy("The element of Permenpan RB 14/2017."))
    pertanyaan = serializers.CharField()
    skala = _SkalaOutput(many=True)


class SurveiOutput(serializers.Serializer):
    nomor = serializers.CharField()
    boleh_diisi = serializers.BooleanField(help_text=gettext_lazy("The survey can be answered now."))
    sudah_diisi = serializers.BooleanField(help_text=gettext_lazy("The survey was answered already."))
    keterangan = serializers.CharField(help_text=gettext_lazy("Why it can or cannot be answered."))
    pertanyaan = _PertanyaanOutput(many=True)
    saran_maks = serializers.IntegerField(help_text=gettext_lazy("Maximum length of the suggestion."))


def _unsur_input() -> dict[str, serializers.Field]:
    return {
        p.unsur: serializers.IntegerField(min_value=1, max_value=4, help_text=str(p.label))
        for p in PERTANYAAN
    }


# Documents the request body; the service validates it (so its order of checks — who, state, duplicate,
# values — holds for the API and the HTML form alike).
SurveiInput = type(
    "SurveiInput",
    (serializers.Serializer,),
    {
        **_unsur_input(),
        "saran": serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=SARAN_MAKS,
            help_text=gettext_lazy("Optional suggestion for the unit."),
        ),
    },
)


# --- views -----------------------------------------------------------------------------------------------


def _data(tiket: Tiket) -> dict[str, Any]:
    sudah = survei_sudah_diisi(tiket)
    boleh = survei_boleh_diisi(tiket) and not sudah
    if sudah:
        keterangan = _("The survey for this ticket has already been answered. Thank you.")
    elif boleh:
        keterangan = _("Your answers are anonymous: officers only ever see totals per unit.")
    else:
        keterangan = _("The survey can be answered once the ticket has been completed.")
    return {
        "nomor": tiket.nomor,
        "boleh_diisi": boleh,
        "sudah_diisi": sudah,
        "keterangan": keterangan,
        "pertanyaan": [
            {
                "unsur": p.unsur,
                "nama": str(p.label),
                "pertanyaan": str(p.teks),
                "skala": [{"nilai": nilai, "teks": teks} for nilai, teks in p.pilihan()],
            }
            for p in PERTANYAAN
        ],
        "saran_maks": SARAN_MAKS,
    }


def _pemilik(request: Request, nomor: str) -> tuple[Tiket, Aktor]:
    tiket, aktor = tiket_dan_aktor(request, nomor)
    if not aktor.pemilik(tiket):
        raise TidakDiizinkan(_("Only the citizen who filed this ticket can answer its survey."))
    return tiket, aktor


def _bilangan(nilai: Any) -> Any:
    """Form-encoded answers arrive as text: "4" becomes 4; anything else is left for the service to
    refuse with its message."""
    if isinstance(nilai, str) and nilai.strip().isdigit():
        return int(nilai.strip())
    return nilai


_GALAT = galat_standar(401, 403, 404, keterangan={403: gettext_lazy("Only the ticket's citizen may answer")})


class SurveiTiketApi(ApiDasar):
    @extend_schema(
        summary=gettext_lazy("The ticket's satisfaction survey: can it be answered, and its questions"),
        parameters=[PARAM_TOKEN, PARAM_TOKEN_QUERY],
        responses={200: SurveiOutput, **_GALAT},
        tags=["warga"],
        operation_id="tiket_survei_rincian",
    )
    def get(self, request: Request, nomor: str) -> Response:
        tiket, _aktor = _pemilik(request, nomor)
        respons = Response(_data(tiket))
        respons["Cache-Control"] = "private, no-store"
        return respons

    @extend_schema(
        summary=gettext_lazy("Answer the ticket's satisfaction survey (once, after completion)"),
        request={"application/json": SurveiInput, "application/x-www-form-urlencoded": SurveiInput},
        parameters=[PARAM_TOKEN],
        responses={
            201: SurveiOutput,
            **_GALAT,
            **galat_standar(
                400,
                409,
                415,
                keterangan={
                    400: gettext_lazy("An answer is missing or not 1–4"),
                    409: gettext_lazy("The ticket is not completed yet, or the survey was answered"),
                },
            ),
        },
        tags=["warga"],
        operation_id="tiket_survei_isi",
    )
    def post(self, request: Request, nomor: str) -> Response:
        tiket, aktor = _pemilik(request, nomor)
        data = request.data if hasattr(request.data, "get") else {}
        jawaban = {u: _bilangan(data.get(u)) for u in UNSUR}
        saran = data.get("saran") or ""
        if not isinstance(saran, str):
            raise DataTidakValid(rincian={"saran": [_("The suggestion must be text.")]})
        survei_isi(tiket=tiket, aktor=aktor, jawaban=jawaban, saran=saran)
        return Response(_data(tiket), status=status.HTTP_201_CREATED)
