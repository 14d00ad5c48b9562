import os
import subprocess
import sys

import pytest
from django.test import Client

PRODUCTION_ENV = {
    "SECRET_KEY": "k7#pQ2!vZ9@wL4$eR8^tY1&uI6*oP3(aS5)dF0_gH2+jK9=lM4-nB7xC1vV8bN3",
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "sqlite:////tmp/newsroom-deploy-check.sqlite3",
}


def run_manage(*args, env):
    unwanted = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_secret_key_is_required_outside_debug():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/rounds/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_admin_may_use_inline_styles_but_never_inline_scripts(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(django_user_model, settings):
    django_user_model.objects.create_user(username="chief", password="right-password", is_staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "chief", "password": "wrong"})
    locked = client.post("/admin/login/?next=/admin/", {"username": "chief", "password": "right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_works_with_the_right_password(django_user_model):
    django_user_model.objects.create_user(username="chief", password="right-password", is_staff=True)
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "chief", "password": "right-password"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_makemigrations_check_runs_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stderr
