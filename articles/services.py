"""
Writes with rules. Admin actions, commands and tests go through these functions.

`user` is the person acting; None means the system itself (a management command run
by an operator, a migration). Rights are checked here as well as in the admin, so no
path (form, action, import) lets a reporter publish.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleStatus, Correction, Quote, RejectedSuggestion

PUBLISH_PERMISSION = "articles.publish_article"
CONFIDENTIAL_PERMISSION = "articles.edit_confidential_note"
LOCKED_STATUSES = {ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN}


def can_publish(user) -> bool:
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def publishing_problems(*, article: Article, user) -> list[str]:
    """What `user` may not do in this edit of `article`: publishing is for editors only."""
    if can_publish(user):
        return []
    problems = []
    stored = (
        Article.objects.filter(pk=article.pk).values("status", "published_at", "embargo_until").first()
        if article.pk
        else None
    )
    if stored and stored["status"] in LOCKED_STATUSES:
        problems.append("Only editors can change an article once it is published or withdrawn.")
    elif article.status in LOCKED_STATUSES:
        problems.append("Only editors can publish or withdraw an article; submit it for review instead.")
    before = stored or {"published_at": None, "embargo_until": None}
    if (article.published_at, article.embargo_until) != (before["published_at"], before["embargo_until"]):
        problems.append("Only editors can set the publication time or an embargo.")
    return problems


def stale_edit_message(*, obj, seen_version: int) -> str:
    """Who saved `obj` since `seen_version`, when, and what they changed (never a confidential note)."""
    history = obj.history.all()
    latest = history.order_by("-history_date", "-history_id").first()
    seen = history.filter(version=seen_version).order_by("-history_date").first()
    noun = obj._meta.verbose_name
    if latest is None:
        return f"This {noun} was changed by someone else after you opened it. Reload it and apply your changes again."
    who = latest.history_user.get_username() if latest.history_user else "someone else"
    when = timezone.localtime(latest.history_date).strftime("%-d %B %Y %H:%M")
    changed = []
    if seen is not None:
        delta = latest.diff_against(seen, excluded_fields=["confidential_note"])
        for change in delta.changes:
            label = obj._meta.get_field(change.field).verbose_name
            value = change.new if isinstance(change.new, str | int | type(None)) else ", ".join(map(str, change.new))
            text = str(value) if value not in (None, "") else "(empty)"
            changed.append(f"{label}: “{text if len(text) <= 80 else text[:79] + '…'}”")
    details = f" Their changes: {'; '.join(changed)}." if changed else ""
    return (
        f"Not saved: {who} saved this {noun} at {when}, after you opened it.{details} "
        "Your edits are still in the form below; reload the page to start from their version."
    )


def _claim_version(obj, expected_version: int | None) -> None:
    """Lock the row; refuse a save based on an older version; set the next version."""
    if obj.pk is None:
        obj.version = 1
        return
    current = type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        obj.version = 1
        return
    if expected_version is not None and current != expected_version:
        raise ValidationError(stale_edit_message(obj=obj, seen_version=expected_version), code="stale")
    obj.version = current + 1


def _as(obj, user):
    """Record `user` as the author of the history entry this save creates."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    return obj


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
def article_save(
    *, article: Article, user=None, sync_quotes: bool = True, expected_version: int | None = None
) -> Article:
    """
    Validate and save an article. Refused when `user` may not make this change
    (publishing is for editors), or when `expected_version` is given and someone
    saved the article since. With `sync_quotes`, an edit that drops a quoted passage
    is refused naming the quotes it would orphan, and the others' spans follow the text.
    """
    problems = publishing_problems(article=article, user=user)
    if problems:
        raise PermissionDenied(" ".join(problems))
    article.full_clean()
    _claim_version(article, expected_version)
    if user is not None and user.is_authenticated:
        if article.pk is None:
            article.created_by = user
        article.updated_by = user
    if sync_quotes:
        article_sync_quotes(article=article)
    _as(article, user).save()
    return article


@transaction.atomic
def article_publish(*, article: Article, user=None, at: datetime.datetime | None = None) -> Article:
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
def article_correct(*, article: Article, text: str, user=None, published_on: datetime.date | None = None) -> Correction:
    """Record a correction on a published article; it is shown with the article, newest first."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can record corrections.")
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError("Corrections are for published articles; edit a draft directly.")
    correction = Correction(article=article, text=text.strip(), published_on=published_on or timezone.localdate())
    return correction_save(correction=correction, user=user)


@transaction.atomic
def correction_save(*, correction: Correction, user=None) -> Correction:
    if not can_publish(user):
        raise PermissionDenied("Only editors can record corrections.")
    correction.full_clean()
    if correction.pk is None and user is not None and user.is_authenticated:
        correction.created_by = user
    _as(correction, user).save()
    return correction


@transaction.atomic
def quote_save(*, quote: Quote, user=None, expected_version: int | None = None) -> Quote:
    """
    Validate (including the verbatim check, which stores the span) and save a quote.
    Quotes of a published or withdrawn article are for editors to change.
    """
    if not can_publish(user) and quote.article.status in LOCKED_STATUSES:
        raise PermissionDenied("Only editors can change the quotes of a published or withdrawn article.")
    if user is not None and not user.has_perm(CONFIDENTIAL_PERMISSION) and quote.pk is not None:
        # Whatever the form held, a user without the permission never changes the note.
        quote.confidential_note = Quote.objects.filter(pk=quote.pk).values_list("confidential_note", flat=True).get()
    quote.full_clean()
    _claim_version(quote, expected_version)
    _as(quote, user).save()
    return quote


@transaction.atomic
def suggestion_accept(*, quote: Quote, user=None, new_speaker_name: str = "") -> Quote:
    """
    Record a suggested quote (as the editor may have edited it) through quote_save, so
    the verbatim check and history apply. With `new_speaker_name`, a person of that
    name is created first and made the speaker. Words already recorded are refused.
    """
    from actors.models import Actor, ActorKind

    if Quote.objects.filter(article=quote.article, text=quote.text.strip()).exists():
        raise ValidationError("These words are already recorded as a quote of this article.")
    if new_speaker_name:
        from django.utils.text import slugify

        base = slugify(new_speaker_name) or "speaker"
        slug, number = base, 2
        while Actor.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        speaker = Actor(name=new_speaker_name.strip(), slug=slug, kind=ActorKind.PERSON)
        speaker.full_clean()
        _as(speaker, user).save()
        quote.speaker = speaker
    return quote_save(quote=quote, user=user)


def suggestion_reject(*, article: Article, text: str, user=None) -> RejectedSuggestion:
    """Remember that an editor rejected these words, so they are not proposed again."""
    rejection, _ = RejectedSuggestion.objects.get_or_create(
        article=article, text=text.strip(), defaults={"rejected_by": user if user and user.is_authenticated else None}
    )
    return rejection
