import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

DEMO = "demo/vienna-talks-2018.json"


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached counts must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def records():
    """The demo file as parsed JSON, to alter before importing."""
    with open(DEMO, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo records (the Vienna talks article and everything it refers to), committed."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_records", DEMO, stdout=io.StringIO())


@pytest.fixture
def editor(db, django_user_model):
    """Staff with every articles/actors permission except the confidential one."""
    user = django_user_model.objects.create_user(username="editor", password="pw", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label__in=["actors", "articles"]).exclude(
        codename="edit_confidential_note"
    )
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
