"""The Redis pub/sub channel layer, telling its listeners when its subscriber connection came back.

channels_redis 4.3's `RedisPubSubChannelLayer` subscribes through one redis-py `PubSub` per shard and event
loop. When that connection drops, redis-py reconnects on the next read and its `on_connect` subscribes to
every channel again — silently: whatever was published meanwhile is gone, and the layer's own
`on_disconnect`/`on_reconnect` arguments are stored but never called. Here the `PubSub` reports each
resubscription to the listeners registered for its event loop (`saat_sambung_ulang`), which make every
local stream catch up from the event log (antrian.consumers._hub). The listener runs on that loop, inside
the layer's receive task, and must only schedule work.

`CHANNEL_LAYERS` names this class as the backend when `REDIS_URL` is set (config/settings.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, create_pool, decode_hosts
from redis import asyncio as aioredis
from redis.asyncio.client import PubSub

log = logging.getLogger(__name__)

Pendengar = Callable[[], None]


class _PubSub(PubSub):
    def __init__(self, *args: Any, kabarkan: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kabarkan = kabarkan

    async def on_connect(self, connection: Any) -> None:
        # Called by redis-py on every reconnect of this connection (the first connect happens before the
        # callback is registered, with nothing subscribed yet).
        berlangganan = bool(self.channels or self.patterns)
        await super().on_connect(connection)
        if berlangganan:
            self._kabarkan()


class _Shard(RedisSingleShardConnection):  # type: ignore[misc]
    host: Any
    channel_layer: _LapisanLoop
    _redis: Any
    _pubsub: Any

    def _ensure_redis(self) -> None:
        # As the base class does, with a PubSub that reports its reconnects.
        if self._redis is None:
            pool = create_pool(self.host)
            self._redis = aioredis.Redis(connection_pool=pool)
            self._pubsub = _PubSub(pool, kabarkan=self.channel_layer.kabarkan_sambung_ulang)


class _LapisanLoop(RedisPubSubLoopLayer):  # type: ignore[misc]
    def __init__(self, hosts: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(hosts, *args, **kwargs)
        self._shards = [_Shard(host, self) for host in decode_hosts(hosts)]
        self.pendengar: list[Pendengar] = []

    def kabarkan_sambung_ulang(self) -> None:
        log.warning("Koneksi langganan Redis tersambung ulang")
        for pendengar in list(self.pendengar):
            try:
                pendengar()
            except Exception:
                log.exception("Pendengar sambung ulang gagal")


class LapisanPubSub(RedisPubSubChannelLayer):  # type: ignore[misc]
    """`RedisPubSubChannelLayer` plus `saat_sambung_ulang(pendengar)` (the module docstring says why)."""

    def _get_layer(self) -> _LapisanLoop:
        loop = asyncio.get_running_loop()
        try:
            layer: _LapisanLoop = self._layers[loop]
        except KeyError:
            layer = _LapisanLoop(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer

    def saat_sambung_ulang(self, pendengar: Pendengar) -> None:
        """Call `pendengar` (on this event loop) each time the subscriber connection is back and
        subscribed again."""
        self._get_layer().pendengar.append(pendengar)
