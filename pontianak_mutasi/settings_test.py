"""Test settings: fast hashing, in-memory email, a throwaway media folder."""

import tempfile

from pontianak_mutasi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="simutasi-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# One process, and each xdist worker its own cache: nothing shared between test runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True

# Tests that assert on English source strings ask for "en"; production offers only "id".
LANGUAGES = [("id", "Indonesian"), ("en", "English")]
# Figures computed on every visit: tests change data between two looks at the dashboard. The
# cache itself is tested with this overridden (tests/pontianak_mutasi/test_dasbor.py).
# Pages likewise (tests/pontianak_mutasi/test_cache_halaman.py turns it on): a test's rolled-back
# transaction leaves no new data generation behind for the next test.
SIMUTASI = {
    **SIMUTASI,  # noqa: F405
    "DASHBOARD_CACHE_SECONDS": 0,
    "PAGE_CACHE_SECONDS": 0,
    "RECOMMEND_POOL_SECONDS": 0,
    # Groups and permissions read on every request, as the query-count tests expect; the
    # kept entries are tested with this turned on (tests/pontianak_mutasi/test_akses.py).
    "ACCESS_CACHE_SECONDS": 0,
    # Likewise the reference rows (tests/instansi/test_referensi.py turns them on).
    "REFERENCE_CACHE_SECONDS": 0,
}
