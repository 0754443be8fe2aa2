"""Websocket consumers: the officer's stream, one tiket's stream, and the dashboard's counters."""

from antrian.consumers._dasar import dengan_kirim_langsung
from antrian.consumers.dasbor import DasborConsumer
from antrian.consumers.peristiwa import PetugasConsumer, TiketConsumer

__all__ = ["DasborConsumer", "PetugasConsumer", "TiketConsumer", "dengan_kirim_langsung"]
