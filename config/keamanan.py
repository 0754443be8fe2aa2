"""Security settings that take more than one line to derive, for config/settings.py: the
Content-Security-Policy, the browser features allowed, and the rate-limit table. Nothing here reads Django
settings: config/settings.py passes in what each needs."""

from __future__ import annotations

from config.env import env_str

# Browser features the portal may use (portal.middleware.HeaderKeamananMiddleware): the complaint form's
# location only, on its own pages.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), midi=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()"
)

# "<count>/<window>" (s, m, h, d), each overridable by BATAS_<NAME>; "" turns one off (portal/batas/).
# <x> counts per account, <x>_ip per address: per-address limits are loose since a mobile carrier's NAT
# puts many citizens behind one address; failed guesses (passwords, tracking tokens) are counted strictly.
BATAS_BAWAAN = (
    ("masuk", "5/15m"),  # failed logins per account tried; the 5th locks it for 15 min, from any IP
    ("masuk_ip", "30/15m"),  # failed logins per address, any accounts; then that address is locked
    ("daftar", "3/1h"),  # registrations per e-mail/phone, and per address
    ("daftar_ip", "10/1h"),
    ("sandi_lupa", "3/1h"),  # password reset e-mails per address (e-mail bombing), and per IP
    ("sandi_lupa_ip", "10/1h"),
    ("pengajuan", "30/1h"),  # submissions (HTML and API) per account, and per address
    ("pengajuan_ip", "60/1h"),
    ("lacak_gagal", "20/15m"),  # tracking lookups that found nothing, per account and per address
    ("lacak_gagal_ip", "20/15m"),
    ("lacak_ip", "600/15m"),  # every tracking lookup (the live page refetches on each event)
    ("survei", "5/1h"),  # survey submissions per ticket, and per address
    ("survei_ip", "30/1h"),
    ("open311_ip", "120/1m"),  # Open311 POSTs per address (each api_key has its own limit too)
)


def batas_dari_env() -> dict[str, str]:
    return {nama: env_str(f"BATAS_{nama.upper()}", bawaan) for nama, bawaan in BATAS_BAWAAN}


def kebijakan_csp(*, peta_ubin_url: str, site_url: str, lapor_url: str) -> dict[str, object]:
    """django-csp's CONTENT_SECURITY_POLICY: scripts and styles only as files from this site (no inline
    code, no eval); map tiles from their host ({s} subdomains as a wildcard); websockets to SITE_URL's
    host, spelt out for browsers whose 'self' does not cover ws(s):. Only /api/docs/ (config/urls.py) and
    the 500 page (portal.middleware) add one <style> block each, by its hash."""
    ubin = peta_ubin_url.split("/")
    csp_ubin = [f"{ubin[0]}//{ubin[2].replace('{s}', '*')}"] if "://" in peta_ubin_url else []
    situs = site_url.split("/")
    csp_ws = [f"{situs[0].replace('http', 'ws')}//{situs[2]}"] if "://" in site_url else []
    arahan: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *csp_ubin],
        "connect-src": ["'self'", *csp_ws],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    if lapor_url:
        arahan["report-uri"] = [lapor_url]
    return {"DIRECTIVES": arahan}
