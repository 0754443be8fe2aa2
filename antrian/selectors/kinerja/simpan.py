"""The metrics pages' figures kept for at most KINERJA_SIMPAN_DETIK (a minute): the refreshed materialised
summary the metrics are allowed to be (never stale by more than a minute).

At a million tikets one overview over 90 days sorts ~300,000 durations twice per distribution: about half
a second of database work on two cores, for figures that move by a handful of tikets a minute. So the
pages, the API and the exports read them through here: the first viewer of a view (the effective filters,
which include the units the viewer may see, the range and the language) computes it, everyone else gets
the stored result until it is a minute old, and `manage.py metrik_hangatkan`, run every half minute,
recomputes the default views ahead of their viewers. With KINERJA_SIMPAN_DETIK=0 nothing is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

T = TypeVar("T")


def _kanonik(nilai: Any) -> Any:
    """A stable, order-independent form of a key part (sets sorted, dataclasses as their fields)."""
    if dataclasses.is_dataclass(nilai) and not isinstance(nilai, type):
        return (type(nilai).__name__, *(_kanonik(getattr(nilai, f.name)) for f in dataclasses.fields(nilai)))
    if isinstance(nilai, frozenset | set):
        return tuple(sorted(nilai, key=repr))
    if isinstance(nilai, tuple | list):
        return tuple(_kanonik(x) for x in nilai)
    return nilai


def kunci(nama: str, *bagian: Any) -> str:
    isi = repr((nama, translation.get_language(), _kanonik(bagian)))
    return "kinerja:" + hashlib.sha256(isi.encode()).hexdigest()


def tersimpan(nama: str, bagian: tuple[Any, ...], hitung: Callable[[], T], *, perbarui: bool = False) -> T:
    """The stored result of `hitung` for this key if younger than KINERJA_SIMPAN_DETIK, else computed now
    (and stored). `perbarui`: compute and store regardless (the warm-up job).

    The age is checked here against the time it was computed, not left to the cache's expiry alone: the
    guarantee "never older than a minute" then holds whatever the cache backend's clock does."""
    detik = settings.KINERJA_SIMPAN_DETIK
    if detik <= 0:
        return hitung()
    nama_kunci = kunci(nama, *bagian)
    if not perbarui:
        ada = cache.get(nama_kunci)
        if ada is not None:
            dihitung_pada, hasil_lama = ada
            if timezone.now() - dihitung_pada <= dt.timedelta(seconds=detik):
                return hasil_lama  # type: ignore[no-any-return]
    dihitung_pada = timezone.now()
    hasil = hitung()
    cache.set(nama_kunci, (dihitung_pada, hasil), timeout=detik)
    return hasil
