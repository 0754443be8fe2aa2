"""The catalogue and permohonan API: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from antrian.api_umum import HEADER_COBA_LAGI, aktor_dari, galat_standar
from antrian.exceptions import DataTidakValid, TidakDitemukan
from antrian.idempoten import HEADER, jalankan_sekali, respons_pengajuan
from antrian.models import Tiket
from antrian.serializers import PengajuanOutput
from antrian.services import Kontak
from layanan import selectors, services
from layanan.serializers import (
    FilterLayananInput,
    LayananDaftarOutput,
    LayananRinciInternalOutput,
    LayananRinciOutput,
    PermohonanInput,
)
from portal.batas import BatasPengajuan

AWALAN_DOKUMEN = "dokumen."

_SKEMA_MULTIPART = {
    "type": "object",
    "required": ["layanan"],
    "properties": {
        "layanan": {"type": "string", "description": gettext_lazy("Service code.")},
        "jawaban": {
            "type": "string",
            "description": gettext_lazy("A JSON object {kode_isian: value}, as text."),
        },
        "kontak_nama": {
            "type": "string",
            "description": gettext_lazy("Required for guests (without an account)."),
        },
        "kontak_email": {"type": "string", "format": "email"},
        "kontak_telepon": {
            "type": "string",
            "description": gettext_lazy("For guests: email or phone is required."),
        },
        "prioritas": {
            "type": "integer",
            "enum": [1, 2, 3, 4],
            "description": gettext_lazy("Ignored for citizens."),
        },
    },
    # Documents: one field per requirement code, `dokumen.<kode_persyaratan>`, one or more files each.
    "additionalProperties": {"type": "array", "items": {"type": "string", "format": "binary"}},
    "description": gettext_lazy(
        "Requirement files are sent as `dokumen.<kode_persyaratan>` (PDF, JPEG, PNG, WebP)."
    ),
}


class LayananDaftarApi(generics.ListAPIView):
    """The public catalogue of active services."""

    serializer_class = LayananDaftarOutput

    def get_queryset(self) -> Any:
        saring = FilterLayananInput(data=self.request.query_params)
        saring.is_valid(raise_exception=True)
        return selectors.layanan_katalog(
            kelompok=saring.validated_data.get("kelompok"), q=saring.validated_data.get("q")
        )

    @extend_schema(
        operation_id="layanan_daftar",
        parameters=[FilterLayananInput],
        responses={200: LayananDaftarOutput(many=True), **galat_standar(400, 401, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class LayananRinciApi(APIView):
    """One service with its standard, document checklist and form. The internal part of the standard is
    included only for officers, managers and the admin."""

    @extend_schema(
        operation_id="layanan_rinci",
        # The URL takes a slug only (`<slug:kode>`): anything else never reaches this view.
        parameters=[OpenApiParameter("kode", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")],
        responses={
            200: OpenApiResponse(
                LayananRinciInternalOutput,
                description=gettext_lazy(
                    "`standar_internal` is present only for officers, managers and the admin."
                ),
            ),
            **galat_standar(401, 404),
        },
    )
    def get(self, request: Request, kode: str) -> Response:
        layanan = selectors.layanan_rinci(kode=kode)
        if selectors.boleh_lihat_standar_internal(aktor_dari(request)):
            return Response(LayananRinciInternalOutput(layanan).data)
        return Response(LayananRinciOutput(layanan).data)


def _dokumen_dari(berkas: MultiValueDict[str, UploadedFile]) -> dict[str, list[UploadedFile]]:
    """Files named `dokumen.<kode>`; any other file field is refused rather than silently dropped."""
    dokumen: dict[str, list[UploadedFile]] = {}
    galat: dict[str, list[str]] = {}
    for nama in berkas:
        if nama.startswith(AWALAN_DOKUMEN) and len(nama) > len(AWALAN_DOKUMEN):
            dokumen[nama.removeprefix(AWALAN_DOKUMEN)] = berkas.getlist(nama)
        else:
            galat[nama[:60]] = [_("Send requirement files as dokumen.<kode_persyaratan>.")]
    if galat:
        raise DataTidakValid(rincian=galat)
    return dokumen


class PermohonanAjukanApi(APIView):
    """File a permohonan, as a logged-in citizen or as a guest. An `Idempotency-Key` header makes a retry
    return the first tiket (200) instead of filing a second one."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    throttle_classes = [BatasPengajuan]  # per account and per address, shared with the HTML forms

    @extend_schema(
        operation_id="permohonan_ajukan",
        request={"multipart/form-data": _SKEMA_MULTIPART, "application/json": PermohonanInput},
        parameters=[
            OpenApiParameter(
                HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=gettext_lazy("A unique key per submission; a retry returns the first ticket."),
            ),
            HEADER_COBA_LAGI,
        ],
        responses={
            201: OpenApiResponse(PengajuanOutput, description=gettext_lazy("Service request received.")),
            200: OpenApiResponse(
                PengajuanOutput, description=gettext_lazy("A retry with the same Idempotency-Key.")
            ),
            **galat_standar(
                400,
                401,
                409,
                415,
                429,
                keterangan={409: gettext_lazy("Idempotency-Key used for a different body.")},
            ),
        },
    )
    def post(self, request: Request) -> Response:
        masukan = PermohonanInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        data = masukan.validated_data
        dokumen = _dokumen_dari(request.FILES)
        aktor = aktor_dari(request)

        def buat() -> tuple[Tiket, dict[str, Any]]:
            try:
                layanan = selectors.layanan_rinci(kode=data["layanan"])
            except TidakDitemukan as exc:
                raise DataTidakValid(
                    rincian={"layanan": [_("Service not found or not accepting requests.")]}
                ) from exc
            baru = services.permohonan_ajukan(
                layanan=layanan,
                aktor=aktor,
                jawaban=data["jawaban"],
                dokumen=dokumen,
                kontak=Kontak(
                    nama=data["kontak_nama"], email=data["kontak_email"], telepon=data["kontak_telepon"]
                ),
                prioritas=data.get("prioritas"),
            )
            return baru.tiket, respons_pengajuan(baru.tiket, baru.token_lacak)

        body, dibuat = jalankan_sekali(request, buat)
        return Response(body, status=status.HTTP_201_CREATED if dibuat else status.HTTP_200_OK)
