"""WSGI entry point: production serves plain HTTP here (see STACK_NOTES.md on ASGI overhead)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402

# Load the URLconf (every view module) at start-up, not in the first citizen's request.
get_resolver().url_patterns  # noqa: B018
