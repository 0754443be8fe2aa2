"""A Redis cache that degrades instead of failing when Redis is unreachable.

What the cache holds here is never the only copy of anything: computed metrics, the holiday and working-hour
tables, rate-limit counters, idempotent locks of the embedded default. So when Redis is down (restarted,
network cut, paused) a request must go on without it — a miss on read, a no-op on write — rather than answer
500 for a change it could have saved, or hang on a socket. Rate limits therefore fail open while Redis is
away: refusing every citizen because a counter store is down would turn a cache outage into a portal outage.

Each failure is logged as a warning, at most once per `JEDA_LOG` seconds per process, so an outage does not
flood the log. After a failure the backend does not touch Redis again for `JEDA_PUTUS` seconds (a small
circuit breaker): with a Redis that does not answer at all, every call would otherwise wait out the socket
timeout, and a page that reads the cache five times would take five timeouts. Django makes one backend
object per thread, and under ASGI each request runs in a thread of its own, so the breaker's state is the
process's (per Redis location), not the object's.

Options in `CACHES["default"]["OPTIONS"]` (besides redis-py's own): `JEDA_PUTUS` (seconds, default 2).
Socket timeouts default to 1 s and redis-py does not retry: the breaker and the next request are the retry.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

T = TypeVar("T")

# The errors of an unreachable or unhealthy server; a bad command (ResponseError) still raises.
GALAT_SAMBUNGAN: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    OSError,
)
JEDA_LOG = 30.0


class _Keadaan:
    """One process's view of one Redis location: open until when, logged when."""

    def __init__(self) -> None:
        self.kunci = threading.Lock()
        self.putus_sampai = 0.0
        self.log_terakhir = -JEDA_LOG


_keadaan: dict[str, _Keadaan] = {}
_kunci_keadaan = threading.Lock()


def _keadaan_untuk(lokasi: str) -> _Keadaan:
    with _kunci_keadaan:
        return _keadaan.setdefault(lokasi, _Keadaan())


class _KlienSekali(RedisCacheClient):
    """Django's client builds a new `redis.Redis` on every cache call (about a tenth of a submission's CPU,
    which makes six calls for its rate limits); one per connection pool is enough: it is thread-safe."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._klien: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        indeks = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        klien = self._klien.get(indeks)
        if klien is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            klien = self._klien[indeks] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return klien


class CacheTahanGangguan(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that treats an unreachable Redis as an empty cache."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        opsi = dict(params.get("OPTIONS") or {})
        self.jeda_putus = float(opsi.pop("JEDA_PUTUS", 2.0))
        # Short timeouts: a cache that answers slower than this is no faster than computing the value.
        opsi.setdefault("socket_connect_timeout", 1.0)
        opsi.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": opsi})
        self._class = _KlienSekali
        self._keadaan = _keadaan_untuk(str(server))

    # --- the breaker -----------------------------------------------------------------------------------

    def _aman(self, operasi: str, panggil: Callable[[], T], cadangan: T) -> T:
        if time.monotonic() < self._keadaan.putus_sampai:
            return cadangan
        try:
            return panggil()
        except GALAT_SAMBUNGAN as exc:
            self._gagal(operasi, exc)
            return cadangan

    def _gagal(self, operasi: str, exc: Exception) -> None:
        sekarang = time.monotonic()
        keadaan = self._keadaan
        with keadaan.kunci:
            keadaan.putus_sampai = sekarang + self.jeda_putus
            tulis_log = sekarang - keadaan.log_terakhir >= JEDA_LOG
            if tulis_log:
                keadaan.log_terakhir = sekarang
        if tulis_log:
            log.warning(
                "Cache Redis tidak terjangkau (%s: %s: %s); dilanjutkan tanpa cache selama gangguan",
                operasi,
                type(exc).__name__,
                exc,
            )

    def tersedia(self) -> bool:
        """False while the breaker is open (a recent failure): for health pages and tests."""
        return time.monotonic() >= self._keadaan.putus_sampai

    # --- the operations: a miss on read, nothing on write ---------------------------------------------

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._aman(
            "add", lambda: super(CacheTahanGangguan, self).add(key, value, timeout, version), False
        )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._aman("get", lambda: super(CacheTahanGangguan, self).get(key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._aman("set", lambda: super(CacheTahanGangguan, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._aman(
            "touch", lambda: super(CacheTahanGangguan, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._aman("delete", lambda: super(CacheTahanGangguan, self).delete(key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._aman("get_many", lambda: super(CacheTahanGangguan, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._aman("has_key", lambda: super(CacheTahanGangguan, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As if the counter had just started: a rate limit counting with incr fails open.
        return self._aman("incr", lambda: super(CacheTahanGangguan, self).incr(key, delta, version), delta)

    def hitung_jendela(self, key: Any, timeout: int, version: int | None = None) -> int:
        """Count one hit on a fixed-window counter in one round trip: INCR, and EXPIRE when the key has no
        expiry yet (a new window), in a MULTI block. The value stays a plain integer, so `incr`/`decr`
        keep working on it. Fails open like `incr`: 1, as if the window had just started."""

        def panggil() -> int:
            kunci = self.make_and_validate_key(key, version=version)
            pipa = self._cache.get_client(kunci, write=True).pipeline(transaction=True)  # type: ignore[attr-defined]
            pipa.incr(kunci)
            pipa.expire(kunci, int(timeout), nx=True)
            return int(pipa.execute()[0])

        return self._aman("hitung_jendela", panggil, 1)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        # Django's contract: the keys that failed to be stored.
        return self._aman(
            "set_many", lambda: super(CacheTahanGangguan, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._aman("delete_many", lambda: super(CacheTahanGangguan, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._aman("clear", lambda: super(CacheTahanGangguan, self).clear(), None)
