"""Where uploaded documents go: the filesystem by default, an S3-compatible bucket by configuration.

Checked in fresh interpreters, as a deployment starts them. Nothing is saved and nothing goes over the
network: the endpoint is a closed port on loopback, and signing a URL is local work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

AKAR = Path(__file__).resolve().parent.parent
KODE = (
    "import django, json; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "kelas = type(s).__module__ + '.' + type(s).__qualname__; "
    "s3 = hasattr(s, 'bucket_name'); "
    "print(json.dumps({'kelas': kelas, 'url': s.url('dokumen/ktp.jpg') if s3 else None, "
    "'bucket': getattr(s, 'bucket_name', None), 'acl': getattr(s, 'default_acl', 'tidak-ada'), "
    "'timpa': getattr(s, 'file_overwrite', None)}))"
)


def _jalankan(**env: str) -> subprocess.CompletedProcess[str]:
    lingkungan = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k not in {"MEDIA_STORAGE", "DEBUG", "SECRET_KEY"}
    }
    lingkungan.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", KODE], cwd=AKAR, env=lingkungan, capture_output=True, text=True, timeout=60
    )


def _hasil(**env: str) -> dict[str, Any]:
    hasil = _jalankan(**env)
    assert hasil.returncode == 0, hasil.stderr
    keluaran: dict[str, Any] = json.loads(hasil.stdout.strip().splitlines()[-1])
    return keluaran


def test_bawaan_menyimpan_berkas_di_sistem_berkas() -> None:
    assert _hasil()["kelas"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_media_storage_s3_memakai_bucket_s3_kompatibel_yang_privat() -> None:
    keluaran = _hasil(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="sigap-dokumen",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
        AWS_S3_REGION_NAME="id-tubei-1",
        AWS_ACCESS_KEY_ID="kunci-uji",
        AWS_SECRET_ACCESS_KEY="rahasia-uji",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="media",
    )
    assert keluaran["kelas"] == "storages.backends.s3.S3Storage"
    assert keluaran["bucket"] == "sigap-dokumen"
    assert keluaran["acl"] is None
    assert keluaran["timpa"] is False
    # Private objects: a short-lived signed URL at the configured endpoint, path-style, under the prefix.
    url = urlsplit(keluaran["url"])
    assert (url.scheme, url.netloc, url.path) == (
        "http",
        "127.0.0.1:9",
        "/sigap-dokumen/media/dokumen/ktp.jpg",
    )
    kueri = parse_qs(url.query)
    assert kueri["X-Amz-Expires"] == ["300"]
    assert kueri["X-Amz-Signature"]
    assert kueri["X-Amz-Credential"][0].startswith("kunci-uji/")
    assert "/id-tubei-1/s3/" in kueri["X-Amz-Credential"][0]


def test_media_storage_s3_tanpa_bucket_menolak_berjalan() -> None:
    hasil = _jalankan(MEDIA_STORAGE="s3")
    assert hasil.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in hasil.stderr


def test_media_storage_tak_dikenal_menolak_berjalan() -> None:
    hasil = _jalankan(MEDIA_STORAGE="ftp")
    assert hasil.returncode != 0
    assert "MEDIA_STORAGE" in hasil.stderr and "'ftp'" in hasil.stderr
