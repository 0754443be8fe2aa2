"""What every tiket view shares: authentication order, the guest's token, the visibility gate."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.views import APIView

from antrian import selectors
from antrian.api_umum import aktor_dari
from antrian.izin import Aktor
from antrian.models import Tiket
from portal import batas

HEADER_TOKEN = "X-Token-Lacak"  # noqa: S105 (a header name, not a secret)

PARAM_TOKEN = OpenApiParameter(
    HEADER_TOKEN,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_("The ticket's secret tracking token (for guests without an account)."),
)
PARAM_TOKEN_QUERY = OpenApiParameter(
    "token",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description=_("The tracking token from the tracking link (GET only); same as the X-Token-Lacak header."),
)
PARAM_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_("The ticket version you saw; 409 perubahan_bersamaan if the ticket has changed since."),
)


def param_id(nama: str) -> OpenApiParameter:
    """A path id behind Django's `<int:...>` converter, which matches digits only: anything else (a minus
    sign) never reaches the API, so the schema must not offer it."""
    return OpenApiParameter(nama, {"type": "integer", "minimum": 0}, OpenApiParameter.PATH)


class ApiDasar(APIView):
    # Token first: its WWW-Authenticate header is what turns "not logged in" into 401 instead of 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


def token_dari(request: Request) -> str | None:
    """The guest's token: the header, or `?token=` from the tracking link on safe requests only, so a
    token in a URL can never be used to change anything."""
    token = request.headers.get(HEADER_TOKEN)
    if not token and request.method in ("GET", "HEAD"):
        token = request.query_params.get("token")
    return (token or "").strip() or None


def tiket_dan_aktor(request: Request, nomor: str) -> tuple[Tiket, Aktor]:
    aktor, token = aktor_dari(request), token_dari(request)
    if token is None or request.user.is_authenticated:
        return selectors.tiket_untuk(aktor=aktor, nomor=nomor, token=token)
    # A guest's number + token is a guess until it matches: counted as the tracking page counts it
    # (portal.batas), so the API is no side door around the page's limit.
    try:
        with batas.pencarian_tiket(request):
            return selectors.tiket_untuk(aktor=aktor, nomor=nomor, token=token)
    except batas.Ditolak as exc:
        raise batas.TerlaluSering(exc) from exc
