"""Settings for the test suite: the real settings, with test-only defaults."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from config.settings import *  # noqa: F403
from config.settings import DATA_DIR, DATABASES, STATIC_ROOT

# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests jump the clock by hours between requests of one signed-in person; the
# idle timeout's own tests switch it on (tests/accounts/test_idle_timeout.py).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", "0"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: a live server, a browser and worker processes share it.
    # One file per test run, so runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}

# WhiteNoise warns on every request when collectstatic has never run; tests
# serve static files through the finders instead.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Django's test client builds the middleware anew for each client, and WhiteNoise
# would then list and stat every static file again: an eighth of the suite's time
# (#11). It looks each file up when asked instead: the same files, the same headers.
WHITENOISE_AUTOREFRESH = True
