"""Settings of the single-endpoint benchmark (benchmarks/load_tunggal.py): the product's settings with one
change, the URLconf, which adds a bare view next to every product URL. Benchmark only; the product's
URLs never include it."""

from __future__ import annotations

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks._beban_urls"
