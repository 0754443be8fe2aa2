"""The metrics API: the same figures as the metrics pages and exports, read from the one selector module.

Supervisors see the units they supervise, managers every unit (`kinerja.unit_terlihat`); officers only
their own figures (`kinerja/saya/`). Bad parameters answer 400, a unit one may not see 403, a unit that
does not exist 404, all in the house error shape.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from antrian.api._dasar import ApiDasar
from antrian.api.kinerja.serializers import (
    UKURAN_PILIHAN,
    KinerjaDaftarOutput,
    KinerjaPetugasOutput,
    KinerjaSayaOutput,
    KinerjaSkmOutput,
    KinerjaTrenOutput,
    KinerjaUnitOutput,
    TiketKinerjaOutput,
)
from antrian.api_umum import aktor_dari, galat_standar
from antrian.ekspor import Permintaan, baca_permintaan, baris_tiket
from antrian.exceptions import DataTidakValid
from antrian.izin import Aktor
from antrian.models import JenisTiket, Tiket
from antrian.selectors import kinerja
from antrian.selectors.kinerja import BarisKinerja, Rentang


def _param(nama: str, tipe: Any, keterangan: Any, **lain: Any) -> OpenApiParameter:
    return OpenApiParameter(nama, tipe, OpenApiParameter.QUERY, description=keterangan, **lain)


PARAM_RENTANG = [
    _param(
        "dari", OpenApiTypes.DATE, gettext_lazy("First day (YYYY-MM-DD); default 90 days before `sampai`.")
    ),
    _param("sampai", OpenApiTypes.DATE, gettext_lazy("Last day (YYYY-MM-DD), inclusive; default today.")),
]
PARAM_UNIT = _param("unit", OpenApiTypes.STR, gettext_lazy("Unit code or id."))
PARAM_SARINGAN = [
    *PARAM_RENTANG,
    PARAM_UNIT,
    _param("layanan", OpenApiTypes.STR, gettext_lazy('Service key, "layanan:<id>" or "keluhan:<id>".')),
    _param("jenis", OpenApiTypes.STR, gettext_lazy("Ticket type."), enum=JenisTiket.values),
]
_KETERANGAN = {
    400: gettext_lazy("Invalid parameters (date, range, service, type)."),
    401: gettext_lazy("Not logged in."),
    403: gettext_lazy("Only supervisors (their units) and managers."),
    404: gettext_lazy("Unknown unit."),
}
GALAT = galat_standar(400, 401, 403, 404, keterangan=_KETERANGAN)


def baris_api(b: BarisKinerja) -> dict[str, Any]:
    return {**b.sebagai_dict(), "skm_disembunyikan": b.skm_disembunyikan}


def _lihat(request: Request, *, dengan_petugas: bool = False) -> tuple[Aktor, Permintaan]:
    """The viewer (403 unless supervisor or manager, before any parameter is read) and the parameters."""
    aktor = aktor_dari(request)
    kinerja.unit_terlihat(aktor)
    return aktor, baca_permintaan(request.query_params, dengan_petugas=dengan_petugas)


def _unit_wajib(p: Permintaan) -> int:
    if p.unit is None:
        raise DataTidakValid(rincian={"unit": [_("Choose a unit (its code or id).")]})
    return p.unit.pk


class _KinerjaApi(ApiDasar):
    permission_classes = [IsAuthenticated]


class KinerjaUnitApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("Performance per unit, with the total"),
        parameters=PARAM_SARINGAN,
        responses={200: KinerjaUnitOutput, **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_unit",
    )
    def get(self, request: Request) -> Response:
        aktor, p = _lihat(request)
        baris, total = kinerja.ikhtisar_unit(aktor=aktor, rentang=p.rentang, saringan=p.saringan, simpan=True)
        if total is None:  # asked for with the total; never None, but the type allows it
            total = kinerja.kinerja_total(aktor=aktor, rentang=p.rentang, saringan=p.saringan)
        data = {"rentang": p.rentang, "baris": [baris_api(b) for b in baris], "total": baris_api(total)}
        return Response(KinerjaUnitOutput(data).data)


class KinerjaPetugasApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("Performance per officer of a unit"),
        parameters=PARAM_SARINGAN,
        responses={200: KinerjaPetugasOutput, **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_petugas",
    )
    def get(self, request: Request) -> Response:
        aktor, p = _lihat(request)
        unit_id = _unit_wajib(p)
        baris = kinerja.kinerja_petugas(
            aktor=aktor, rentang=p.rentang, unit_id=unit_id, saringan=p.saringan, simpan=True
        )
        data = {"rentang": p.rentang, "unit": p.unit, "baris": [baris_api(b) for b in baris]}
        return Response(KinerjaPetugasOutput(data).data)


class KinerjaLayananApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("Performance per service and complaint category"),
        parameters=PARAM_SARINGAN,
        responses={200: KinerjaDaftarOutput, **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_layanan",
    )
    def get(self, request: Request) -> Response:
        aktor, p = _lihat(request)
        baris = kinerja.kinerja_layanan(aktor=aktor, rentang=p.rentang, saringan=p.saringan, simpan=True)
        return Response(
            KinerjaDaftarOutput({"rentang": p.rentang, "baris": [baris_api(b) for b in baris]}).data
        )


class KinerjaTrenApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("Weekly trend: submitted, resolved, on time, overdue, SLA compliance"),
        parameters=PARAM_SARINGAN,
        responses={200: KinerjaTrenOutput, **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_tren",
    )
    def get(self, request: Request) -> Response:
        aktor, p = _lihat(request)
        titik = kinerja.tren_mingguan(aktor=aktor, rentang=p.rentang, saringan=p.saringan, simpan=True)
        return Response(KinerjaTrenOutput({"rentang": p.rentang, "titik": titik}).data)


class KinerjaSayaApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("My own performance against my units"),
        parameters=PARAM_RENTANG,
        responses={
            200: KinerjaSayaOutput,
            **galat_standar(400, 401, 403, keterangan={**_KETERANGAN, 403: gettext_lazy("Only officers.")}),
        },
        tags=["kinerja"],
        operation_id="kinerja_saya",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        rentang = Rentang.dari_teks(params.get("dari") or None, params.get("sampai") or None)
        hasil = kinerja.kinerja_saya(aktor=aktor_dari(request), rentang=rentang)
        data = {
            "rentang": rentang,
            "saya": baris_api(hasil.saya),
            "unit": [baris_api(b) for b in hasil.unit],
            "layanan": [
                {"saya": baris_api(saya), "unit": baris_api(unit) if unit else None}
                for saya, unit in hasil.layanan
            ],
            "perhatian": [
                {"saya": baris_api(saya), "unit": baris_api(unit), "alasan": alasan}
                for saya, unit, alasan in hasil.perhatian
            ],
        }
        return Response(KinerjaSayaOutput(data).data)


class PaginasiKinerja(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class KinerjaTiketApi(generics.ListAPIView):
    """The tikets behind one figure, newest first, `limit`/`offset` pages of at most 200."""

    authentication_classes = ApiDasar.authentication_classes
    permission_classes = [IsAuthenticated]
    serializer_class = TiketKinerjaOutput
    pagination_class = PaginasiKinerja

    def get_queryset(self) -> QuerySet[Tiket]:
        aktor, p = _lihat(self.request, dengan_petugas=True)
        ukuran = (self.request.query_params.get("ukuran") or "").strip()
        return kinerja.tiket_di_balik(aktor=aktor, rentang=p.rentang, ukuran=ukuran, saringan=p.saringan)

    @extend_schema(
        summary=gettext_lazy("The tickets behind a figure"),
        parameters=[
            _param(
                "ukuran", OpenApiTypes.STR, gettext_lazy("The figure."), enum=UKURAN_PILIHAN, required=True
            ),
            *PARAM_SARINGAN,
            _param("petugas", OpenApiTypes.INT, gettext_lazy("Officer id: an officer's row.")),
        ],
        responses={200: TiketKinerjaOutput(many=True), **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_tiket",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        halaman = self.paginate_queryset(self.get_queryset())
        assert halaman is not None  # a pagination class is always set
        return self.get_paginated_response(
            TiketKinerjaOutput([baris_tiket(t) for t in halaman], many=True).data
        )


class KinerjaSkmApi(_KinerjaApi):
    @extend_schema(
        summary=gettext_lazy("Satisfaction index (SKM) per unit, service or officer"),
        parameters=[
            _param("per", OpenApiTypes.STR, gettext_lazy("Grouping."), enum=["unit", "layanan", "petugas"]),
            *PARAM_SARINGAN,
        ],
        responses={200: KinerjaSkmOutput, **GALAT},
        tags=["kinerja"],
        operation_id="kinerja_skm",
    )
    def get(self, request: Request) -> Response:
        aktor, p = _lihat(request)
        per = (request.query_params.get("per") or "unit").strip()
        baris = kinerja.skm_per(
            aktor=aktor,
            rentang=p.rentang,
            per=per,
            saringan=p.saringan,
            unit_id=_unit_wajib(p) if per == "petugas" else None,
        )
        data = {
            "rentang": p.rentang,
            "per": per,
            "baris": [
                {
                    "kunci": b.kunci,
                    "nama": b.nama,
                    "skm": b.skm.sebagai_dict() if b.skm else None,
                    "disembunyikan": b.skm_disembunyikan,
                }
                for b in baris
            ],
        }
        return Response(KinerjaSkmOutput(data).data)
