from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Citizen portal")

    def ready(self) -> None:
        from antrian import rincian
        from portal.open311.rincian import rincian_open311

        rincian.daftarkan_tambahan(rincian_open311, relasi=("open311__aplikasi",))
