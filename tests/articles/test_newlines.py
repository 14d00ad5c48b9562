"""Line breaks are stored as "\n" only, whatever sent them (a browser sends CRLF)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.models import Article, Quote
from articles.rendering import body_blocks
from tests.factories import PHRASE, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

CRLF_BODY = f"First paragraph.\r\n\r\nThen: {PHRASE}, one said.\r\nA second line.\r\n\r\nLast."
MIGRATION = importlib.import_module("articles.migrations.0010_normalize_newlines")


def test_a_saved_body_keeps_its_paragraphs_and_quote_positions():
    quote = QuoteFactory(article=ArticleFactory(body=CRLF_BODY, standfirst="One.\r\nTwo."))
    article = Article.objects.get(pk=quote.article_id)
    assert "\r" not in article.body + article.standfirst
    assert len(body_blocks(article.body, [])) == 3
    quote.refresh_from_db()
    assert article.body[quote.span_start : quote.span_end] == PHRASE


def test_the_migration_normalizes_bodies_saved_before_and_moves_their_quotes():
    quote = QuoteFactory(article=ArticleFactory(body=CRLF_BODY.replace("\r", "")))
    untouched = QuoteFactory()
    # As saved before the fix: carriage returns in the body, offsets counting them.
    Article.objects.filter(pk=quote.article_id).update(body=CRLF_BODY, standfirst="One.\r\nTwo.")
    start = CRLF_BODY.index(PHRASE)
    Quote.objects.filter(pk=quote.pk).update(span_start=start, span_end=start + len(PHRASE), text=PHRASE)
    spans_before = Quote.objects.filter(pk=untouched.pk).values_list("span_start", "span_end").get()

    MIGRATION.normalize_newlines(apps, SimpleNamespace(connection=connection))  # what it uses of a schema editor

    article = Article.objects.get(pk=quote.article_id)
    assert article.body == CRLF_BODY.replace("\r\n", "\n")
    assert article.standfirst == "One.\nTwo."
    quote.refresh_from_db()
    assert article.body[quote.span_start : quote.span_end] == PHRASE
    assert Quote.objects.filter(pk=untouched.pk).values_list("span_start", "span_end").get() == spans_before
