"""Giving out the work: claim the next tiket of the queue, and the officers of a unit with their load."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from antrian import selectors, services
from antrian.api._dasar import ApiDasar
from antrian.api_umum import aktor_dari, galat_standar
from antrian.beban import petugas_unit_untuk
from antrian.serializers import DetailTiketOutput, KlaimInput, PetugasUnitOutput, detail_data


class KlaimApi(ApiDasar):
    """Take the next waiting tiket of your claiming units (or of one unit), in queue order."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Claim the next ticket in the queue"),
        request={"application/json": KlaimInput, "multipart/form-data": KlaimInput},
        responses={
            200: DetailTiketOutput,
            **galat_standar(
                400,
                401,
                403,
                404,
                415,
                keterangan={
                    400: _("You are inactive or your capacity is full; unknown unit"),
                    403: _("Not an officer, or the unit does not let officers claim"),
                    404: _("No ticket is waiting in the queue"),
                },
            ),
        },
        tags=["antrian"],
        operation_id="antrian_klaim",
    )
    def post(self, request: Request) -> Response:
        masukan = KlaimInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        aktor = aktor_dari(request)
        kode = masukan.validated_data.get("unit")
        unit = selectors.unit_berdasarkan_kode(kode) if kode else None
        tiket = services.tiket_klaim_berikutnya(aktor=aktor, unit=unit)
        return Response(detail_data(selectors.detail_tiket(tiket=selectors.tiket_segar(tiket), aktor=aktor)))


class PetugasUnitApi(ApiDasar):
    """The unit's officers and supervisors with their open workload, for choosing whom to assign."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Officers of a unit and their workload"),
        responses={
            200: PetugasUnitOutput(many=True),
            **galat_standar(
                401,
                403,
                404,
                keterangan={
                    403: _("Only for officers and managers"),
                    404: _("Unknown unit, or not one of yours"),
                },
            ),
        },
        tags=["antrian"],
        operation_id="unit_petugas_daftar",
    )
    def get(self, request: Request, kode: str) -> Response:
        anggota = petugas_unit_untuk(aktor=aktor_dari(request), kode=kode)
        return Response(PetugasUnitOutput(anggota, many=True).data)
