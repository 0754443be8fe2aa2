"""Container health check: exit 0 when the given health URL answers 200, else 1.

The image has no curl; Python is there anyway. Used by the Dockerfile's HEALTHCHECK and docker/compose.yaml:
    python /app/docker/periksa_sehat.py [URL]        (default http://127.0.0.1:8000/healthz)
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

BAWAAN = "http://127.0.0.1:8000/healthz"


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else BAWAAN
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        print(f"hanya alamat lokal yang diperiksa, bukan {url}", file=sys.stderr)
        return 2
    try:
        with urllib.request.urlopen(url, timeout=4) as respons:  # noqa: S310 (loopback http only, checked above)
            return 0 if respons.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
