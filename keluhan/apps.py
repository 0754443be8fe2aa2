from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeluhanConfig(AppConfig):
    name = "keluhan"
    verbose_name = _("Citizen complaints")

    def ready(self) -> None:
        from antrian import rincian
        from antrian.models import JenisTiket
        from keluhan.rincian import rincian_keluhan

        rincian.daftarkan(JenisTiket.KELUHAN.value, rincian_keluhan)
        rincian.daftarkan_katalog("keluhan", _katalog)


def _katalog() -> list[tuple[str, str, int]]:
    from keluhan.models import KategoriKeluhan

    return [
        (f"keluhan:{pk}", nama, unit_id)
        for pk, nama, unit_id in KategoriKeluhan.objects.values_list("pk", "nama", "unit_default_id")
    ]
