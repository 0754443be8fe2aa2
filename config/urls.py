from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.middleware import hash_gaya_sebaris

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the explicit language choice
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI under the strict CSP: its init script comes as a file (?script); this page alone also
    # allows its template's one <style> block, by that block's hash.
    path(
        "api/docs/",
        csp_update({"style-src": [hash_gaya_sebaris("drf_spectacular/swagger_ui.html")]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
    path("api/v1/", include("antrian.urls_api")),
    path("api/v1/", include("layanan.urls_api")),
    path("api/v1/", include("keluhan.urls_api")),
    path("api/v1/", include("portal.urls_api")),
    path("open311/v2/", include("portal.open311.urls")),
    path("", include("portal.views.sehat")),
    path("", include("antrian.urls")),
    path("", include("portal.urls")),
]

handler404 = "frontend.views.tidak_ditemukan"

admin.site.site_header = _("SIGAP Tubei — Administration")
admin.site.site_title = "SIGAP Tubei"
if settings.DEBUG:
    admin.site.index_title = _("Administration (development mode)")
