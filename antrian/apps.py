from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AntrianConfig(AppConfig):
    name = "antrian"
    verbose_name = "Antrian dan tiket"

    def ready(self) -> None:
        from antrian.peran import sinkron_grup

        post_migrate.connect(sinkron_grup, dispatch_uid="antrian.sinkron_grup")
