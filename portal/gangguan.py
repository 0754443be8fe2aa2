"""503 with a message, never a stack trace, while the database (or Redis, or the broker) is unreachable.

During a PostgreSQL restart every query fails with `OperationalError` ("connection refused", "the database
system is starting up", "terminating connection due to administrator command") or `InterfaceError`
("connection already closed"). Those are not bugs of the request: they are an outage that ends by itself,
so the answer is 503 with `Retry-After` — the house JSON error for the API, Open311's error list for
Open311, a short Indonesian page for the rest — and a warning in the log instead of an error report.

Where the failure happens decides how it is caught:

- in a view (the common case, DRF views included: the API's handler leaves these exceptions alone), by
  `process_exception`;
- in another middleware (the session saved after the view, the user loaded lazily), Django turns it into
  a 500 right there, inside the chain; `got_request_exception` tells this module which exception that was,
  and the 500 is replaced by the 503 on its way out. Hence this middleware sits near the top of the chain.

Nothing here touches the database, the session or a template: any of them may be what failed. After the
outage the next request reconnects by itself (`CONN_HEALTH_CHECKS`), so the web processes never need a
restart.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import redis
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as GalatBroker

log = logging.getLogger(__name__)

# Outages: the database, Redis used directly, the Celery broker used from a request.
GALAT_GANGGUAN: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    GalatBroker,
)
ATRIBUT = "_sigap_gangguan"


def gangguan(exc: BaseException | None) -> bool:
    return isinstance(exc, GALAT_GANGGUAN)


def _tandai(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent by Django inside its `except` block, before it builds the 500: the exception is the current one.
    exc = sys.exc_info()[1]
    if request is not None and gangguan(exc):
        setattr(request, ATRIBUT, exc)


got_request_exception.connect(_tandai, dispatch_uid="portal.gangguan")


class GangguanMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        respons = self.get_response(request)
        exc = getattr(request, ATRIBUT, None)
        if exc is not None and respons.status_code == 500:
            return respons_gangguan(request, exc)
        return respons

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if gangguan(exception):
            return respons_gangguan(request, exception)
        return None


def respons_gangguan(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 for `request`, in the form its caller reads."""
    log.warning(
        "Layanan pendukung tidak terjangkau saat %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        str(exc).strip().splitlines()[0] if str(exc).strip() else "",
    )
    path = request.path
    if path.startswith("/api/"):
        isi = {
            "galat": {
                "kode": "layanan_tidak_tersedia",
                "pesan": _("The service is temporarily unavailable. Please try again shortly."),
                "rincian": {},
            }
        }
        respons = HttpResponse(json.dumps(isi), content_type="application/json", status=503)
    elif path.startswith("/open311/"):
        respons = _open311(path)
    else:
        respons = HttpResponse(_halaman(), content_type="text/html; charset=utf-8", status=503)
        # The page's one inline <style> block, allowed by its hash when CSPMiddleware writes the policy.
        respons._csp_update = {"style-src": [_HASH_GAYA]}  # type: ignore[attr-defined]
    respons["Retry-After"] = str(settings.GANGGUAN_COBA_LAGI_DETIK)
    respons["Cache-Control"] = "no-store"
    # Logged above as the warning it is: Django would add an ERROR line for every 5xx of the outage.
    respons._has_been_logged = True  # type: ignore[attr-defined]
    return respons


def _open311(path: str) -> HttpResponse:
    # GeoReport v2 errors: a list of {code, description}, in the format the path asked for.
    pesan = _("The service is temporarily unavailable. Please try again shortly.")
    if path.endswith(".xml"):
        isi = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>503</code>'
            f"<description>{escape(pesan)}</description></error></errors>"
        )
        return HttpResponse(isi, content_type="text/xml; charset=utf-8", status=503)
    return HttpResponse(
        json.dumps([{"code": 503, "description": pesan}]), content_type="application/json", status=503
    )


_GAYA = (
    "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b232c;background:#f5f7fa}"
    "header{background:#0b4f8a;color:#fff;padding:.75rem 1rem;font-weight:700}"
    "main{max-width:44rem;margin:0 auto;padding:1rem}"
    ".kartu{background:#fff;border:1px solid #c9d1da;border-radius:.5rem;padding:1rem}"
    "h1{font-size:1.5rem;margin:.25rem 0 1rem}"
)


_HASH_GAYA = f"'sha256-{base64.b64encode(hashlib.sha256(_GAYA.encode()).digest()).decode()}'"


def _halaman() -> str:
    """A self-contained page: no template, context processor or static file (each may need what failed)."""
    bahasa = escape(get_language() or settings.LANGUAGE_CODE)
    judul = escape(_("Service temporarily unavailable"))
    paragraf = [
        _("The portal cannot reach its data right now. Please try again in a minute."),
        _(
            "If you were sending a form, check “My tickets” or the tracking page before sending it again: "
            "it may have been received."
        ),
    ]
    badan = "".join(f"<p>{escape(p)}</p>" for p in paragraf)
    return (
        f'<!doctype html><html lang="{bahasa}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{judul} · SIGAP Tubei</title><style>{_GAYA}</style></head><body>"
        f'<header>SIGAP Tubei</header><main><div class="kartu"><p>{escape(_("Error 503"))}</p>'
        f"<h1>{judul}</h1>{badan}</div></main></body></html>"
    )
