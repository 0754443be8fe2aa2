"""The API's settings tables, for config/settings.py: Django REST framework's defaults and drf-spectacular's
schema and docs. Nothing here reads Django settings: config/settings.py passes in what each needs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def rest_framework(*, debug: bool) -> dict[str, object]:
    return {
        # Production answers JSON only: DRF's browsable pages carry inline styles the CSP refuses.
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
        + (["rest_framework.renderers.BrowsableAPIRenderer"] if debug else []),
        # Token first: its WWW-Authenticate header makes an anonymous caller get 401 rather than 403.
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.TokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "DEFAULT_PAGINATION_CLASS": "antrian.api_umum.Paginasi",
        "PAGE_SIZE": 25,
        "EXCEPTION_HANDLER": "antrian.api_umum.penangan_galat",
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "SIGAP Tubei API",
    "DESCRIPTION": _("SIGAP Tubei API v1: service catalogue, service requests, complaints, ticket queue."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, not a CDN: the docs work offline and behind a strict proxy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from validator.swagger.io: the CSP would block it and it would leak the schema's address.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
}
