"""API plumbing shared by every app: the one exception handler, pagination, the actor of a request."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions as drf_exc
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from antrian.exceptions import KesalahanDomain
from antrian.izin import Aktor
from antrian.models.catatan import LogTidakBolehDiubah

log = logging.getLogger(__name__)


def galat(kode: str, pesan: Any, status_http: int, rincian: dict[str, Any] | None = None) -> Response:
    return Response(
        {"galat": {"kode": kode, "pesan": str(pesan), "rincian": rincian or {}}}, status=status_http
    )


def _rincian_drf(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            k: _rincian_drf(v)
            if isinstance(v, dict)
            else [str(x) for x in v]
            if isinstance(v, list)
            else [str(v)]
            for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(x) for x in detail]}
    return {}


def penangan_galat(exc: Exception, context: dict[str, Any]) -> Response | None:
    """validation -> 400, authentication -> 401, permission -> 403, not found -> 404,
    transition not allowed or concurrent change -> 409. Always structured JSON, messages translated."""
    if isinstance(exc, KesalahanDomain):
        return galat(exc.kode, exc.pesan, exc.status_http, exc.rincian)
    if isinstance(exc, TransitionNotAllowed):
        return galat(
            "transisi_tidak_sah", _("This action is not possible in the ticket's current status."), 409
        )
    if isinstance(exc, LogTidakBolehDiubah):
        return galat("log_tidak_dapat_diubah", _("The event log can only be appended to."), 409)
    if isinstance(exc, DjangoValidationError):
        rincian = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return galat("data_tidak_valid", _("The submitted data is not valid."), 400, rincian)
    if isinstance(exc, Http404):
        return galat("tidak_ditemukan", _("Data not found."), 404)
    if isinstance(exc, PermissionDenied):
        return galat("tidak_diizinkan", _("You are not authorised to perform this action."), 403)

    respons = exception_handler(exc, context)
    if respons is None:
        return None
    if isinstance(exc, drf_exc.ValidationError):
        return galat("data_tidak_valid", _("The submitted data is not valid."), 400, _rincian_drf(exc.detail))
    if isinstance(exc, drf_exc.Throttled) and getattr(exc, "wait", None) is not None:
        # A rate limit (portal.batas): the wait in the body as well as in Retry-After.
        detik = max(1, math.ceil(exc.wait))  # type: ignore[attr-defined]
        pesan = _("Too many requests. Try again in %(detik)d seconds.") % {"detik": detik}
        hasil = galat("terlalu_sering", pesan, 429, {"coba_lagi_detik": [str(detik)]})
        hasil["Retry-After"] = str(detik)
        return hasil
    peta = {
        drf_exc.NotAuthenticated: ("belum_masuk", _("Please log in first.")),
        drf_exc.AuthenticationFailed: ("autentikasi_gagal", _("Authentication failed.")),
        drf_exc.PermissionDenied: ("tidak_diizinkan", _("You are not authorised to perform this action.")),
        drf_exc.NotFound: ("tidak_ditemukan", _("Data not found.")),
        drf_exc.MethodNotAllowed: ("metode_tidak_diizinkan", _("HTTP method not allowed.")),
        drf_exc.NotAcceptable: (
            "format_tidak_didukung",
            _("The requested response format is not supported."),
        ),
        drf_exc.UnsupportedMediaType: (
            "tipe_konten_tidak_didukung",
            _("The request's content type is not supported."),
        ),
        drf_exc.Throttled: ("terlalu_sering", _("Too many requests. Try again later.")),
        drf_exc.ParseError: ("permintaan_rusak", _("The request body cannot be read.")),
    }
    for kelas, (kode, pesan) in peta.items():
        if isinstance(exc, kelas):
            hasil = galat(kode, pesan, respons.status_code)
            for header in ("WWW-Authenticate", "Retry-After", "Allow"):
                if header in respons:
                    hasil[header] = respons[header]
            return hasil
    return galat("kesalahan", _("The request cannot be processed."), respons.status_code)


class Paginasi(PageNumberPagination):
    page_size = 25
    page_size_query_param = "ukuran"
    max_page_size = 100
    page_query_param = "halaman"


def aktor_dari(request: Request) -> Aktor:
    """The actor of this request, built once and kept on the request."""
    return Aktor.dari_permintaan(request)


def versi_dari(request: Request) -> int | None:
    """The tiket version the client saw, from `If-Match` or a `versi` field; absent means 'do not check'."""
    nilai = request.headers.get("If-Match") or (
        request.data.get("versi") if hasattr(request.data, "get") else None
    )
    if nilai in (None, ""):
        return None
    try:
        return int(str(nilai).strip('"W/ '))
    except ValueError as exc:
        raise drf_exc.ValidationError({"versi": [_("The version must be an integer.")]}) from exc


STATUS_DIBUAT = status.HTTP_201_CREATED

# --- the error responses in the OpenAPI schema ---------------------------------------------------------

# What each error status means in this API, said once; an operation may say it more precisely.
KETERANGAN_GALAT: dict[int, str | Promise] = {
    400: gettext_lazy("Invalid data; `rincian` names each field and what is wrong with it."),
    401: gettext_lazy("Not logged in, or the token is not valid."),
    403: gettext_lazy("You are not authorised to perform this action."),
    404: gettext_lazy("Not found, or you are not allowed to see it."),
    409: gettext_lazy("The ticket's status does not allow it, or it has changed since you read it."),
    415: gettext_lazy("The request's content type is not supported."),
    429: gettext_lazy("Too many requests; try again after the seconds in the Retry-After header."),
}


# The response header every 429 carries (add it to the operation's `parameters`).
HEADER_COBA_LAGI = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    required=True,
    response=[429],
    description=gettext_lazy("Seconds to wait before trying again."),
)


def galat_standar(
    *kode: int, keterangan: Mapping[int, str | Promise] | None = None
) -> dict[int, OpenApiResponse]:
    """The `responses` entries of the given error statuses for `extend_schema`, each with the house error
    body (`GalatOutput`, what `penangan_galat` sends): `{**galat_standar(400, 404), 200: ...}`.
    `keterangan` overrides the general description of a status for this operation."""
    # Imported here: antrian.serializers imports the selectors, which must not load with this module.
    from antrian.serializers import GalatOutput

    lain = keterangan or {}
    return {k: OpenApiResponse(GalatOutput, description=lain.get(k, KETERANGAN_GALAT[k])) for k in kode}
