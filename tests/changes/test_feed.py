"""/api/v1/changes/: order, paging, errors, query count, and nothing about what the public never saw."""

import datetime
import json

import pytest
from django.utils import timezone

from actors.models import Actor
from actors.services import actor_save
from articles.models import Article, NegotiationRound, Quote
from articles.services import article_publish, article_save, article_withdraw, quote_save
from newsroom.changes import log
from newsroom.changes.models import Change
from newsroom.services import record_save
from tests.factories import ArticleFactory, QuoteFactory, RoundFactory

URL = "/api/v1/changes/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as its own committed transaction (as a request or command does)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def feed(client, after=0, **params):
    response = client.get(URL, {"after": after, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_without_after_the_feed_says_where_it_stands(client, demo):
    page = client.get(URL).json()
    assert page["results"] == [] and page["latest"] == log.head() > 0
    assert page["next"].endswith(f"?after={page['latest']}")


def test_changes_come_in_sequence_order_with_their_addresses(client, demo):
    results = feed(client)["results"]
    sequences = [change["sequence"] for change in results]
    assert sequences == sorted(sequences)
    article = next(change for change in results if change["resource"] == "article")
    assert article["url"] == "http://testserver/api/v1/articles/vienna-talks-2018/"
    assert article["action"] == "fetch" and article["id"] == str(article["sequence"])


def test_pages_follow_each_other_with_next(client, demo):
    first = feed(client, page_size=5)
    assert len(first["results"]) == 5 and first["next"].endswith(f"after={first['after']}&page_size=5")
    second = client.get(first["next"]).json()
    assert second["results"][0]["sequence"] > first["results"][-1]["sequence"]


def test_the_last_page_has_no_next_and_keeps_the_position(client, demo):
    page = feed(client, after=log.head())
    assert page == {"latest": log.head(), "results": [], "next": None, "after": log.head()}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"after": "x"}, "after"),
        ({"after": "-1"}, "after"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, db, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_page_costs_three_queries_whatever_its_size(client, demo, django_assert_num_queries):
    with django_assert_num_queries(3):  # releases due?, head, the page
        assert len(feed(client, page_size=1000)["results"]) > 20


def test_a_draft_is_never_announced(client, db, committed):
    article = committed(ArticleFactory, draft=True, slug="secret-ceasefire-plan", headline="Secret ceasefire plan")
    committed(QuoteFactory, article=article)
    assert not Change.objects.filter(resource__in=["article", "quote"]).exists()
    assert "secret" not in json.dumps(feed(client)).lower()


def test_an_embargoed_article_is_not_announced_before_it_lifts(client, db, committed):
    article = committed(ArticleFactory, draft=True, slug="embargoed-deal")
    committed(QuoteFactory, article=article)
    article.embargo_until = timezone.now() + datetime.timedelta(hours=1)
    committed(article_publish, article=article)
    assert "embargoed-deal" not in json.dumps(feed(client))


def test_an_embargo_that_lifted_is_announced_by_the_next_read(client, db, committed):
    article = committed(ArticleFactory, draft=True, slug="embargoed-deal")
    article.embargo_until = timezone.now() + datetime.timedelta(hours=1)
    committed(article_publish, article=article)
    Article.objects.filter(pk=article.pk).update(embargo_until=timezone.now() - datetime.timedelta(seconds=1))
    log.schedule("article", article.pk, timezone.now() - datetime.timedelta(seconds=1))
    results = feed(client)["results"]
    assert ("article", "embargoed-deal", "fetch") in {(c["resource"], c["key"], c["action"]) for c in results}


def test_a_withdrawal_is_a_tombstone_without_content(client, db, committed):
    article = committed(ArticleFactory, slug="talks-collapse", headline="Talks collapse in the night")
    committed(article_withdraw, article=article)
    tombstone = feed(client)["results"][-1]
    assert (tombstone["action"], tombstone["reason"], tombstone["key"]) == ("remove", "withdrawn", "talks-collapse")
    assert "collapse in the night" not in json.dumps(feed(client)).lower()


def test_a_slug_changed_while_withdrawn_is_never_shown(client, db, committed):
    article = committed(ArticleFactory, slug="talks-collapse")
    committed(article_withdraw, article=article)
    article.slug = "envoy-resigns-tomorrow"
    committed(article_save, article=article)
    assert "envoy-resigns" not in json.dumps(feed(client))


def test_a_renamed_record_is_removed_at_its_old_address(client, db, committed):
    actor = committed(actor_save, actor=Actor(name="Moscow", slug="moscow", kind="government"))
    actor.slug = "russia"
    committed(actor_save, actor=actor)
    removal, fetch = feed(client)["results"][-2:]
    assert (removal["action"], removal["reason"], removal["key"]) == ("remove", "renamed", "moscow")
    assert removal["replaced_by"].endswith("/api/v1/actors/russia/")
    assert (fetch["action"], fetch["key"]) == ("fetch", "russia")


def test_a_confidential_note_edit_is_not_announced(client, db, committed):
    quote = committed(QuoteFactory)
    before = log.head()
    quote = Quote.objects.get(pk=quote.pk)
    quote.confidential_note = "Met the source in the hotel bar."
    committed(quote_save, quote=quote)
    assert log.head() == before


def test_a_public_edit_of_a_quote_is_announced(client, db, committed):
    quote = committed(QuoteFactory)
    before = log.head()
    quote = Quote.objects.get(pk=quote.pk)
    quote.speaker_label = "the chief negotiator"
    committed(quote_save, quote=quote)
    assert ("quote", str(quote.pk)) in set(Change.objects.filter(sequence__gt=before).values_list("resource", "key"))


def test_the_schema_documents_the_feed_and_the_signature(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert "full sync" in operation["description"].lower()
    assert "Newsroom-Signature" in schema["info"]["description"]


def test_an_internal_note_edit_alone_is_not_announced_and_keeps_updated_at(db, committed):
    round_ = committed(RoundFactory)
    before, updated_at = log.head(), round_.updated_at
    round_ = NegotiationRound.objects.get(pk=round_.pk)
    round_.internal_note = "The host asked us not to report the venue change."
    committed(record_save, obj=round_)
    round_.refresh_from_db()
    assert round_.internal_note.startswith("The host asked")
    assert (log.head(), round_.updated_at) == (before, updated_at)


def test_an_editorial_note_edit_of_a_round_is_announced(db, committed):
    round_ = committed(RoundFactory)
    before = log.head()
    round_ = NegotiationRound.objects.get(pk=round_.pk)
    round_.editorial_note = "The dates moved twice."
    committed(record_save, obj=round_)
    assert log.head() > before
