"""The Celery app: background jobs (notifications, escalation, auto-close, SKM invitations, metrics warm-up).

Broker: Redis (`REDIS_URL`). In the embedded default (no REDIS_URL) tasks run eagerly in the caller's
process, so everything works with nothing installed; `make run` runs the periodic jobs itself. Task modules
are found in each app's `tasks.py`; the periodic schedule is `CELERY_BEAT_SCHEDULE` in settings.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sigap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
