"""The channel layer and the cache, for config/settings.py: Redis when REDIS_URL is set, in-process
otherwise. Nothing here reads Django settings: config/settings.py passes in what each needs."""

from __future__ import annotations

from config.env import env_int


def lapisan_kanal(*, redis_url: str, prefix: str) -> dict[str, dict[str, object]]:
    """CHANNEL_LAYERS. Every Redis channel name starts with `prefix` (CHANNEL_PREFIX)."""
    if not redis_url:
        # One process only (development, tests). The process's one channel (antrian.consumers._hub) hears
        # every group its clients need, so its capacity is generous; its groups live as long as any client
        # needs them, so they never expire.
        return {
            "default": {
                "BACKEND": "channels.layers.InMemoryChannelLayer",
                "CONFIG": {"capacity": 10_000, "group_expiry": 10 * 365 * 86400},
            }
        }
    return {
        "default": {
            # The pub/sub layer keeps one subscription per group per process and does not silently drop
            # messages at a per-channel capacity (see STACK_NOTES.md); the event log covers any gap. It
            # holds one connection per event loop, so redis-py's pool limit is never reached; a short
            # connect timeout keeps an unreachable Redis from stalling the sender's queue. The subclass
            # reports a reconnected subscriber connection, so streams catch up on what it missed; the
            # health check (a PING after 15 idle seconds) notices a connection that died silently.
            "BACKEND": "antrian.consumers.lapisan_redis.LapisanPubSub",
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_connect_timeout": 2, "health_check_interval": 15}],
                "prefix": prefix,
            },
        }
    }


def cache(*, redis_url: str) -> dict[str, dict[str, object]]:
    """CACHES: local memory in one process, Redis otherwise. A Redis call waits at most CACHE_BATAS_DETIK,
    then the cache is skipped for CACHE_JEDA_PUTUS_DETIK: a miss, not a 500, while Redis is down."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "config.cache_tahan.CacheTahanGangguan",
            "LOCATION": redis_url,
            "KEY_PREFIX": "sigap",
            "OPTIONS": {
                "socket_connect_timeout": env_int("CACHE_BATAS_DETIK", 1),
                "socket_timeout": env_int("CACHE_BATAS_DETIK", 1),
                "JEDA_PUTUS": env_int("CACHE_JEDA_PUTUS_DETIK", 2),
            },
        }
    }
