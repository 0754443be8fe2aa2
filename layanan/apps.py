from django.apps import AppConfig


class LayananConfig(AppConfig):
    name = "layanan"
    verbose_name = "Katalog layanan dan permohonan"
