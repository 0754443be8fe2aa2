"""The product's URLs plus `/bench/kosong/`: a bare Django view returning a small JSON body through the same
middleware, server and workers — the framework's ceiling the submission rate is compared with. Benchmark
only (benchmarks/_beban_settings.py); config/urls.py never includes it."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as urls_produk


def kosong(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/kosong/", kosong, name="bench-kosong"), *urls_produk]
