"""Settings from the environment and the commands make run relies on."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def settings_in_subprocess(env, expression="settings.DATABASES['default']['ENGINE']"):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    code = f"import newsroom.settings as settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env=clean | env, capture_output=True, text=True)


def test_settings_load_without_a_secret_key_and_leave_it_empty():
    result = settings_in_subprocess({}, expression="repr(settings.SECRET_KEY)")
    assert result.stdout.strip() == "''"


def test_the_wsgi_application_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run([sys.executable, "-c", "import newsroom.wsgi"], env=clean, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    assert settings_in_subprocess({"DEBUG": "1"}).returncode == 0


def test_sqlite_is_the_default_database():
    result = settings_in_subprocess({"SECRET_KEY": "x"})
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_sqlite_connections_get_a_larger_page_cache(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA cache_size'); print(c.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    for configured, expected in [({}, "-65536"), ({"SQLITE_CACHE_MB": "8"}, "-8192")]:
        result = subprocess.run([sys.executable, "-c", code], env=env | configured, capture_output=True, text=True)
        assert result.stdout.strip() == expected, result.stderr


def test_database_url_selects_postgresql():
    result = settings_in_subprocess({"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@db.invalid:5432/newsroom"})
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_allowed_hosts_come_from_the_environment():
    result = settings_in_subprocess(
        {"SECRET_KEY": "x", "ALLOWED_HOSTS": "news.example, api.example"}, "settings.ALLOWED_HOSTS"
    )
    assert result.stdout.strip() == "['news.example', 'api.example']"


@pytest.mark.django_db
def test_create_demo_admin_prints_a_password_once():
    out = io.StringIO()
    call_command("create_demo_admin", stdout=out)
    password = out.getvalue().splitlines()[-1].strip()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    again = io.StringIO()
    call_command("create_demo_admin", stdout=again)
    assert password not in again.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
