import pytest
from django.contrib.auth.models import Group

SENTINEL_NOTE = "SENTINEL-CONFIDENTIAL-integrity"


def make_user(django_user_model, role):
    user = django_user_model.objects.create_user(username=role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db, django_user_model):
    return make_user(django_user_model, "Reporter")


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "Editor")


@pytest.fixture
def researcher(db, django_user_model):
    return make_user(django_user_model, "Researcher")


@pytest.fixture
def as_role(client, reporter, editor, researcher):
    users = {"reporter": reporter, "editor": editor, "researcher": researcher}

    def login(role):
        client.force_login(users[role])
        return client

    return login
