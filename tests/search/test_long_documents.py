"""
A very long article saves and is searchable on both databases: PostgreSQL cannot
store a tsvector over 1 MB, so the index keeps the longest beginning that fits
(the same cut on SQLite, so both behave alike) and says nothing is lost from the record.
"""

import itertools
import string

import pytest

from articles.models import Article
from newsroom.search.documents import INDEX_BUDGET, fit_for_index, index_size_estimate
from newsroom.search.engine import search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def distinct_words(count):
    """`count` different made-up words: the worst case for an index, nothing repeats."""
    letters = itertools.product(string.ascii_lowercase, repeat=5)
    return ["q" + "".join(next(letters)) for _ in range(count)]


@pytest.fixture(scope="module")
def huge_body():
    words = distinct_words(150_000)  # about 1 MB of text
    return " ".join(["Zanzibarite", *words, "Quokkaville"])


def test_a_body_over_the_limit_is_cut_to_fit(huge_body):
    title, body, extra = fit_for_index("Headline", huge_body)
    assert len(body) < len(huge_body)
    assert huge_body.startswith(body)
    assert index_size_estimate(title, body, extra) <= INDEX_BUDGET


def test_an_ordinary_article_is_indexed_whole():
    body = "The envoys met again. " * 2000  # 44,000 characters of repeated words
    assert fit_for_index("Headline", body)[1] == body


def test_a_huge_article_saves_whole_and_is_found_by_its_beginning(huge_body):
    article = ArticleFactory(headline="A very long transcript", body=huge_body)
    assert Article.objects.get(pk=article.pk).body == huge_body
    public = Article.objects.public()
    assert list(search(public, "Zanzibarite")) == [article]
    assert list(search(public, "Quokkaville")) == []  # past what the index holds
