"""Reading tikets: the officer queue, the citizen's own list, one tiket's detail, an attachment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from antrian import selectors
from antrian.api._dasar import PARAM_TOKEN, PARAM_TOKEN_QUERY, ApiDasar, param_id, tiket_dan_aktor
from antrian.api_umum import aktor_dari, galat_standar
from antrian.berkas import TIPE_DIIZINKAN, respons_lampiran
from antrian.exceptions import TidakDitemukan
from antrian.models import Tiket
from antrian.models.tiket import STATUS_SEMUA, STATUS_TERBUKA
from antrian.serializers import (
    DetailTiketOutput,
    FilterAntrianInput,
    TiketAntrianOutput,
    TiketWargaOutput,
    detail_data,
)

# A list answers 404 for a page past its end; 401 for a token that is not valid.
_GALAT_DAFTAR = galat_standar(400, 401, 403, 404)


class AntrianApi(generics.ListAPIView):
    """The work queue of the officer's units (every unit, read-only, for managers)."""

    authentication_classes = ApiDasar.authentication_classes
    permission_classes = [IsAuthenticated]
    serializer_class = TiketAntrianOutput

    def get_queryset(self) -> QuerySet[Tiket]:
        params = self.request.query_params
        mentah: dict[str, Any] = {k: params.get(k) for k in params if k != "status"}
        mentah["status"] = selectors.daftar_status(params.getlist("status"))
        saring = FilterAntrianInput(data=mentah)
        saring.is_valid(raise_exception=True)
        data = dict(saring.validated_data)
        # Open tikets unless asked otherwise, as the queue page: a unit's whole history, sorted by the
        # computed queue order, is seconds of work at a million tikets and nobody's work queue.
        status = data.get("status") or list(STATUS_TERBUKA)
        data["status"] = [] if STATUS_SEMUA in status else status
        qs = selectors.antrian_untuk_petugas(aktor=aktor_dari(self.request), **data)
        return selectors.HalamanAntrian(qs)  # type: ignore[return-value]

    @extend_schema(
        summary=_("My units' ticket queue"),
        parameters=[FilterAntrianInput],
        responses={200: TiketAntrianOutput(many=True), **_GALAT_DAFTAR},
        tags=["antrian"],
        operation_id="antrian_daftar",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TiketSayaApi(generics.ListAPIView):
    """The logged-in citizen's own tikets, newest first."""

    authentication_classes = ApiDasar.authentication_classes
    permission_classes = [IsAuthenticated]
    serializer_class = TiketWargaOutput

    def get_queryset(self) -> QuerySet[Tiket]:
        return selectors.tiket_milik_warga(aktor=aktor_dari(self.request))

    @extend_schema(
        summary=_("My tickets"),
        responses={200: TiketWargaOutput(many=True), **_GALAT_DAFTAR},
        tags=["warga"],
        operation_id="tiket_saya_daftar",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TiketDetailApi(ApiDasar):
    """One tiket with its events, replies and attachments, as the viewer may see it. There is no PUT,
    PATCH or DELETE: a tiket changes only through its action URLs and the event log only grows."""

    @extend_schema(
        summary=_("Ticket details"),
        parameters=[PARAM_TOKEN, PARAM_TOKEN_QUERY],
        responses={200: DetailTiketOutput, **galat_standar(401, 404)},
        tags=["antrian", "warga"],
        operation_id="tiket_rincian",
    )
    def get(self, request: Request, nomor: str) -> Response:
        tiket, aktor = tiket_dan_aktor(request, nomor)
        return Response(detail_data(selectors.detail_tiket(tiket=tiket, aktor=aktor)))


class _AbaikanAccept(BaseContentNegotiation):
    """A download answers with the file whatever the client accepts; errors still render as JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        pertama = next(iter(renderers))
        return pertama, pertama.media_type


class LampiranUnduhApi(ApiDasar):
    content_negotiation_class = _AbaikanAccept

    @extend_schema(
        summary=_("Download a ticket attachment"),
        parameters=[PARAM_TOKEN, PARAM_TOKEN_QUERY, param_id("lampiran_id")],
        # The file comes with the type found in its content at upload (octet-stream for anything else).
        responses={
            **{(200, tipe): OpenApiTypes.BINARY for tipe in sorted(TIPE_DIIZINKAN)},
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **galat_standar(401, 404),
        },
        tags=["antrian", "warga"],
        operation_id="tiket_lampiran_unduh",
    )
    def get(self, request: Request, nomor: str, lampiran_id: int) -> FileResponse:
        tiket, aktor = tiket_dan_aktor(request, nomor)
        lampiran = selectors.lampiran_tiket(tiket=tiket, aktor=aktor, lampiran_id=lampiran_id)
        try:
            return respons_lampiran(lampiran)  # attachment, nosniff, sandbox CSP, no-store
        except FileNotFoundError as exc:
            raise TidakDitemukan() from exc
