"""Background work, for config/settings.py: the notification channels (antrian/pesan/) and Celery beat's
schedule of periodic jobs (antrian/tasks.py). Nothing here reads Django settings: config/settings.py passes
in what each needs."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str


def anymail_dari_env() -> dict[str, str]:
    """Every non-empty ANYMAIL_<NAME> variable as ANYMAIL["<NAME>"] (EMAIL_BACKEND=anymail.backends.<x>)."""
    return {k.removeprefix("ANYMAIL_"): v for k, v in os.environ.items() if k.startswith("ANYMAIL_") and v}


def saluran_pesan() -> dict[str, dict[str, object]]:
    """PESAN_SALURAN: e-mail always; SMS and WhatsApp when their gateway URL is set (a JSON POST with a
    Bearer token). Each channel names its class (antrian.pesan.saluran)."""
    saluran: dict[str, dict[str, object]] = {"email": {"KELAS": "antrian.pesan.saluran.SaluranEmail"}}
    for nama in ("sms", "whatsapp"):
        if url := env_str(f"PESAN_{nama.upper()}_URL"):
            token = env_str(f"PESAN_{nama.upper()}_TOKEN")
            saluran[nama] = {"KELAS": "antrian.pesan.saluran.GerbangHttp", "URL": url, "TOKEN": token}
    return saluran


def jadwal_beat(tugas: tuple[tuple[str, str, int], ...]) -> dict[str, dict[str, object]]:
    """CELERY_BEAT_SCHEDULE from (name, task, interval in seconds). A run older than its interval is dropped
    unrun (`expires`): after an outage the next one does the work."""
    jadwal: dict[str, dict[str, object]] = {}
    for nama, tugas_, detik in tugas:
        if detik <= 0:
            raise ImproperlyConfigured(
                f"Interval tugas berkala {nama} harus lebih dari 0 detik, bukan {detik}"
            )
        jadwal[nama] = {"task": tugas_, "schedule": float(detik), "options": {"expires": detik}}
    return jadwal
