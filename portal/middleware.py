"""Middleware of the portal: the page language, and security headers.

The portal speaks Bahasa Indonesia unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English would get an
English portal although the service is Indonesian. Here only an explicit choice counts: the language
cookie (set by Django's `set_language` view), else settings.LANGUAGE_CODE.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
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


class HeaderKeamananMiddleware:
    """Security headers Django has no setting for, and the one exception to the strict CSP.

    Permissions-Policy (settings.PERMISSIONS_POLICY) switches off browser features the portal never uses,
    so a script that got in anyway cannot reach the camera or microphone.

    The 500 page is rendered with no request, context or static files (any of them may be what failed), so
    its styles are inline: its responses allow exactly that `<style>` block by its hash, nothing else.
    Placed after csp.middleware.CSPMiddleware, so the policy is written after this adjusts it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.kebijakan_fitur = settings.PERMISSIONS_POLICY
        self.hash_gaya_500 = hash_gaya_sebaris("500.html")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        respons = self.get_response(request)
        if self.kebijakan_fitur:
            respons.headers.setdefault("Permissions-Policy", self.kebijakan_fitur)
        if respons.status_code == 500 and self.hash_gaya_500:
            respons._csp_update = {"style-src": [self.hash_gaya_500]}  # type: ignore[attr-defined]
        return respons


def hash_gaya_sebaris(nama_template: str) -> str:
    """The CSP source ('sha256-...') of a template's one inline <style> block; empty without one."""
    sumber = loader.get_template(nama_template).template.source  # type: ignore[attr-defined]
    cocok = re.search(r"<style>(.*?)</style>", sumber, re.DOTALL)
    if not cocok:
        return ""
    intisari = base64.b64encode(hashlib.sha256(cocok.group(1).encode()).digest()).decode()
    return f"'sha256-{intisari}'"
