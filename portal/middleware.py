"""The portal speaks Bahasa Indonesia unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English would get an
English portal although the service is Indonesian. Here only an explicit choice counts: the language
cookie (set by Django's `set_language` view), else settings.LANGUAGE_CODE.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class BahasaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.tersedia = {kode for kode, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pilihan = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        bahasa = pilihan if pilihan in self.tersedia else settings.LANGUAGE_CODE
        translation.activate(bahasa)
        request.LANGUAGE_CODE = bahasa  # type: ignore[attr-defined]
        respons = self.get_response(request)
        patch_vary_headers(respons, ("Cookie",))
        respons.headers.setdefault("Content-Language", bahasa)
        return respons
