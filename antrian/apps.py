from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AntrianConfig(AppConfig):
    name = "antrian"
    verbose_name = _("Queue and tickets")

    def ready(self) -> None:
        from antrian import eskalasi
        from antrian.peran import sinkron_grup

        post_migrate.connect(sinkron_grup, dispatch_uid="antrian.sinkron_grup")
        eskalasi.hubungkan_sinyal()
