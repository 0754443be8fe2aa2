from django.apps import AppConfig


class KeluhanConfig(AppConfig):
    name = "keluhan"
    verbose_name = "Keluhan warga"
