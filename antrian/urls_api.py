"""API v1 of the tiket lifecycle: the queue, the citizen's list, a tiket's detail and one URL per action."""

from __future__ import annotations

from django.urls import path

from antrian.api.aksi import VIEW_AKSI
from antrian.api.antrian import KlaimApi, PetugasUnitApi
from antrian.api.baca import AntrianApi, LampiranUnduhApi, TiketDetailApi, TiketSayaApi
from antrian.api.kinerja import urlpatterns as urls_kinerja
from antrian.api.notifikasi import NotifikasiDaftarApi, NotifikasiDibacaApi
from antrian.api.survei import SurveiTiketApi

app_name = "antrian_api"

urlpatterns = [
    path("antrian/", AntrianApi.as_view(), name="antrian"),
    path("antrian/klaim/", KlaimApi.as_view(), name="antrian-klaim"),
    path("unit/<str:kode>/petugas/", PetugasUnitApi.as_view(), name="unit-petugas"),
    path("tiket-saya/", TiketSayaApi.as_view(), name="tiket-saya"),
    path("notifikasi/", NotifikasiDaftarApi.as_view(), name="notifikasi"),
    path("notifikasi/<int:notifikasi_id>/dibaca/", NotifikasiDibacaApi.as_view(), name="notifikasi-dibaca"),
    path("tiket/<str:nomor>/", TiketDetailApi.as_view(), name="tiket-detail"),
    path("tiket/<str:nomor>/lampiran/<int:lampiran_id>/", LampiranUnduhApi.as_view(), name="tiket-lampiran"),
    path("tiket/<str:nomor>/survei/", SurveiTiketApi.as_view(), name="tiket-survei"),
    *[
        path(f"tiket/<str:nomor>/{nama}/", view.as_view(), name=f"tiket-{nama}")
        for nama, view in VIEW_AKSI.items()
    ],
    *urls_kinerja,
]
