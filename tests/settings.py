"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-never-used-elsewhere")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the apps' folders, as in development: no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The suite and its schema fuzzing send many requests; the throttle test sets its own rate.
API_ANON_RATE = "100000/minute"
# The test client uses "testserver"; schemathesis calls the WSGI app as "localhost".
ALLOWED_HOSTS = ["testserver", "localhost"]
# Tests talk plain HTTP to the test client and the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# The browser tests' live server and the race tests start a thread per request, which
# would each keep a connection open: close them after each request, as with DEBUG.
# (tests/test_serve.py runs gunicorn with the production default.)
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: the tests that race admin saves in
    # threads need SQLite's real locking between connections, as under gunicorn. One file
    # per run, so two runs at once do not meet; Django deletes it at the end.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"newsroom-test-{os.getpid()}.sqlite3")
    }

# The webhook tests run their receivers on 127.0.0.1; the SSRF guard has its own tests.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
