"""Account API: register, get a token, read one's own profile."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from portal import selectors, services
from portal.models import Pengguna
from portal.serializers import DaftarInput, ProfilOutput, TokenInput, TokenOutput


class _ApiAkun(APIView):
    # Token first so an anonymous caller gets 401 with WWW-Authenticate, not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


class BatasMasuk(AnonRateThrottle):
    """Password guessing: a handful of attempts per minute per address."""

    scope = "masuk"
    rate = "10/minute"


class DaftarApi(_ApiAkun):
    authentication_classes: list[type] = []  # registering needs no session, so no CSRF either

    @extend_schema(
        summary=_("Register a citizen account"),
        request=DaftarInput,
        responses={
            201: ProfilOutput,
            400: OpenApiResponse(description=_("Invalid data or already registered")),
        },
        tags=["akun"],
        operation_id="akun_daftar",
    )
    def post(self, request: Request) -> Response:
        masukan = DaftarInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        pengguna = services.pengguna_daftar(**masukan.validated_data)
        return Response(
            ProfilOutput(selectors.profil_pengguna(pengguna=pengguna)).data, status=status.HTTP_201_CREATED
        )


class TokenApi(_ApiAkun):
    authentication_classes: list[type] = []
    throttle_classes = [BatasMasuk]

    @extend_schema(
        summary=_("Log in and get an API token"),
        request=TokenInput,
        responses={200: TokenOutput, 400: OpenApiResponse(description=_("Wrong email/phone or password"))},
        tags=["akun"],
        operation_id="akun_token",
    )
    def post(self, request: Request) -> Response:
        masukan = TokenInput(data=request.data)
        masukan.is_valid(raise_exception=True)
        token = services.token_masuk(
            request=request._request,
            identitas=masukan.validated_data["identitas"],
            password=masukan.validated_data["password"],
        )
        return Response(TokenOutput({"token": token.key}).data)


class SayaApi(_ApiAkun):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary=_("My profile"), responses=ProfilOutput, tags=["akun"], operation_id="akun_saya")
    def get(self, request: Request) -> Response:
        pengguna = request.user
        assert isinstance(pengguna, Pengguna)  # IsAuthenticated let only a real account through
        return Response(ProfilOutput(selectors.profil_pengguna(pengguna=pengguna)).data)
