"""The metrics pages: /dasbor/kinerja/ for supervisors and managers (halaman.py), the tikets behind a
figure (tiket.py) and the officer's own page /petugas/kinerja/ (saya.py). Figures come only from
`antrian.selectors.kinerja`; what the views share is in _umum.py.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from antrian.views.kinerja.halaman import kinerja
from antrian.views.kinerja.saya import kinerja_saya
from antrian.views.kinerja.tiket import tiket_kinerja

urlpatterns: list[URLPattern] = [
    path("dasbor/kinerja/", kinerja, name="kinerja"),
    path("dasbor/kinerja/tiket/", tiket_kinerja, name="kinerja_tiket"),
    path("petugas/kinerja/", kinerja_saya, name="kinerja_saya"),
]
