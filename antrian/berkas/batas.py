"""The size of a whole request, refused before Django reads the body.

Django spools every uploaded file to disk before any view can look at it; without a limit a client could
make it write gigabytes. nginx caps bodies in docker/, and this middleware caps them wherever the portal
runs: a request whose declared length exceeds every file limit together (plus room for the form fields)
gets 413 at once. A body without Content-Length is read by Django as empty.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

_MB = 1024 * 1024
# Form fields, multipart boundaries and headers of each part, beside the files themselves.
_RUANG_FORMULIR = 1 * _MB


def batas_permintaan() -> int:
    return settings.UNGGAHAN_MAKS_TOTAL_MB * _MB + _RUANG_FORMULIR


class BatasUnggahanMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            panjang = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            panjang = 0
        if panjang > batas_permintaan():
            return _terlalu_besar(request)
        return self.get_response(request)


def _terlalu_besar(request: HttpRequest) -> HttpResponse:
    pesan = _("The request is too large: files together may be at most %(mb)s MB.") % {
        "mb": settings.UNGGAHAN_MAKS_TOTAL_MB
    }
    if request.path.startswith("/open311/"):
        respons: HttpResponse = JsonResponse([{"code": 413, "description": pesan}], safe=False, status=413)
    elif request.path.startswith("/api/"):
        respons = JsonResponse(
            {"galat": {"kode": "permintaan_terlalu_besar", "pesan": pesan, "rincian": {}}}, status=413
        )
    else:
        respons = HttpResponse(pesan, content_type="text/plain; charset=utf-8", status=413)
    # No "Connection: close" here: WSGI forbids hop-by-hop headers from the application; the server
    # (gunicorn, nginx in front) closes a connection whose body was not read.
    return respons
