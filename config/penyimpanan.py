"""Where uploaded documents are stored, for config/settings.py: the filesystem (MEDIA_ROOT; a shared volume
in docker/) or an S3-compatible bucket (AWS S3, MinIO, ...), private: no ACL, signed URLs only, handed out by
the portal's authorised views. Nothing here reads Django settings: config/settings.py passes in what each
needs."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_str


def penyimpanan_media(jenis: str) -> tuple[dict[str, str], dict[str, object]]:
    """STORAGES["default"] for MEDIA_STORAGE, and the AWS_* settings django-storages reads (none for the
    filesystem)."""
    if jenis == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, {}
    if jenis != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE harus 'filesystem' atau 's3', bukan {jenis!r}")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 membutuhkan AWS_STORAGE_BUCKET_NAME.")
    # Empty endpoint: AWS; empty keys: boto3's own chain (instance role, ~/.aws); "path" style for MinIO.
    pengaturan_s3: dict[str, object] = {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": env_str("AWS_S3_ENDPOINT_URL") or None,
        "AWS_S3_REGION_NAME": env_str("AWS_S3_REGION_NAME") or None,
        "AWS_S3_ACCESS_KEY_ID": env_str("AWS_ACCESS_KEY_ID") or None,
        "AWS_S3_SECRET_ACCESS_KEY": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "AWS_LOCATION": env_str("AWS_LOCATION"),
        "AWS_S3_ADDRESSING_STYLE": env_str("AWS_S3_ADDRESSING_STYLE") or None,
        "AWS_S3_SIGNATURE_VERSION": "s3v4",
        "AWS_DEFAULT_ACL": None,
        "AWS_QUERYSTRING_AUTH": True,
        "AWS_QUERYSTRING_EXPIRE": env_int("AWS_QUERYSTRING_EXPIRE", 300),
        "AWS_S3_FILE_OVERWRITE": False,  # two citizens' "ktp.jpg" never overwrite each other
    }
    return {"BACKEND": "storages.backends.s3.S3Storage"}, pengaturan_s3
