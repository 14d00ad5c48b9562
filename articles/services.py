"""Writes with rules. Admin actions, commands and tests go through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleStatus, Quote


@transaction.atomic
def article_sync_quotes(*, article: Article) -> Article:
    """
    Re-locate every saved quote of `article` in its current body and store the
    spans that moved. Raises a ValidationError on `body` naming each direct or
    partial quote that no longer appears in it; nothing is saved then.
    """
    quotes = list(article.quotes.select_related("speaker")) if article.pk else []
    before = {quote.pk: (quote.span_start, quote.span_end) for quote in quotes}
    problems = [problem for quote in quotes if (problem := quote.locate_in(article.body))]
    if problems:
        raise ValidationError({"body": problems})
    moved = [quote for quote in quotes if before[quote.pk] != (quote.span_start, quote.span_end)]
    if moved:
        Quote.objects.bulk_update(moved, ["span_start", "span_end"])
    return article


@transaction.atomic
def article_save(*, article: Article, user=None, sync_quotes: bool = True) -> Article:
    """
    Validate and save an article. With `sync_quotes`, the body is checked against
    the article's recorded quotes first: an edit that drops a quoted passage is
    refused with the quotes it would orphan, and the spans of the others follow
    the text.
    """
    article.full_clean()
    if user is not None and user.is_authenticated:
        if article.pk is None:
            article.created_by = user
        article.updated_by = user
    if sync_quotes:
        article_sync_quotes(article=article)
    article.save()
    return article


@transaction.atomic
def article_publish(*, article: Article, user=None, at=None) -> Article:
    """Publish now (or at `at`, kept as the publication time); the embargo still applies."""
    article.status = ArticleStatus.PUBLISHED
    if at is not None:
        article.published_at = at
    elif article.published_at is None:
        article.published_at = timezone.now()
    return article_save(article=article, user=user)


@transaction.atomic
def article_withdraw(*, article: Article, user=None) -> Article:
    """Take an article off every public surface; its record and quotes are kept."""
    article.status = ArticleStatus.WITHDRAWN
    return article_save(article=article, user=user, sync_quotes=False)


@transaction.atomic
def quote_save(*, quote: Quote) -> Quote:
    """Validate (including the verbatim check, which stores the span) and save a quote."""
    quote.full_clean()
    quote.save()
    return quote
