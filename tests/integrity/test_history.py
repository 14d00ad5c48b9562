"""Every change is recorded with its author, shown with a diff, and can be reverted."""

import pytest
from django.urls import reverse

from actors.models import Actor, Affiliation
from articles.models import Article, NegotiationRound, Quote, RoundParticipant
from tests.admin.forms import form_data
from tests.factories import (
    ActorFactory,
    AffiliationFactory,
    ArticleFactory,
    ParticipantFactory,
    QuoteFactory,
    RoundFactory,
)
from tests.integrity.conftest import SENTINEL_NOTE

pytestmark = pytest.mark.django_db


def change_in_admin(client, obj, **changes):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize(
    ("factory", "changes", "field", "value"),
    [
        (lambda: ArticleFactory(draft=True), {"headline": "Edited"}, "headline", "Edited"),
        (
            lambda: QuoteFactory(article=ArticleFactory(draft=True)),
            {"speaker_label": "the envoy"},
            "speaker_label",
            "the envoy",
        ),
        (lambda: ActorFactory(), {"description": "Edited"}, "description", "Edited"),
        (lambda: AffiliationFactory(), {"role": "Prime Minister"}, "role", "Prime Minister"),
        (lambda: RoundFactory(), {"outcome": "Agreement signed."}, "outcome", "Agreement signed."),
    ],
    ids=["article", "quote", "actor", "affiliation", "round"],
)
def test_admin_change_is_recorded_with_its_author(as_role, editor, factory, changes, field, value):
    obj = factory()
    change_in_admin(as_role("editor"), obj, **changes)
    latest = obj.history.order_by("-history_date").first()
    assert getattr(latest, field) == value
    assert latest.history_user == editor
    assert latest.history_type == "~"


def test_participant_change_through_the_round_page_is_recorded(as_role, editor):
    participant = ParticipantFactory(role="party")
    client = as_role("editor")
    url = reverse("admin:articles_negotiationround_change", args=[participant.round.pk])
    data = form_data(client.get(url))
    data["participants-0-role"] = "mediator"
    assert client.post(url, data).status_code == 302
    latest = RoundParticipant.history.filter(id=participant.pk).order_by("-history_date").first()
    assert (latest.role, latest.history_user) == ("mediator", editor)


def test_article_rounds_change_is_recorded(as_role):
    article = ArticleFactory(draft=True)
    round_ = RoundFactory(name="Added round")
    change_in_admin(as_role("editor"), article, rounds=[str(round_.pk)])
    latest = article.history.order_by("-history_date").first()
    assert [r.negotiationround_id for r in latest.rounds.all()] == [round_.pk]


def test_history_page_shows_a_diff(as_role):
    article = ArticleFactory(draft=True, headline="Before")
    client = as_role("editor")
    change_in_admin(client, article, headline="After")
    content = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "Before" in content and "After" in content
    assert "editor" in content


def test_revert_restores_the_earlier_state(as_role):
    article = ArticleFactory(draft=True, headline="Original", body="Original body.")
    client = as_role("editor")
    change_in_admin(client, article, headline="Changed", body="Changed body.")
    original = article.history.order_by("history_date").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, original.history_id])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Original", "Original body.")


def test_note_changes_are_hidden_from_history_without_the_permission(as_role, editor, django_user_model):
    from django.contrib.auth.models import Group, Permission

    quote = QuoteFactory(article=ArticleFactory(draft=True), confidential_note="first")
    client = as_role("editor")
    change_in_admin(client, quote, confidential_note=SENTINEL_NOTE)
    history_url = reverse("admin:articles_quote_history", args=[quote.pk])
    assert SENTINEL_NOTE in client.get(history_url).content.decode()

    without = django_user_model.objects.create_user(username="nonote", is_staff=True)
    without.groups.add(Group.objects.get(name="Editor"))
    without.user_permissions.clear()
    group_minus_note = Group.objects.create(name="Editor without notes")
    group_minus_note.permissions.set(
        Group.objects.get(name="Editor").permissions.exclude(codename="edit_confidential_note")
    )
    without.groups.set([group_minus_note])
    client.force_login(without)
    content = client.get(history_url).content.decode()
    assert SENTINEL_NOTE not in content
    latest = quote.history.order_by("-history_date").first()
    version = client.get(reverse("admin:articles_quote_simple_history", args=[quote.pk, latest.history_id]))
    assert SENTINEL_NOTE not in version.content.decode()
    assert Permission.objects.filter(codename="edit_confidential_note").exists()


def test_service_saves_record_history_too():
    from articles.services import article_publish

    article = ArticleFactory(draft=True)
    article_publish(article=article)
    assert [h.status for h in article.history.order_by("history_date")] == ["draft", "published"]


def test_every_editorial_model_keeps_history():
    for model in (Article, Quote, Actor, Affiliation, NegotiationRound, RoundParticipant):
        assert hasattr(model, "history"), model


@pytest.mark.parametrize(
    "path",
    [
        "articles/quote/abc/history/",
        "articles/quote/abc/history/1/",
        "articles/quote/1/history/abc/",
        "actors/actor/x%00y/history/",
        "articles/article/1.5/history/2/",
    ],
)
def test_history_addresses_with_malformed_ids_are_404(as_role, path):
    client = as_role("reporter")
    client.raise_request_exception = False
    assert client.get(f"/admin/{path}").status_code in (400, 404)


def test_a_revert_outside_a_test_transaction_saves(transactional_db, client, django_user_model):
    """As in production: the view runs its own transaction (PostgreSQL refused the row lock without one)."""
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(username="reverter", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editor")[0])
    editor.is_superuser = True
    editor.save()
    article = ArticleFactory(draft=True, headline="Original", body="Original body.")
    client.force_login(editor)
    change_in_admin(client, article, headline="Changed", body="Changed body.")
    original = article.history.order_by("history_date").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, original.history_id])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Original"
