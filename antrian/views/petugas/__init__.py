"""The officer's workspace: the live queue (antrian.py), one tiket with its timeline and actions
(tiket.py), "my work"; what they share is in _umum.py.

Thin views: a Django form parses the input, one service or selector does the work, the page renders.
Domain errors become answers a person can read with the right status: a form re-rendered with inline
errors (400), the friendly 403 page, 404, or the page again with a message (409). Every form works with
JavaScript off; with it, parts of the pages follow the live streams (/ws/petugas/, /ws/tiket/<nomor>/).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from antrian.views.petugas.antrian import (
    antrian,
    bagian_antrian,
    bagian_kerja_saya,
    kerja_saya,
    klaim_berikutnya,
    massal,
)
from antrian.views.petugas.tiket import aksi_tiket, bagian_tiket, tanggapan, templat, tiket

urlpatterns: list[URLPattern] = [
    path("petugas/", antrian, name="petugas-antrian"),
    path("petugas/bagian/antrian/", bagian_antrian, name="petugas-bagian-antrian"),
    path("petugas/klaim/", klaim_berikutnya, name="petugas-klaim"),
    path("petugas/massal/", massal, name="petugas-massal"),
    path("petugas/kerja-saya/", kerja_saya, name="petugas-kerja-saya"),
    path("petugas/bagian/kerja-saya/", bagian_kerja_saya, name="petugas-bagian-kerja-saya"),
    path("petugas/tiket/<str:nomor>/", tiket, name="petugas-tiket"),
    path("petugas/tiket/<str:nomor>/bagian/", bagian_tiket, name="petugas-bagian-tiket"),
    path("petugas/tiket/<str:nomor>/tanggapan/", tanggapan, name="petugas-tanggapan"),
    path("petugas/tiket/<str:nomor>/templat/", templat, name="petugas-templat"),
    path("petugas/tiket/<str:nomor>/aksi/<str:aksi>/", aksi_tiket, name="petugas-aksi"),
]
