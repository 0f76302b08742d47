"""Settings for the test suite: production settings with a throwaway key.

Tests run with DEBUG off so they see what production serves.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# Hashed static names need collectstatic; tests render templates without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
# Serve static files from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# One test must never be served a page cached by another, and failed-login
# counts stay in memory.
from .settings import CACHES  # noqa: E402

PAGE_CACHE_SECONDS = 0
CACHES = {
    **CACHES,
    "login_guard": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login-guard-tests"},
}

# Tests check what the database budget does with their own small budgets; the
# rest must not fail because a loaded machine made a page slow.
REQUEST_DB_BUDGET = float(os.environ.get("REQUEST_DB_BUDGET", 10))

# Replicas only where a test starts one (tests/test_replicas.py): every other test reads and writes one database.
DATABASES = {"default": DATABASES["default"]}  # noqa: F405
DATABASE_REPLICAS = []
