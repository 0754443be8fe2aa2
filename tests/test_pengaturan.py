"""Settings come from the environment: checked in fresh interpreters, as a deployment would start them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
KODE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps([settings.DEBUG, db['ENGINE'], db.get('OPTIONS', {}), "
    "settings.CHANNEL_LAYERS['default']['BACKEND'], settings.CACHES['default']['BACKEND'], "
    "settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.ALLOWED_HOSTS]))"
)


def _jalankan(**env: str) -> subprocess.CompletedProcess[str]:
    lingkungan = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    lingkungan.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", KODE], cwd=AKAR, env=lingkungan, capture_output=True, text=True, timeout=60
    )


def test_bawaan_tertanam_tanpa_layanan_apa_pun():
    hasil = _jalankan()
    assert hasil.returncode == 0, hasil.stderr
    assert '"django.db.backends.sqlite3"' in hasil.stdout
    assert '"transaction_mode": "IMMEDIATE"' in hasil.stdout and '"timeout": 20' in hasil.stdout
    assert "InMemoryChannelLayer" in hasil.stdout and "LocMemCache" in hasil.stdout
    assert '"Asia/Jakarta", "id"' in hasil.stdout


def test_database_url_dan_redis_url_beralih_ke_postgresql_dan_redis():
    hasil = _jalankan(DATABASE_URL="postgres://u:p@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/0")
    assert hasil.returncode == 0, hasil.stderr
    assert '"django.db.backends.postgresql"' in hasil.stdout
    # The Redis pub/sub channel layer (a subclass that reports reconnects) and the Redis cache (a subclass
    # that treats an unreachable Redis as an empty cache).
    assert "lapisan_redis.LapisanPubSub" in hasil.stdout and "cache_tahan.CacheTahanGangguan" in hasil.stdout


def test_menolak_berjalan_dengan_debug_mati_dan_kunci_rahasia_bawaan():
    hasil = _jalankan(DEBUG="0")
    assert hasil.returncode != 0
    assert "SECRET_KEY" in hasil.stderr


def test_debug_mati_dengan_kunci_rahasia_sendiri_berjalan():
    hasil = _jalankan(
        DEBUG="0", SECRET_KEY="kunci-produksi-yang-panjang-dan-rahasia", ALLOWED_HOSTS="sigap.tubei.go.id"
    )
    assert hasil.returncode == 0, hasil.stderr
    assert "[false," in hasil.stdout and '["sigap.tubei.go.id"]' in hasil.stdout


def test_zona_waktu_dan_bahasa_dari_lingkungan():
    hasil = _jalankan(TIME_ZONE="Asia/Makassar", LANGUAGE_CODE="en")
    assert hasil.returncode == 0, hasil.stderr
    assert '"Asia/Makassar", "en"' in hasil.stdout
