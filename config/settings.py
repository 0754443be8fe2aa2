"""SIGAP Tubei settings: one file, driven by the environment.

With nothing set, the portal runs embedded: SQLite, an in-memory channel layer, a local-memory cache and
console e-mail. Production is chosen by environment only: ``DATABASE_URL`` switches to PostgreSQL and
``REDIS_URL`` to the Redis channel layer and cache. Every variable is listed in the README.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.contrib.messages import constants as messages_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy

from config import api, jadwal, keamanan, lapisan, penyimpanan
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

PLACEHOLDER_SECRET_KEY = "ganti-saya-kunci-rahasia-pengembangan-sigap-tubei"  # noqa: S105


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", PLACEHOLDER_SECRET_KEY)
if not DEBUG and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    # A production process must never sign sessions and tracking tokens with a key that is public.
    raise ImproperlyConfigured("DEBUG mati tetapi SECRET_KEY masih bawaan: setel SECRET_KEY yang rahasia.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "frontend.views.csrf_gagal"  # "the form expired, reload and try again", in Indonesian
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_fsm",
    "django_htmx",
    "portal",
    "antrian",
    "layanan",
    "keluhan",
    "frontend",
]

MIDDLEWARE = [
    # /healthz and /readyz first, before host validation, sessions and CSRF: a container's own probe calls
    # 127.0.0.1, which production's ALLOWED_HOSTS does not list (portal/views/sehat.py).
    "portal.views.sehat.SehatMiddleware",
    "portal.gangguan.GangguanMiddleware",  # database/Redis outage: 503 + Retry-After, never a 500
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.HeaderKeamananMiddleware",  # Permissions-Policy; inside CSP: it adjusts the policy
    "antrian.berkas.batas.BatasUnggahanMiddleware",  # oversized bodies: 413 before anything reads them
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.BahasaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "frontend.context_processors.ui",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database --------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # IMMEDIATE takes SQLite's write lock at BEGIN, so two writers queue on the busy timeout instead of
    # one failing with "database is locked" when it upgrades a read lock mid-transaction.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
# The test database keeps its own name so CI never touches a developer's data. On SQLite it is a file,
# not pytest's in-memory default, so tests see the same locking (busy timeout) production does.
DATABASES["default"]["TEST"] = {
    "NAME": env_str(
        "TEST_DATABASE_NAME", "test_sigap_tubei" if DATABASE_URL else str(BASE_DIR / "test_sigap.sqlite3")
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.Pengguna"
AUTHENTICATION_BACKENDS = ["portal.backends.EmailAtauTeleponBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Redis: channel layer and cache -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Every Redis channel name starts with this, so CI, tests and a developer's server sharing one Redis never
# hear each other's events.
CHANNEL_PREFIX = env_str("CHANNEL_PREFIX", "sigap")
CHANNEL_LAYERS = lapisan.lapisan_kanal(redis_url=REDIS_URL, prefix=CHANNEL_PREFIX)
CACHES = lapisan.cache(redis_url=REDIS_URL)  # with Redis: a miss, not a 500, while Redis is down

# --- Background jobs (Celery; config/celery.py) -------------------------------------------------------
# With REDIS_URL: Redis is the broker, a worker (`celery -A config worker`) runs the jobs and beat
# (`celery -A config beat`) the schedule below. Without it (the embedded default) tasks run eagerly in the
# caller's process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged after it ran: a worker killed mid-job leaves it to run again (jobs are idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = env_str("TIME_ZONE", "Asia/Jakarta")

# Live updates (antrian.realtime, antrian.consumers). The server sends {"tipe": "detak"} this often and
# closes a client silent for three intervals; a reconnecting client gets at most REALTIME_SUSULAN_MAKS
# missed events, beyond that it is told to reload; dashboards refresh a unit at most once per
# REALTIME_DASBOR_JEDA_DETIK and every unit every REALTIME_DASBOR_SEGAR_DETIK (overdue grows with time).
REALTIME_DETAK_DETIK = env_int("REALTIME_DETAK_DETIK", 25)
REALTIME_SUSULAN_MAKS = env_int("REALTIME_SUSULAN_MAKS", 500)
REALTIME_DASBOR_JEDA_DETIK = env_int("REALTIME_DASBOR_JEDA_DETIK", 1)
REALTIME_DASBOR_SEGAR_DETIK = env_int("REALTIME_DASBOR_SEGAR_DETIK", 60)
# The metrics page (a range through today) fetches its figures again at most this often, after a change.
KINERJA_SEGARKAN_DETIK = env_int("KINERJA_SEGARKAN_DETIK", 60)
# Computed metrics are kept this long (antrian/selectors/kinerja/simpan.py); 0 computes on every read.
KINERJA_SIMPAN_DETIK = env_int("KINERJA_SIMPAN_DETIK", 60)
# Messages waiting to leave one process; beyond this they are dropped with a log line (the log has them).
REALTIME_ANTREAN_MAKS = env_int("REALTIME_ANTREAN_MAKS", 10_000)
REALTIME_BATAS_KIRIM_DETIK = env_int("REALTIME_BATAS_KIRIM_DETIK", 5)
# Each process's hub hands event messages out in commit order: one whose smaller positions are not all
# settled yet waits up to this long for them, so an event two publishing processes let overtake another
# still reaches its streams in order (antrian.consumers._hub).
REALTIME_TAHAN_URUTAN_MS = env_int("REALTIME_TAHAN_URUTAN_MS", 200)

# --- E-mail ------------------------------------------------------------------------------------------
_EMAIL_HOST = env_str("EMAIL_HOST")
if _EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _EMAIL_HOST
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SIGAP Tubei <noreply@sigap.tubei.go.id>")

# --- Language and time -----------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "id")
# A context keeps these apart from Django's own "Indonesian"/"English", which it translates differently.
LANGUAGES = [("id", pgettext_lazy("language", "Indonesian")), ("en", pgettext_lazy("language", "English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served publicly: attachments go through an authorised view
# Production serves hashed, compressed files collected by `collectstatic`. A test server (browser tests)
# serves straight from the apps' static folders instead: STATIC_MANIFEST=0 STATIC_FINDERS=1.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
WHITENOISE_USE_FINDERS = env_bool("STATIC_FINDERS", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Map tiles for the complaint form's pin (the citizen's browser fetches them). Empty: no map, the
# latitude/longitude fields and the address still work.
PETA_UBIN_URL = env_str("PETA_UBIN_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PETA_ATRIBUSI = env_str("PETA_ATRIBUSI", "© OpenStreetMap contributors")
PETA_PUSAT = env_str("PETA_PUSAT", "-2.5489,118.0149")
UNGGAHAN_MAKS_MB = env_int("UNGGAHAN_MAKS_MB", 5)
UNGGAHAN_MAKS_BERKAS = env_int("UNGGAHAN_MAKS_BERKAS", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security ----------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A server answering only loopback names (test and benchmark servers) has no TLS to redirect to.
_HANYA_LOOPBACK = all(h in {"127.0.0.1", "localhost", "[::1]"} for h in ALLOWED_HOSTS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not _HANYA_LOOPBACK)
# Sent on HTTPS responses only; a year, subdomains included, so the browser never tries plain HTTP again.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 86400)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Tracking links carry a secret token: never hand the path to another site.
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = env_str("SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin")
# Lax: a tracking link opened from an e-mail still finds the citizen logged in; a cross-site POST does not.
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: pages render the token (hx-headers, Swagger's init script)
PERMISSIONS_POLICY = env_str("PERMISSIONS_POLICY", keamanan.PERMISSIONS_POLICY)
CONTENT_SECURITY_POLICY = keamanan.kebijakan_csp(
    peta_ubin_url=PETA_UBIN_URL, site_url=SITE_URL, lapor_url=env_str("CSP_LAPOR_URL")
)
# Reverse proxies whose X-Forwarded-For is believed (docker/'s nginx: 1). 0: REMOTE_ADDR only, because
# without a proxy anyone can write that header and get a fresh rate-limit bucket per request.
PROXY_TERPERCAYA = env_int("PROXY_TERPERCAYA", 0)
# Per-account and per-address limits, "<count>/<window>", each from BATAS_<NAME> (config/keamanan.py).
BATAS = keamanan.batas_dari_env()
# Files on one tiket, all paths together: bounds the storage one guest token can fill.
UNGGAHAN_MAKS_PER_TIKET = env_int("UNGGAHAN_MAKS_PER_TIKET", 30)
# Files of one request together; a larger body is refused (413) before Django spools it to disk.
UNGGAHAN_MAKS_TOTAL_MB = env_int("UNGGAHAN_MAKS_TOTAL_MB", 25)
# Decompression-bomb guard: a 5 MB file can decode to gigabytes. 50 MP covers every phone camera.
UNGGAHAN_MAKS_PIKSEL = env_int("UNGGAHAN_MAKS_PIKSEL", 50_000_000)
# UU 27/2022: every log line (message, arguments, traceback) has NIK, phone and e-mail masked; the filter
# sits on the handlers in LOGGING below, and Django's own loggers are routed through them too.
FILTER_LOG_SAMARAN = {"samaran": {"()": "portal.samaran.SaringLogSamaran"}}
# Celery workers keep these masked handlers instead of installing unfiltered ones of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Redis cache: a call waits at most CACHE_BATAS_DETIK, then it is skipped a while (config/lapisan.py).
# A database host that drops packets (down, not refusing) would hold each request for the kernel's connect
# timeout (minutes): bounded here, the request gets its 503 instead.
if DATABASE_URL:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
# Retry-After of the 503 answered while the database or Redis is unreachable (portal/gangguan.py).
GANGGUAN_COBA_LAGI_DETIK = env_int("GANGGUAN_COBA_LAGI_DETIK", 10)
# Queueing a job while the broker is down fails in ~2x this (once: antrian.pesan.tugas then skips it a while).
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_BATAS_DETIK", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# A hung SMTP server must not hold a worker past the message's lease (antrian/pesan/kirim.py): default
# None waits forever; this bounds each socket operation.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- API ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = api.rest_framework(debug=DEBUG)
SPECTACULAR_SETTINGS = api.SPECTACULAR_SETTINGS

# --- Domain ------------------------------------------------------------------------------------------
# Days allowed for a citizen to reopen a resolved tiket, and after which a quiet one closes (DOMAIN.md).
HARI_BUKA_KEMBALI = env_int("HARI_BUKA_KEMBALI", 10)
# Idempotency keys are remembered this long.
IDEMPOTEN_JAM = env_int("IDEMPOTEN_JAM", 24)
# A running tiket whose tenggat falls within this many working days is flagged "hampir jatuh tempo" and its
# supervisor and officer are notified by the escalation job (`manage.py periksa_eskalasi`).
ESKALASI_HARI_KERJA = env_int("ESKALASI_HARI_KERJA", 1)
# The portal's working week (Perpres 21/2023: 37.5 hours a week excluding breaks, from 07:30 local time):
# weekday (0 = Monday) -> (start, end, break start, break end). A unit with its own JadwalKerja rows uses
# those instead; the admin's HariLibur table and the national holidays apply to both.
JAM_KERJA = {
    **{hari: ("07:30", "16:00", "12:00", "13:00") for hari in range(4)},
    4: ("07:30", "16:30", "11:30", "13:00"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": FILTER_LOG_SAMARAN,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "simple", "filters": ["samaran"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's default handlers would print request lines (query strings) unmasked: ours instead.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Web pages ---------------------------------------------------------------------------------------
LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Message levels as the design system's classes (.pesan-sukses, .pesan-galat, ...).
MESSAGE_TAGS = {
    messages_constants.DEBUG: "info",
    messages_constants.INFO: "info",
    messages_constants.SUCCESS: "sukses",
    messages_constants.WARNING: "peringatan",
    messages_constants.ERROR: "galat",
}

# --- Open311 (portal/open311/), notifications (antrian/pesan/), periodic jobs (antrian/tasks.py) ---------
# Open311: the contact in the discovery document; the per-minute limit a new client app's key starts with.
OPEN311_KONTAK = env_str("OPEN311_KONTAK", "SIGAP Tubei <sigap@tubei.go.id>")
OPEN311_BATAS_PER_MENIT = env_int("OPEN311_BATAS_PER_MENIT", 60)
# E-mail: the console, SMTP (above) or an anymail provider; SMS and WhatsApp through an HTTP gateway each
# (config/jadwal.py).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", EMAIL_BACKEND)
ANYMAIL = jadwal.anymail_dari_env()
PESAN_SALURAN = jadwal.saluran_pesan()
PESAN_GERBANG_BATAS_DETIK = env_int("PESAN_GERBANG_BATAS_DETIK", 10)
# A failed send is retried PESAN_ULANG_MAKS times after JEDA, 2*JEDA, 4*JEDA, ... seconds (at most
# JEDA_MAKS), then marked failed in the admin; the sweep re-queues messages whose job was lost.
PESAN_ULANG_MAKS = env_int("PESAN_ULANG_MAKS", 6)
PESAN_ULANG_JEDA_DETIK = env_int("PESAN_ULANG_JEDA_DETIK", 30)
PESAN_ULANG_JEDA_MAKS_DETIK = env_int("PESAN_ULANG_JEDA_MAKS_DETIK", 3600)
PESAN_SAPU_DETIK = env_int("PESAN_SAPU_DETIK", 10 * 60)
CELERY_IMPORTS = ["antrian.pesan.tugas"]
# The beat schedule (`celery -A config beat`; `manage.py jadwal_lokal`, started by `make run`, runs it
# in-process). The metrics warm-up runs at half of KINERJA_SIMPAN_DETIK so the default views stay computed.
JADWAL_ESKALASI_DETIK = env_int("JADWAL_ESKALASI_DETIK", 5 * 60)
JADWAL_TUTUP_OTOMATIS_DETIK = env_int("JADWAL_TUTUP_OTOMATIS_DETIK", 60 * 60)
JADWAL_HANGATKAN_KINERJA_DETIK = env_int("JADWAL_HANGATKAN_KINERJA_DETIK", 30)
JADWAL_SAPU_LAMPIRAN_DETIK = env_int("JADWAL_SAPU_LAMPIRAN_DETIK", 24 * 60 * 60)
CELERY_BEAT_SCHEDULE = jadwal.jadwal_beat(
    (
        ("eskalasi", "antrian.tasks.eskalasi", JADWAL_ESKALASI_DETIK),
        ("tutup-otomatis", "antrian.tasks.tutup_otomatis", JADWAL_TUTUP_OTOMATIS_DETIK),
        ("hangatkan-kinerja", "antrian.tasks.hangatkan_kinerja", JADWAL_HANGATKAN_KINERJA_DETIK),
        ("sapu-lampiran", "antrian.tasks.sapu_lampiran", JADWAL_SAPU_LAMPIRAN_DETIK),
        ("pesan-tertunda", "antrian.pesan.tugas.kirim_tertunda", PESAN_SAPU_DETIK),
    )
)

# --- Deployment: health checks, media storage (docker/) ------------------------------------------------
# Each readiness check of /readyz (database, each Redis server) gives up after this many seconds.
SEHAT_BATAS_DETIK = env_int("SEHAT_BATAS_DETIK", 2)
# Uploaded documents: the filesystem (MEDIA_ROOT) or a private S3-compatible bucket (config/penyimpanan.py).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
STORAGES["default"], _aws = penyimpanan.penyimpanan_media(MEDIA_STORAGE)
globals().update(_aws)  # AWS_*, read by django-storages by name: only with MEDIA_STORAGE=s3
