"""
Quote.public_from and ArticleRoundLink.public_from, the copies of its article's public
state that the database keeps on each quote and each article–round link (migrations
articles.0008 and 0009): counts read them, so they must agree with public() whatever
wrote the article, the quote or the link, on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article, ArticleRoundLink, ArticleStatus, Quote
from articles.querysets import PUBLIC_SINCE_ALWAYS
from articles.services import article_save
from tests.factories import PHRASE, ActorFactory, ArticleFactory, QuoteFactory, RoundFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def counted(now=None):
    return set(Quote.objects.public_for_counts(now=now).values_list("pk", flat=True))


def public(now=None):
    return set(Quote.objects.public(now=now).values_list("pk", flat=True))


def counted_links(now=None):
    links = ArticleRoundLink.objects.public_for_counts(now=now)
    return set(links.values_list("article_id", "negotiationround_id"))


def public_links(now=None):
    links = Article.rounds.through.objects.filter(article__in=Article.objects.public(now=now))
    return set(links.values_list("article_id", "negotiationround_id"))


def linked(article):
    article.rounds.add(RoundFactory())
    return article


def stored_copy(quote):
    return Quote.objects.values_list("public_from", flat=True).get(pk=quote.pk)


STATES = {
    "draft": {"status": ArticleStatus.DRAFT, "published_at": None},
    "in review": {"status": ArticleStatus.IN_REVIEW, "published_at": None},
    "withdrawn": {"status": ArticleStatus.WITHDRAWN},
    "published": {"status": ArticleStatus.PUBLISHED},
    "embargo passed": {"status": ArticleStatus.PUBLISHED, "embargo_until": "past"},
    "embargo ahead": {"status": ArticleStatus.PUBLISHED, "embargo_until": "future"},
}


def article_in(state):
    values = dict(STATES[state])
    moments = {"past": timezone.now() - HOUR, "future": timezone.now() + HOUR}
    if "embargo_until" in values:
        values["embargo_until"] = moments[values["embargo_until"]]
    return ArticleFactory(**values)


@pytest.mark.parametrize("state", STATES)
def test_counted_quotes_are_the_public_ones_in_every_state(state):
    QuoteFactory(article=article_in(state))
    QuoteFactory()  # a public quote beside it
    assert counted() == public()


@pytest.mark.parametrize("state", STATES)
def test_counted_quotes_are_the_public_ones_after_the_embargo_lifts(state):
    QuoteFactory(article=article_in(state))
    later = timezone.now() + 2 * HOUR
    assert counted(now=later) == public(now=later)


@pytest.mark.parametrize("state", STATES)
def test_counted_links_are_those_of_public_articles_in_every_state(state):
    linked(article_in(state))
    linked(ArticleFactory())  # a public article beside it
    assert counted_links() == public_links()


@pytest.mark.parametrize("state", STATES)
def test_counted_links_are_those_of_public_articles_after_the_embargo_lifts(state):
    linked(article_in(state))
    later = timezone.now() + 2 * HOUR
    assert counted_links(now=later) == public_links(now=later)


def test_publishing_an_article_counts_its_links():
    article = linked(ArticleFactory(draft=True))
    article.status = ArticleStatus.PUBLISHED
    article.published_at = timezone.now()
    article_save(article=article)
    assert counted_links() == public_links() != set()


def test_a_withdrawal_written_past_the_models_stops_counting_links():
    article = linked(ArticleFactory())
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.WITHDRAWN)
    assert counted_links() == set()


def test_a_published_article_without_embargo_is_counted_from_the_start():
    quote = QuoteFactory(article=ArticleFactory(embargo_until=None))
    assert stored_copy(quote) == PUBLIC_SINCE_ALWAYS


def test_an_embargoed_quote_is_counted_from_the_embargo_end():
    moment = timezone.now() + HOUR
    quote = QuoteFactory(article=ArticleFactory(embargo_until=moment))
    assert counted(now=moment - datetime.timedelta(seconds=1)) == set()
    assert counted(now=moment) == {quote.pk}


def test_publishing_an_article_counts_its_quotes():
    article = ArticleFactory(draft=True)
    quote = QuoteFactory(article=article)
    article.status = ArticleStatus.PUBLISHED
    article.published_at = timezone.now()
    article_save(article=article)
    assert counted() == {quote.pk}


def test_a_withdrawal_written_past_the_models_stops_the_count():
    quote = QuoteFactory()
    Article.objects.filter(pk=quote.article_id).update(status=ArticleStatus.WITHDRAWN)
    assert counted() == set()


def test_an_embargo_written_past_the_models_stops_the_count():
    quote = QuoteFactory()
    Article.objects.filter(pk=quote.article_id).update(embargo_until=timezone.now() + HOUR)
    assert counted() == set()


def test_a_quote_saved_with_a_stale_copy_keeps_the_right_one():
    quote = QuoteFactory()
    quote.public_from = None  # as an instance read before the article was published
    quote.save()
    assert stored_copy(quote) == PUBLIC_SINCE_ALWAYS


def test_a_quote_cannot_be_written_as_public_in_a_draft():
    article = ArticleFactory(draft=True)
    Quote.objects.bulk_create(
        [Quote(article=article, text=PHRASE, speaker=ActorFactory(), public_from=PUBLIC_SINCE_ALWAYS)]
    )
    assert counted() == set()


def test_quotes_created_in_bulk_are_counted():
    article = ArticleFactory()
    speaker = ActorFactory()
    Quote.objects.bulk_create([Quote(article=article, text=PHRASE, speaker=speaker) for _ in range(3)])
    assert len(counted()) == 3


def test_a_quote_moved_to_a_draft_stops_being_counted():
    quote = QuoteFactory()
    draft = ArticleFactory(draft=True)
    Quote.objects.filter(pk=quote.pk).update(article=draft)
    assert counted() == set()


@pytest.mark.django_db(transaction=True)
def test_the_migrations_copy_the_state_of_existing_quotes_and_links_and_reverse():
    public_quote = QuoteFactory()
    draft_quote = QuoteFactory(article=ArticleFactory(draft=True))
    linked(public_quote.article)
    linked(draft_quote.article)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    executor.migrate([("articles", "0007_article_embargo_index")])
    executor.loader.build_graph()
    executor.migrate(latest)
    assert stored_copy(public_quote) == PUBLIC_SINCE_ALWAYS
    assert stored_copy(draft_quote) is None
    assert counted_links() == public_links() != set()
