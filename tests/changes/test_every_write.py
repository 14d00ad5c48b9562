"""
Nothing changes public data without a change in the log: every write service and every
admin action is walked here, and a new one fails the listing tests until it is walked.
"""

import inspect
from types import ModuleType

import pytest
from django.contrib import admin
from django.urls import reverse

import actors.services
import articles.services
import newsroom.services
from actors.models import Actor
from articles.models import Article, Correction, NegotiationRound, Quote
from articles.services import (
    NewArticles,
    article_correct,
    article_sync_quotes,
    correction_save,
    quote_set_co_speakers,
    quote_set_relay_chain,
    suggestion_accept,
)
from newsroom.changes.models import Change
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

from . import test_mirror as scenarios

ARTICLE = scenarios.ARTICLE


def _new_changes(since):
    return set(Change.objects.filter(sequence__gt=since).values_list("resource", "key", "action"))


def _head():
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def _suggestion_accept():
    article = Article.objects.get(slug=ARTICLE)
    words = article.body.split("\n\n")[0][:40]
    suggestion_accept(
        quote=Quote(article=article, text=words, kind="paraphrase", speaker_label="a diplomat", anonymous=True)
    )


def _correction_save():
    correction = article_correct(article=Article.objects.get(slug=ARTICLE), text="A first wording.")
    correction.text = "A better wording."
    correction_save(correction=correction)


def _article_sync_quotes():
    article = Article.objects.get(slug=ARTICLE)
    article.body = "A new first paragraph.\n\n" + article.body
    article_sync_quotes(article=article)
    article.save()


def _new_articles():
    batch = NewArticles()
    article = ArticleFactory.build(slug="from-a-batch")
    quote = QuoteFactory.build(article=article, speaker=Actor.objects.get(slug="russia"))
    assert batch.article_problems(article, []) == []
    assert batch.quote_problems(quote) == []
    batch.add(article, [], [quote])
    batch.write()


def _quote_set_relay_chain():
    quote_set_relay_chain(quote=Quote.objects.get(text="The meeting was good"), steps=[(None, "officials")])


def _quote_set_co_speakers():
    quote = Quote.objects.get(text="The meeting was good")
    quote_set_co_speakers(quote=quote, actors=[Actor.objects.get(slug="russia")])


def _the_relayed_quote():
    return ("quote", str(Quote.objects.get(text="The meeting was good").pk), "fetch")


# Each write service, a walk through it, and one change it must announce (or a function
# that gives it, for a key known only once the demo is loaded).
SERVICES = {
    "article_save": (scenarios.back_to_draft, ("article", ARTICLE, "remove")),
    "article_publish": (scenarios.publish_new_article, ("actor", "russia", "fetch")),
    "article_withdraw": (scenarios.withdraw, ("article", ARTICLE, "remove")),
    "article_set_rounds": (scenarios.unlink_round, ("round", "vienna-2018", "fetch")),
    "article_correct": (scenarios.correct, ("article", ARTICLE, "fetch")),
    "correction_save": (_correction_save, ("article", ARTICLE, "fetch")),
    "article_sync_quotes": (_article_sync_quotes, ("article", ARTICLE, "fetch")),
    "quote_save": (scenarios.edit_quote, ("article", ARTICLE, "fetch")),
    "quote_set_relay_chain": (_quote_set_relay_chain, _the_relayed_quote),
    "quote_set_co_speakers": (_quote_set_co_speakers, _the_relayed_quote),
    "suggestion_accept": (_suggestion_accept, ("article", ARTICLE, "fetch")),
    "NewArticles": (_new_articles, ("article", "from-a-batch", "fetch")),
    "actor_save": (scenarios.rename_speaker, ("actor", "bashar-al-jaafari", "fetch")),
    "actor_merge": (scenarios.merge_speaker_away, ("actor", "bashar-al-jaafari", "remove")),
    "record_save": (scenarios.add_alias, ("actor", "russia", "fetch")),
    "record_delete": (scenarios.delete_quote, ("article", ARTICLE, "fetch")),
}
# Functions of the service modules that change nothing a public client sees.
NOT_PUBLIC = {
    "can_publish",  # a question
    "changed_fields",  # a question
    "fill_publication_time",  # sets a field of an article in memory; article_save writes it
    "publishing_problems",  # a question
    "suggestion_reject",  # remembers rejected words, shown to staff only
    "actor_merge_preview",  # a question
    "as_author",  # marks the next save's author
    "may",  # a question
    "require",  # a question
}


def _writes_of(module: ModuleType):
    return {
        name
        for name, value in vars(module).items()
        if (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
        and not name.startswith("_")
        and name not in {"Refused", "MergeReport"}
    }


def test_every_service_is_walked():
    services = set().union(*map(_writes_of, [articles.services, actors.services, newsroom.services]))
    assert services - NOT_PUBLIC == set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_the_service_announces_its_change(name, demo):
    write, expected = SERVICES[name]
    since = _head()
    write()
    assert (expected() if callable(expected) else expected) in _new_changes(since)


# Every admin action (the site-wide ones as ("*", "*", name)), and a change it must announce.
ADMIN_ACTIONS = {
    ("articles", "article", "publish_selected"): ("article", ARTICLE, "fetch"),
    ("articles", "article", "withdraw_selected"): ("article", ARTICLE, "remove"),
    ("actors", "actor", "merge_selected"): ("actor", "afp", "remove"),
    ("changes", "delivery", "retry_selected"): None,  # deliveries are staff-only
    ("axes", "accessattempt", "cleanup_expired_attempts"): None,  # login attempts are staff-only
    ("*", "*", "delete_selected"): ("article", ARTICLE, "fetch"),  # walked on a quote
}


def test_every_admin_action_is_walked():
    actions = {
        (model._meta.app_label, model._meta.model_name, name)
        for model, model_admin in admin.site._registry.items()
        for name in (model_admin.actions or [])
    }
    actions |= {("*", "*", name) for name, _ in admin.site.actions}
    assert actions == set(ADMIN_ACTIONS)


def _post_action(client, app, model, action, ids, **extra):
    url = reverse(f"admin:{app}_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": ids, **extra})


def test_the_publish_action_announces_the_article(demo, admin_client):
    article = Article.objects.get(slug=ARTICLE)
    scenarios.back_to_draft()
    since = _head()
    _post_action(admin_client, "articles", "article", "publish_selected", [article.pk])
    assert ADMIN_ACTIONS["articles", "article", "publish_selected"] in _new_changes(since)


def test_the_withdraw_action_announces_the_removal(demo, admin_client):
    since = _head()
    _post_action(admin_client, "articles", "article", "withdraw_selected", [Article.objects.get(slug=ARTICLE).pk])
    assert ADMIN_ACTIONS["articles", "article", "withdraw_selected"] in _new_changes(since)


def test_the_merge_action_announces_the_merged_actor(demo, admin_client):
    keep, merge = Actor.objects.get(slug="reuters"), Actor.objects.get(slug="afp")
    since = _head()
    _post_action(admin_client, "actors", "actor", "merge_selected", [keep.pk, merge.pk], keep=keep.pk, confirm="1")
    assert not Actor.objects.filter(slug="afp").exists()
    change = Change.objects.get(sequence__gt=since, resource="actor", key="afp")
    assert (change.action, change.reason, change.replaced_by) == ("remove", "merged", "reuters")


def test_the_delete_action_announces_the_quote_and_its_article(demo, admin_client):
    quote = Quote.objects.filter(article__slug=ARTICLE).first()
    since = _head()
    _post_action(admin_client, "articles", "quote", "delete_selected", [quote.pk], post="yes")
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert {("quote", str(quote.pk), "remove"), ADMIN_ACTIONS["*", "*", "delete_selected"]} <= _new_changes(since)


def test_an_admin_edit_of_a_round_announces_it_and_what_embeds_it(demo, admin_client):
    round_ = NegotiationRound.objects.get(slug="vienna-2018")
    url = reverse("admin:articles_negotiationround_change", args=[round_.pk])
    data = form_data(admin_client.get(url))
    data["name"] = "Vienna meeting on the constitution"
    since = _head()
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert {("round", "vienna-2018", "fetch"), ("article", ARTICLE, "fetch")} <= _new_changes(since)


def test_a_deleted_correction_announces_the_article(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as the admin's save is
        correction = article_correct(article=Article.objects.get(slug=ARTICLE), text="Wrong venue.")
    since = _head()
    Correction.objects.filter(pk=correction.pk).get().delete()
    assert ("article", ARTICLE, "fetch") in _new_changes(since)
