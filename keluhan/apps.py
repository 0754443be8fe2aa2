from __future__ import annotations

from django.apps import AppConfig


class KeluhanConfig(AppConfig):
    name = "keluhan"
    verbose_name = "Keluhan warga"

    def ready(self) -> None:
        from antrian import rincian
        from antrian.models import JenisTiket
        from keluhan.rincian import rincian_keluhan

        rincian.daftarkan(JenisTiket.KELUHAN.value, rincian_keluhan)
