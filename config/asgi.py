"""ASGI entry point: HTTP and websockets. Websocket routes come from each app's routing module.

The whole application is wrapped so this process's broadcast sender runs on the server's event loop
(antrian.realtime): one long-lived sender per process, sharing the loop with the consumers. Websocket
scopes also carry the server's own `send` (`dengan_kirim_langsung`): the session middleware wraps `send`
to save the session on accept, and its wrapper costs a lazy session lookup on every frame after that —
the consumers send their data frames past it (antrian.consumers._dasar)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from antrian.consumers import dengan_kirim_langsung  # noqa: E402
from antrian.realtime import dengan_loop_siaran  # noqa: E402
from antrian.routing import websocket_urlpatterns  # noqa: E402

# Load the URLconf (every view module) now, not on the first request: there it would run on the event
# loop after /readyz already said ready, stalling every stream of the process for seconds on a busy host.
get_resolver().url_patterns  # noqa: B018

application = dengan_loop_siaran(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": dengan_kirim_langsung(
                AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
            ),
        }
    )
)
