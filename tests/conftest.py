import os

import pytest

# Settings read the environment at import: tests get a throwaway key and their own data directory.
os.environ.setdefault("CHITIEU_TESTING", "1")
os.environ.setdefault("CHITIEU_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "chitieu-tests"))


def pytest_configure(config):
    from django.conf import settings

    # Password hashing is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: keys carry a committee's revision, and a new test
    database starts its committees at revision 0 again."""
    from django.core.cache import cache

    cache.clear()
