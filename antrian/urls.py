"""Staff page URLs; each area keeps its own list next to its views."""

from __future__ import annotations

from antrian.views.dasbor import urlpatterns as urls_dasbor
from antrian.views.ekspor import urlpatterns as urls_ekspor
from antrian.views.kinerja import urlpatterns as urls_kinerja
from antrian.views.petugas import urlpatterns as urls_petugas

app_name = "antrian"

urlpatterns = [*urls_petugas, *urls_dasbor, *urls_kinerja, *urls_ekspor]
