"""Account API: register, get a token, read one's own profile."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from antrian.api_umum import HEADER_COBA_LAGI, galat_standar
from antrian.exceptions import DataTidakValid
from portal import batas, data_pribadi, selectors, services
from portal.batas import masuk as batas_masuk
from portal.models import Pengguna
from portal.serializers import DaftarInput, ProfilOutput, TokenInput, TokenOutput
from portal.views.data_pribadi import unduhan_json


class _ApiAkun(APIView):
    # Token first so an anonymous caller gets 401 with WWW-Authenticate, not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


class DaftarApi(_ApiAkun):
    authentication_classes: list[type] = []  # registering needs no session, so no CSRF either

    @extend_schema(
        summary=_("Register a citizen account"),
        request=DaftarInput,
        parameters=[HEADER_COBA_LAGI],
        responses={
            201: ProfilOutput,
            **galat_standar(400, 415, 429, keterangan={400: _("Invalid data or already registered")}),
        },
        tags=["akun"],
        operation_id="akun_daftar",
    )
    def post(self, request: Request) -> Response:
        masukan = DaftarInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        data = masukan.validated_data
        akun = batas.identitas_daftar(data.get("email"), data.get("telepon"))
        try:
            batas.periksa_permintaan(request, "daftar", akun=akun)
        except batas.Ditolak as exc:
            raise batas.TerlaluSering(exc) from exc
        pengguna = services.pengguna_daftar(**data)
        return Response(
            ProfilOutput(selectors.profil_pengguna(pengguna=pengguna)).data, status=status.HTTP_201_CREATED
        )


class TokenApi(_ApiAkun):
    authentication_classes: list[type] = []

    @extend_schema(
        summary=_("Log in and get an API token"),
        request=TokenInput,
        parameters=[HEADER_COBA_LAGI],
        responses={
            200: TokenOutput,
            **galat_standar(
                400,
                415,
                429,
                keterangan={
                    400: _("Wrong email/phone or password"),
                    429: _("Too many failed logins: the account or the address is locked."),
                },
            ),
        },
        tags=["akun"],
        operation_id="akun_token",
    )
    def post(self, request: Request) -> Response:
        masukan = TokenInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        # The same lock-out as the login page (portal.batas.masuk): counted per account and per address.
        try:
            percobaan = batas_masuk.mulai(request, masukan.validated_data["identitas"])
        except batas.Ditolak as exc:
            raise batas.TerlaluSering(exc) from exc
        try:
            token = services.token_masuk(
                request=request._request,
                identitas=masukan.validated_data["identitas"],
                password=masukan.validated_data["password"],
            )
        except DataTidakValid:
            percobaan.gagal()
            raise
        percobaan.berhasil()
        return Response(TokenOutput({"token": token.key}).data)


class HapusAkunInput(serializers.Serializer):
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class HapusAkunOutput(serializers.Serializer):
    tiket = serializers.IntegerField(help_text=_("Tickets kept without the identity."))
    berkas = serializers.IntegerField(help_text=_("Uploaded files deleted."))
    pesan_dibatalkan = serializers.IntegerField(help_text=_("Messages not yet sent that were cancelled."))


class SayaApi(_ApiAkun):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("My profile"),
        responses={200: ProfilOutput, **galat_standar(401)},
        tags=["akun"],
        operation_id="akun_saya",
    )
    def get(self, request: Request) -> Response:
        pengguna = request.user
        assert isinstance(pengguna, Pengguna)  # IsAuthenticated let only a real account through
        return Response(ProfilOutput(selectors.profil_pengguna(pengguna=pengguna)).data)

    @extend_schema(
        summary=_("Delete my account (UU 27/2022)"),
        description=_(
            "Removes the identity (name, email, phone, NIK) from the account and from every ticket, deletes "
            "the uploaded identity documents, the API token and the sessions. The tickets are kept. "
            "Refused with 409 while tickets are still being handled (listed in rincian.tiket_terbuka)."
        ),
        request=HapusAkunInput,
        responses={
            200: HapusAkunOutput,
            **galat_standar(
                400,
                401,
                403,
                409,
                415,
                keterangan={
                    400: _("Wrong password"),
                    403: _("Officer or administrator account"),
                    409: _("Tickets still open, or the account is already deleted"),
                },
            ),
        },
        tags=["akun"],
        operation_id="akun_hapus",
    )
    def delete(self, request: Request) -> Response:
        pengguna = request.user
        assert isinstance(pengguna, Pengguna)
        masukan = HapusAkunInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        hasil = data_pribadi.akun_hapus(pengguna=pengguna, password=masukan.validated_data["password"])
        logout(request._request)  # a session-authenticated caller is logged out at once
        return Response(HapusAkunOutput(hasil).data)


class DataSayaApi(_ApiAkun):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Download my personal data (UU 27/2022)"),
        description=_(
            "Everything the portal holds about the caller as one JSON document (streamed): the account, "
            "the tickets with their public events and replies, form answers, survey answers, messages, "
            "notifications and uploaded files with their authorised URLs."
        ),
        responses={200: OpenApiTypes.OBJECT, **galat_standar(401)},
        tags=["akun"],
        operation_id="akun_data_saya",
    )
    def get(self, request: Request) -> HttpResponseBase:
        pengguna = request.user
        assert isinstance(pengguna, Pengguna)
        return unduhan_json(pengguna)
