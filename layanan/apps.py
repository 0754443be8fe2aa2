from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayananConfig(AppConfig):
    name = "layanan"
    verbose_name = _("Service catalogue and requests")

    def ready(self) -> None:
        from antrian import rincian
        from antrian.models import JenisTiket
        from layanan.rincian import rincian_permohonan

        rincian.daftarkan(JenisTiket.PERMOHONAN, rincian_permohonan)
        rincian.daftarkan_katalog("layanan", _katalog)


def _katalog() -> list[tuple[str, str, int]]:
    from layanan.models import JenisLayanan

    return [
        (f"layanan:{pk}", nama, unit_id)
        for pk, nama, unit_id in JenisLayanan.objects.values_list("pk", "nama", "unit_id")
    ]
