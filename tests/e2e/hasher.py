"""A password hasher for browser tests that the server process verifies with its own default hasher."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class PBKDF2Cepat(PBKDF2PasswordHasher):
    """pbkdf2_sha256 with few iterations: the encoded hash names its iteration count, so the uvicorn
    server's standard PBKDF2PasswordHasher checks it (the MD5 hasher of the other tests it would refuse),
    while creating users in a test stays fast."""

    iterations = 1000
