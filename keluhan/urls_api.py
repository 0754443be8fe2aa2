from __future__ import annotations

from django.urls import path

from keluhan import api

urlpatterns = [
    path("kategori-keluhan/", api.KategoriKeluhanListApi.as_view(), name="kategori-keluhan-list"),
    path("keluhan/", api.KeluhanAjukanApi.as_view(), name="keluhan-ajukan"),
]
