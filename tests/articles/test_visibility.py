import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Quote
from articles.querysets import is_public
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_unpublished_article_is_not_public(status):
    ArticleFactory(status=status)
    assert not Article.objects.public().exists()


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_quotes_of_unpublished_article_are_not_public(status):
    QuoteFactory(article=ArticleFactory(status=status))
    assert not Quote.objects.public().exists()


def test_published_article_without_embargo_is_public():
    article = ArticleFactory(embargo_until=None)
    assert list(Article.objects.public()) == [article]


def test_published_article_under_future_embargo_is_not_public():
    ArticleFactory(embargo_until=timezone.now() + HOUR)
    assert not Article.objects.public().exists()


def test_quotes_under_future_embargo_are_not_public():
    QuoteFactory(article=ArticleFactory(embargo_until=timezone.now() + HOUR))
    assert not Quote.objects.public().exists()


def test_published_article_past_embargo_is_public():
    article = ArticleFactory(embargo_until=timezone.now() - HOUR)
    assert list(Article.objects.public()) == [article]


def test_embargo_lifts_at_the_exact_moment():
    moment = timezone.now() + HOUR
    ArticleFactory(embargo_until=moment)
    assert not Article.objects.public(now=moment - datetime.timedelta(seconds=1)).exists()
    assert Article.objects.public(now=moment).exists()


def test_quotes_of_a_public_article_are_public():
    quote = QuoteFactory()
    assert list(Quote.objects.public()) == [quote]


def test_is_public_in_memory_agrees_with_the_public_queryset():
    now = timezone.now()
    cases = [
        ("published", None),
        ("published", now - datetime.timedelta(hours=1)),
        ("published", now + datetime.timedelta(hours=1)),
        ("draft", None),
        ("withdrawn", None),
        ("in_review", None),
    ]
    for status, embargo_until in cases:
        article = ArticleFactory(status=status, embargo_until=embargo_until, published_at=now)
        assert is_public(status=status, embargo_until=embargo_until, now=now) == (
            Article.objects.public(now=now).filter(pk=article.pk).exists()
        ), (status, embargo_until)
