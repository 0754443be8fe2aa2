"""Pages of the frame itself: the answer to a form whose CSRF check failed, and "not found" (a page, or
the house JSON error under /api/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


def tidak_ditemukan(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: an address under /api/ that no route matches answers as the API does (the house JSON
    error, antrian.api_umum.penangan_galat), so a client never has to parse an HTML page; the rest get
    the 404 page."""
    if request.path.startswith("/api/"):
        isi = {"galat": {"kode": "tidak_ditemukan", "pesan": _("Data not found."), "rincian": {}}}
        return JsonResponse(isi, status=404)
    return defaults.page_not_found(request, exception or Exception())


@requires_csrf_token
def csrf_gagal(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: almost always a form left open too long or a session that changed (login,
    logout) since it was rendered. Say so, in the user's words, and offer the way back to a fresh form.
    The reason itself is for the log Django already writes, never for the page."""
    if request.headers.get("HX-Request") == "true":
        # A part of a page sent it: a whole page swapped into that part would be unreadable. Show the
        # message as a toast instead and leave the page as it is.
        respons = HttpResponse(
            format_html(
                '<div class="toast toast-galat" role="alert">{}</div>',
                _("The form has expired. Reload the page and try again."),
            ),
            status=403,
        )
        respons["HX-Retarget"] = "#toast"
        respons["HX-Reswap"] = "beforeend"
        return respons
    # Forms post to the page that shows them: a GET of the same address renders a fresh form. Only a
    # path of this site: a cross-site POST (what CSRF stops) may aim at "//elsewhere/".
    ulang = request.get_full_path() if request.method == "POST" else ""
    if not url_has_allowed_host_and_scheme(ulang, allowed_hosts=None):
        ulang = ""
    return render(
        request,
        "403_csrf.html",
        {"ulang": ulang, "tanpa_kuki": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
