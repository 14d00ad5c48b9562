"""
The permission matrix: each role against each action, through the admin with a
logged-in client (import through its service). Roles come from migration articles.0003.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from actors.models import Actor
from articles.interchange import ImportFailed, records_import
from articles.models import Article, Quote
from tests.admin.forms import form_data
from tests.conftest import DEMO
from tests.factories import ActorFactory, ArticleFactory, QuoteFactory
from tests.integrity.conftest import SENTINEL_NOTE

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "editor", "researcher"]
# action -> roles allowed to do it
MATRIX = {
    "create": {"reporter", "editor"},
    "edit": {"reporter", "editor"},
    "submit": {"reporter", "editor"},
    "publish_by_form": {"editor"},
    "publish_by_action": {"editor"},
    "withdraw": {"editor"},
    "edit_published": {"editor"},
    "view_note": {"editor"},
    "edit_note": {"editor"},
    "merge": {"editor"},
    "revert": {"editor"},
    "import_published": {"editor"},
}


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post_article_change(client, article, **changes):
    url = article_url(article)
    page = client.get(url)
    if page.status_code != 200:
        return page
    data = form_data(page)
    data.update(changes)
    return client.post(url, data)


def test_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Reporter", "Editor", "Researcher"}
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    reporter = set(Group.objects.get(name="Reporter").permissions.values_list("codename", flat=True))
    researcher = set(Group.objects.get(name="Researcher").permissions.values_list("codename", flat=True))
    assert {"publish_article", "edit_confidential_note", "merge_actor", "revert_history"} <= editor
    assert not {"publish_article", "edit_confidential_note", "merge_actor", "revert_history"} & reporter
    assert not {"delete_article", "add_correction"} & reporter
    assert all(codename.startswith("view_") for codename in researcher)


def do_create(client):
    url = reverse("admin:articles_article_add")
    page = client.get(url)
    if page.status_code != 200:
        return False
    data = form_data(page)
    data.update({"headline": "New draft", "slug": "new-draft", "body": "Text.", "status": "draft", "language": "en"})
    client.post(url, data)
    return Article.objects.filter(slug="new-draft").exists()


def do_edit(client):
    article = ArticleFactory(draft=True, headline="Old headline")
    post_article_change(client, article, headline="New headline")
    return Article.objects.get(pk=article.pk).headline == "New headline"


def do_submit(client):
    article = ArticleFactory(draft=True)
    post_article_change(client, article, status="in_review")
    return Article.objects.get(pk=article.pk).status == "in_review"


def do_publish_by_form(client):
    article = ArticleFactory(status="in_review", published_at=None)
    post_article_change(client, article, status="published", published_at_0="2018-01-25", published_at_1="12:00:00")
    return Article.objects.get(pk=article.pk).status == "published"


def do_publish_by_action(client):
    article = ArticleFactory(status="in_review", published_at=None)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    return Article.objects.get(pk=article.pk).status == "published"


def do_withdraw(client):
    article = ArticleFactory()
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    return Article.objects.get(pk=article.pk).status == "withdrawn"


def do_edit_published(client):
    article = ArticleFactory(headline="Published headline")
    post_article_change(client, article, headline="Changed after publication")
    return Article.objects.get(pk=article.pk).headline == "Changed after publication"


def noted_quote():
    return QuoteFactory(article=ArticleFactory(draft=True), confidential_note=SENTINEL_NOTE)


def do_view_note(client):
    quote = noted_quote()
    page = client.get(reverse("admin:articles_quote_change", args=[quote.pk]))
    history = client.get(reverse("admin:articles_quote_history", args=[quote.pk]))
    return SENTINEL_NOTE in page.content.decode() + history.content.decode()


def do_edit_note(client):
    quote = noted_quote()
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    page = client.get(url)
    if page.status_code != 200:
        return False
    data = form_data(page)
    data["confidential_note"] = "Rewritten note"
    client.post(url, data)
    return Quote.objects.get(pk=quote.pk).confidential_note == "Rewritten note"


def do_merge(client):
    keep, other = ActorFactory(name="Keep"), ActorFactory(name="Other")
    url = reverse("admin:actors_actor_changelist")
    client.post(
        url, {"action": "merge_selected", "_selected_action": [keep.pk, other.pk], "keep": keep.pk, "confirm": "yes"}
    )
    return not Actor.objects.filter(pk=other.pk).exists()


def do_revert(client):
    from articles.services import article_save

    article = ArticleFactory(draft=True, headline="First headline")
    article.headline = "Second headline"
    article_save(article=article, sync_quotes=False)
    first = article.history.order_by("history_date").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    page = client.get(url)
    if page.status_code != 200:
        return False
    client.post(url, form_data(page))
    return Article.objects.get(pk=article.pk).headline == "First headline"


def do_import_published(client):
    user = client.session.get("_auth_user_id")
    from django.contrib.auth import get_user_model

    with open(DEMO, encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        records_import(data=data, user=get_user_model().objects.get(pk=user))
    except ImportFailed:
        return False
    return Article.objects.filter(status="published").exists()


ACTIONS = {name: globals()[f"do_{name}"] for name in MATRIX}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_permission_matrix(as_role, role, action):
    client = as_role(role)
    assert ACTIONS[action](client) is (role in MATRIX[action])


def test_reporter_sees_only_draft_and_review_statuses(as_role):
    article = ArticleFactory(draft=True)
    content = as_role("reporter").get(article_url(article)).content.decode()
    assert '<option value="in_review"' in content
    assert '<option value="published"' not in content


def test_reporter_cannot_publish_by_a_forged_form(as_role):
    article = ArticleFactory(draft=True)
    response = post_article_change(as_role("reporter"), article, status="published")
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_reporter_publishing_through_the_service_is_refused(reporter):
    from django.core.exceptions import PermissionDenied

    from articles.services import article_publish

    with pytest.raises(PermissionDenied, match="Only editors"):
        article_publish(article=ArticleFactory(draft=True), user=reporter)


def test_every_model_of_the_project_is_in_the_roles_matrix():
    from django.apps import apps

    from articles.roles import MODELS

    project = ["actors", "articles", "search", "newsroom"]
    models = {
        model._meta.label_lower
        for label in project
        for model in apps.get_app_config(label).get_models()
        if not hasattr(model, "instance_type")  # a history model follows its record
    }
    assert models == set(MODELS)


@pytest.mark.parametrize("role", ["Reporter", "Editor", "Researcher"])
def test_each_group_holds_exactly_the_matrix(role):
    from articles.roles import permissions_of

    group = Group.objects.get(name=role)
    held = {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert held == permissions_of(role)


def test_editor_can_lift_a_rejected_suggestion(as_role):
    from articles.models import RejectedSuggestion
    from articles.services import suggestion_reject

    rejection = suggestion_reject(article=ArticleFactory(draft=True), text="tough but useful")
    client = as_role("editor")
    url = reverse("admin:articles_rejectedsuggestion_delete", args=[rejection.pk])
    assert client.get(reverse("admin:articles_rejectedsuggestion_changelist")).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not RejectedSuggestion.objects.filter(pk=rejection.pk).exists()


@pytest.mark.parametrize("role", ["reporter", "researcher"])
def test_others_see_rejections_but_cannot_lift_them(as_role, role):
    from articles.models import RejectedSuggestion
    from articles.services import suggestion_reject

    rejection = suggestion_reject(article=ArticleFactory(draft=True), text="tough but useful")
    client = as_role(role)
    assert client.get(reverse("admin:articles_rejectedsuggestion_changelist")).status_code == 200
    client.post(reverse("admin:articles_rejectedsuggestion_delete", args=[rejection.pk]), {"post": "yes"})
    assert RejectedSuggestion.objects.filter(pk=rejection.pk).exists()


def test_reverting_an_actor_needs_the_actors_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    from actors.services import actor_save

    actor = ActorFactory(name="First name")
    actor.name = "Second name"
    actor_save(actor=actor)
    first = actor.history.order_by("history_date").first()
    url = reverse("admin:actors_actor_simple_history", args=[actor.pk, first.history_id])
    user = django_user_model.objects.create_user(username="articles-only", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_actor", "change_actor", "revert_history"], content_type__app_label="articles"
        )
        | Permission.objects.filter(codename__in=["view_actor", "change_actor"], content_type__app_label="actors")
    )
    client.force_login(user)
    client.post(url, form_data(client.get(url)))
    assert Actor.objects.get(pk=actor.pk).name == "Second name"
    user.user_permissions.add(Permission.objects.get(codename="revert_history", content_type__app_label="actors"))
    user = django_user_model.objects.get(pk=user.pk)  # a fresh permission cache
    client.force_login(user)
    client.post(url, form_data(client.get(url)))
    assert Actor.objects.get(pk=actor.pk).name == "First name"
