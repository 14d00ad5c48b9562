"""
No admin answer may depend on a protected field for a user without its permission.

Generic on purpose: every registered ModelAdmin (ours and third-party), every role
without the permission, every field declared with newsroom.protection.protect(),
every relation path that reaches it and every lookup its field type registers. A
field protected later is covered by its declaration alone.
"""

import itertools
import re
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from articles.models import Quote
from articles.services import quote_save
from newsroom.admin import NewsroomAdminSite
from newsroom.checks import protected_field_errors
from newsroom.protection import all_protected, path_reaches_protected
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

ROLES_WITHOUT_PERMISSION = ["Reporter", "Researcher"]
NOTE_A = "Aardvark-source-711 met the envoy"
NOTE_Z = "Zebra-source-288 phoned the desk"
MAX_DEPTH = 3


def _relations(model):
    """(lookup name, related model) of every relation of `model`, forward and reverse."""
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            yield field.name, field.related_model


def _declared(model):
    model = getattr(model, "instance_type", None) or model  # a history model shares its record's fields
    key = (model._meta.app_label, model._meta.model_name)
    return [field for app, name, field, _ in all_protected() if (app, name) == key]


def protected_paths(model):
    """Every path of up to MAX_DEPTH relations from `model` that ends on a protected field."""
    found = set()
    frontier = [("", model, ())]
    for _ in range(MAX_DEPTH + 1):
        next_frontier = []
        for prefix, current, seen in frontier:
            found.update(f"{prefix}{field}" for field in _declared(current))
            for relation, related in _relations(current):
                if related not in seen and related is not current:
                    next_frontier.append((f"{prefix}{relation}__", related, (*seen, current)))
        frontier = next_frontier
    return sorted(found)


def lookups_for(model, path):
    """Every lookup registered on the protected field at the end of `path`, plus the bare path."""
    field_name = path.rsplit("__", 1)[-1]
    owner = model
    for part in path.split("__")[:-1]:
        owner = owner._meta.get_field(part).related_model
    field = owner._meta.get_field(field_name)
    return ["", *sorted(field.get_lookups())]


def probe_value(lookup):
    return {"isnull": "false", "in": NOTE_A, "range": f"{NOTE_A},{NOTE_Z}", "regex": "^A", "iregex": "^a"}.get(
        lookup, NOTE_A[:1]
    )


@pytest.fixture
def staff_clients(db, django_user_model):
    clients = {}
    for role in ROLES_WITHOUT_PERMISSION:
        user = django_user_model.objects.create_user(username=f"probe-{role.lower()}", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.fixture
def noted_quote(db):
    article = ArticleFactory(draft=True)
    return QuoteFactory(article=article, confidential_note=NOTE_A)


def changelist_url(model):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None


def answer(client, url):
    """What a user can observe of a response: status, where it sends them, and the page minus per-request tokens."""
    response = client.get(url)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return response.status_code, response.get("Location", ""), body


ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_admin_is_guarded():
    from newsroom.admin import ProtectedFieldsAdmin

    assert all(isinstance(model_admin, ProtectedFieldsAdmin) for _, model_admin in ADMINS)


def test_a_protected_field_is_declared():
    assert ("articles", "quote", "confidential_note", "articles.edit_confidential_note") in all_protected()


def test_protected_paths_reach_the_note_from_other_models():
    from actors.models import Actor

    paths = protected_paths(Actor)
    assert "quotes__confidential_note" in paths
    assert all(path_reaches_protected(Actor, path) for path in paths)


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERMISSION)
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_changelist_lookups_on_a_protected_field_answer_as_a_missing_field(
    staff_clients, noted_quote, role, model, model_admin
):
    """Every lookup type on every path to a protected field: the same answer as a field that does not exist."""
    client = staff_clients[role]
    url = changelist_url(model)
    if url is None:
        pytest.skip(f"{model._meta.label} has no changelist")
    missing = {}
    probed = 0
    for path in protected_paths(model):
        for lookup in lookups_for(model, path):
            if lookup not in missing:
                absent = f"nosuchfield__{lookup}" if lookup else "nosuchfield"
                missing[lookup] = answer(client, f"{url}?{urlencode({absent: probe_value(lookup)})}")
            key = f"{path}__{lookup}" if lookup else path
            assert answer(client, f"{url}?{urlencode({key: probe_value(lookup)})}") == missing[lookup], key
            probed += 1
    if not protected_paths(model):
        pytest.skip(f"no relation path from {model._meta.label} reaches a protected field")
    assert probed


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERMISSION)
def test_changelist_answers_do_not_change_with_the_note(staff_clients, noted_quote, role):
    """Plain, searched (for the note's own words), sorted and filtered lists look the same whatever the note says."""
    client = staff_clients[role]
    urls = []
    for model, model_admin in ADMINS:
        url = changelist_url(model)
        if url is None:
            continue
        columns = len(model_admin.list_display) + 1
        urls += [url, f"{url}?q=Aardvark", f"{url}?q={NOTE_A[:20]}"]
        urls += [f"{url}?o={index}" for index in itertools.chain(range(columns), range(-1, -columns, -1))]
    before = [answer(client, url) for url in urls]
    Quote.objects.filter(pk=noted_quote.pk).update(confidential_note=NOTE_Z)
    after = [answer(client, url) for url in urls]
    changed = [url for url, old, new in zip(urls, before, after, strict=True) if old != new]
    assert changed == []


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERMISSION)
def test_autocomplete_never_matches_a_note(staff_clients, noted_quote, role):
    client = staff_clients[role]
    asked = 0
    for model, model_admin in ADMINS:
        for field_name in model_admin.autocomplete_fields:
            query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name}
            for term in ("Aardvark", NOTE_A[:12]):
                response = client.get(reverse("admin:autocomplete"), {**query, "term": term})
                assert response.status_code in (200, 403)
                if response.status_code == 200:
                    assert response.json()["results"] == [], (model, field_name, term)
                asked += 1
    assert asked


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERMISSION)
def test_no_admin_page_shows_the_note(staff_clients, noted_quote, role):
    """Lists, forms, history lists and every old version of every record."""
    client = staff_clients[role]
    quote = noted_quote
    quote.confidential_note = NOTE_Z
    quote_save(quote=quote)  # a second version, so history has a diff to show
    pages = 0
    for model, _ in ADMINS:
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        try:
            urls = [reverse(f"{base}_changelist"), reverse(f"{base}_add")]
        except NoReverseMatch:
            continue
        for pk in model._default_manager.values_list("pk", flat=True)[:20]:
            urls += [reverse(f"{base}_change", args=[pk]), reverse(f"{base}_history", args=[pk])]
            history = getattr(model, "history", None)
            if history is not None:
                for version in history.filter(**{model._meta.pk.attname: pk}).values_list("history_id", flat=True):
                    urls.append(reverse(f"{base}_simple_history", args=[pk, version]))
        for url in urls:
            content = client.get(url).content.decode()
            assert "source-711" not in content and "source-288" not in content, url
            pages += 1
    assert pages > 20


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERMISSION)
def test_history_does_not_show_that_only_a_note_changed(staff_clients, noted_quote, role):
    client = staff_clients[role]
    url = reverse("admin:articles_quote_history", args=[noted_quote.pk])
    before = answer(client, url)
    noted_quote.confidential_note = NOTE_Z
    quote_save(quote=noted_quote)
    assert answer(client, url)[2].count(b"<tr") == before[2].count(b"<tr")
    hidden = noted_quote.history.order_by("-history_date").first().history_id
    assert client.get(reverse("admin:articles_quote_simple_history", args=[noted_quote.pk, hidden])).status_code == 404


def test_editor_sees_the_note_change_in_history(client, django_user_model, noted_quote):
    editor = django_user_model.objects.create_user(username="probe-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    noted_quote.confidential_note = NOTE_Z
    quote_save(quote=noted_quote)
    content = client.get(reverse("admin:articles_quote_history", args=[noted_quote.pk])).content.decode()
    assert "Zebra-source-288" in content


def test_the_system_check_refuses_an_admin_that_filters_by_a_protected_field():
    site = NewsroomAdminSite(name="probe")

    class LeakyQuoteAdmin(admin.ModelAdmin):
        list_filter = ["confidential_note"]
        search_fields = ["text", "confidential_note"]

    class LeakyArticleAdmin(admin.ModelAdmin):
        list_display = ["headline"]
        ordering = ["-quotes__confidential_note"]

    site.register(Quote, LeakyQuoteAdmin)
    site.register(ArticleFactory._meta.model, LeakyArticleAdmin)
    messages = [error.msg for error in protected_field_errors(site)]
    assert len(messages) == 3
    assert all(error.id == "newsroom.E001" for error in protected_field_errors(site))


def test_the_project_admin_passes_the_system_check():
    assert protected_field_errors(admin.site) == []


def test_a_text_field_offers_the_lookups_the_probe_tries():
    # The probe walks whatever lookups the field registers; make sure that includes the dangerous ones.
    lookups = set(models.TextField.get_lookups())
    assert {"startswith", "icontains", "regex", "gt", "in"} <= lookups


def test_a_note_only_edit_leaves_the_public_record_untouched(client, noted_quote):
    from articles.services import article_publish

    article_publish(article=noted_quote.article)
    before = Quote.objects.get(pk=noted_quote.pk)
    api = client.get(f"/api/v1/quotes/{noted_quote.pk}/")
    noted_quote.confidential_note = NOTE_Z
    quote_save(quote=noted_quote)
    after = Quote.objects.get(pk=noted_quote.pk)
    assert (after.confidential_note, after.updated_at) == (NOTE_Z, before.updated_at)
    assert client.get(f"/api/v1/quotes/{noted_quote.pk}/", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304
