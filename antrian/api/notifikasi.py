"""The caller's own notifications (escalations): list them, mark one read.

Only the recipient ever sees a notification: another person's id answers 404, exactly like one that does
not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from antrian import eskalasi
from antrian.api._dasar import ApiDasar, param_id
from antrian.api_umum import aktor_dari, galat_standar
from antrian.models import JenisNotifikasi, Notifikasi
from antrian.serializers import TeksSamar
from antrian.services.eskalasi import notifikasi_tandai_dibaca


class NotifikasiOutput(serializers.Serializer):
    class TiketOutput(serializers.Serializer):
        nomor = serializers.CharField()
        judul = TeksSamar()

    id = serializers.IntegerField()
    jenis = serializers.ChoiceField(choices=JenisNotifikasi.choices)
    jenis_label = serializers.CharField(source="get_jenis_display")
    pesan = serializers.CharField()
    tiket = TiketOutput()
    dibuat_pada = serializers.DateTimeField()
    dibaca_pada = serializers.DateTimeField(allow_null=True)


class FilterNotifikasiInput(serializers.Serializer):
    belum_dibaca = serializers.BooleanField(
        required=False, default=False, help_text=_("Only notifications not yet read.")
    )


class NotifikasiDaftarApi(generics.ListAPIView):
    """My notifications, newest first."""

    authentication_classes = ApiDasar.authentication_classes
    permission_classes = [IsAuthenticated]
    serializer_class = NotifikasiOutput

    def get_queryset(self) -> QuerySet[Notifikasi]:
        saring = FilterNotifikasiInput(data=self.request.query_params)
        saring.is_valid(raise_exception=True)
        return eskalasi.notifikasi_untuk(aktor=aktor_dari(self.request), **saring.validated_data)

    @extend_schema(
        summary=_("My notifications"),
        parameters=[FilterNotifikasiInput],
        responses={200: NotifikasiOutput(many=True), **galat_standar(400, 401, 404)},
        tags=["notifikasi"],
        operation_id="notifikasi_daftar",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NotifikasiDibacaApi(ApiDasar):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Mark a notification as read"),
        request=None,
        parameters=[param_id("notifikasi_id")],
        responses={
            200: NotifikasiOutput,
            **galat_standar(401, 404, keterangan={404: _("Not found, or not yours.")}),
        },
        tags=["notifikasi"],
        operation_id="notifikasi_dibaca",
    )
    def post(self, request: Request, notifikasi_id: int) -> Response:
        notifikasi = notifikasi_tandai_dibaca(aktor=aktor_dari(request), notifikasi_id=notifikasi_id)
        return Response(NotifikasiOutput(notifikasi).data)
