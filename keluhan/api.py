"""The keluhan API: the category list and filing a complaint."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from antrian.api_umum import HEADER_COBA_LAGI, STATUS_DIBUAT, aktor_dari, galat_standar
from antrian.idempoten import HEADER, jalankan_sekali, respons_pengajuan
from antrian.models import Tiket
from antrian.serializers import PengajuanOutput
from antrian.services import Kontak
from keluhan import selectors, services
from keluhan.serializers import KategoriKeluhanOutput, KeluhanInput
from portal.batas import BatasPengajuan


class KategoriKeluhanListApi(APIView):
    """Active complaint categories. A short, admin-curated list: not paginated."""

    @extend_schema(responses={200: KategoriKeluhanOutput(many=True), **galat_standar(401)}, tags=["keluhan"])
    def get(self, request: Request) -> Response:
        kategori = selectors.kategori_keluhan_aktif()
        return Response(KategoriKeluhanOutput(kategori, many=True).data)


class KeluhanAjukanApi(APIView):
    """File a complaint, as a logged-in citizen, a guest with contact details, or anonymously."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    throttle_classes = [BatasPengajuan]  # per account and per address, shared with the HTML forms

    @extend_schema(
        request={"multipart/form-data": KeluhanInput, "application/json": KeluhanInput},
        responses={
            201: PengajuanOutput,
            200: PengajuanOutput,
            **galat_standar(
                400,
                401,
                409,
                415,
                429,
                keterangan={409: _("Idempotency-Key used for a different body.")},
            ),
        },
        parameters=[
            OpenApiParameter(
                HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    _("A unique key per submission; resending with the same key creates no new ticket.")
                ),
            ),
            HEADER_COBA_LAGI,
        ],
        tags=["keluhan"],
    )
    def post(self, request: Request) -> Response:
        masukan = KeluhanInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        data = masukan.validated_data
        kategori = selectors.kategori_keluhan_dari_kode(kode=data["kategori"])
        aktor = aktor_dari(request)

        def buat() -> tuple[Tiket, dict[str, Any]]:
            baru = services.keluhan_ajukan(
                kategori=kategori,
                aktor=aktor,
                judul=data["judul"],
                isi=data["isi"],
                lintang=data["lintang"],
                bujur=data["bujur"],
                alamat=data["alamat"],
                anonim=data["anonim"],
                rahasia=data["rahasia"],
                lampiran=data["lampiran"],
                bagikan_lokasi_foto=data["bagikan_lokasi_foto"],
                kontak=Kontak(
                    nama=data["kontak_nama"], email=data["kontak_email"], telepon=data["kontak_telepon"]
                ),
            )
            return baru.tiket, respons_pengajuan(baru.tiket, baru.token_lacak)

        # An anonymous complaint's remembered key must not name the user who sent it.
        cakupan = "tamu" if data["anonim"] else None
        body, dibuat = jalankan_sekali(request, buat, cakupan=cakupan)
        return Response(body, status=STATUS_DIBUAT if dibuat else 200)
