"""
Writes with rules. Admin actions, commands and tests go through these functions.

`user` is the person acting; None means the system itself (a management command run
by an operator, a migration). Rights are checked here as well as in the admin, so no
path (form, action, import) lets a reporter publish.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.models import Actor, ActorKind
from newsroom.protection import hidden_fields, protected_fields
from newsroom.services import Refused, as_author, changed_fields, record_save, require
from newsroom.signals import bulk_created
from newsroom.validation import validate_loaded
from newsroom.versioning import claim_version

from .models import (
    Article,
    ArticleStatus,
    Correction,
    CoSpeaker,
    NegotiationRound,
    PublicationPrecision,
    Quote,
    QuoteKind,
    RejectedSuggestion,
    RelayStep,
)

if TYPE_CHECKING:
    from newsroom.services import User

PUBLISH_PERMISSION = "articles.publish_article"
CONFIDENTIAL_PERMISSION = "articles.edit_confidential_note"
LOCKED_STATUSES = {ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN}


def can_publish(user: User | None) -> bool:
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def _require_article_rights(article: Article, user: User | None) -> None:
    """Refuse unless `user` may add or change `article` as it now stands (publishing is for editors)."""
    require(user, "add" if article._state.adding else "change", Article)
    problems = publishing_problems(article=article, user=user)
    if problems:
        raise Refused(problems)


def _require_rounds_rights(article: Article, user: User | None) -> None:
    require(user, "change", Article)
    if not can_publish(user) and article.status in LOCKED_STATUSES:
        raise Refused("Only editors can change an article once it is published or withdrawn.", field="rounds")


def _require_quote_rights(quote: Quote, user: User | None) -> None:
    require(user, "add" if quote._state.adding else "change", Quote)
    if not can_publish(user) and quote.article.status in LOCKED_STATUSES:
        raise Refused("Only editors can change the quotes of a published or withdrawn article.")


def _refuse_new_protected_values(quote: Quote, user: User | None) -> None:
    """A user without the permission never sets a protected field on a new quote."""
    for name in hidden_fields(Quote, user):
        if getattr(quote, name):
            raise Refused("Your role may not write confidential notes.", field=name)


def publishing_problems(*, article: Article, user: User | None) -> list[tuple[str, str]]:
    """What `user` may not do in this edit of `article`, as (field, message): publishing is for editors only."""
    if can_publish(user):
        return []
    problems = []
    stored = (
        Article.objects.filter(pk=article.pk).values("status", "published_at", "embargo_until").first()
        if article.pk
        else None
    )
    if stored and stored["status"] in LOCKED_STATUSES:
        problems.append(("status", "Only editors can change an article once it is published or withdrawn."))
    elif article.status in LOCKED_STATUSES:
        problems.append(("status", "Only editors can publish or withdraw an article; submit it for review instead."))
    before = stored or {"published_at": None, "embargo_until": None}
    for name in ("published_at", "embargo_until"):
        if getattr(article, name) != before[name]:
            problems.append((name, "Only editors can set the publication time or an embargo."))
    return problems


def fill_publication_time(article: Article) -> None:
    """A published article left without a publication time is published now (the field's promise)."""
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
        article.published_precision = PublicationPrecision.TIME


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
    *, article: Article, user: User | None = None, sync_quotes: bool = True, expected_version: int | None = None
) -> Article:
    """
    Validate and save an article. Refused when `user` may not make this change
    (publishing is for editors), or when `expected_version` is given and someone
    saved the article since. With `sync_quotes`, an edit that drops a quoted passage
    is refused naming the quotes it would orphan, and the others' spans follow the text.
    """
    fill_publication_time(article)
    _require_article_rights(article, user)
    article.full_clean()
    claim_version(article, expected_version=expected_version, user=user)
    if user is not None and user.is_authenticated:
        if article.pk is None:
            article.created_by = user
        article.updated_by = user
    if sync_quotes:
        article_sync_quotes(article=article)
    as_author(article, user).save()
    return article


@transaction.atomic
def article_set_rounds(*, article: Article, rounds: Iterable[NegotiationRound], user: User | None = None) -> Article:
    """Link `article` to exactly `rounds`, with the rights an edit of the article needs."""
    _require_rounds_rights(article, user)
    as_author(article, user).rounds.set(rounds)
    return article


@transaction.atomic
def article_publish(*, article: Article, user: User | None = None, at: datetime.datetime | None = None) -> Article:
    """Publish now (or at `at`, kept as the publication time); the embargo still applies."""
    article.status = ArticleStatus.PUBLISHED
    if at is not None:
        article.published_at = at
    return article_save(article=article, user=user)


@transaction.atomic
def article_withdraw(*, article: Article, user: User | None = None) -> Article:
    """Take an article off every public surface; its record and quotes are kept."""
    article.status = ArticleStatus.WITHDRAWN
    return article_save(article=article, user=user, sync_quotes=False)


@transaction.atomic
def article_correct(
    *, article: Article, text: str, user: User | None = None, published_on: datetime.date | None = None
) -> Correction:
    """Record a correction on a published article; it is shown with the article, newest first."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can record corrections.")
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError("Corrections are for published articles; edit a draft directly.")
    correction = Correction(article=article, text=text.strip(), published_on=published_on or timezone.localdate())
    return correction_save(correction=correction, user=user)


@transaction.atomic
def correction_save(*, correction: Correction, user: User | None = None) -> Correction:
    if not can_publish(user):
        raise PermissionDenied("Only editors can record corrections.")
    require(user, "add" if correction._state.adding else "change", Correction)
    correction.full_clean()
    if correction.pk is None and user is not None and user.is_authenticated:
        correction.created_by = user
    as_author(correction, user).save()
    return correction


@transaction.atomic
def quote_save(*, quote: Quote, user: User | None = None, expected_version: int | None = None) -> Quote:
    """
    Validate (including the verbatim check, which stores the span) and save a quote.
    Quotes of a published or withdrawn article are for editors to change.
    """
    _require_quote_rights(quote, user)
    if quote._state.adding:
        _refuse_new_protected_values(quote, user)
    else:
        # A user without the permission never changes a protected field, whatever the
        # form or file held. The stored value is put back without comparing it with
        # theirs, so nothing here can tell them what it is.
        for name in hidden_fields(Quote, user):
            setattr(quote, name, Quote.objects.filter(pk=quote.pk).values_list(name, flat=True).get())
    quote.full_clean()
    claim_version(quote, expected_version=expected_version, user=user)
    if _only_protected_fields_changed(quote):
        # Nothing public changed: keep `updated_at`, so API sync, ETags and the "updated"
        # time on staff screens do not show that a confidential note was edited.
        as_author(quote, user).save(update_fields=[*protected_fields(Quote), "version", "span_start", "span_end"])
    else:
        as_author(quote, user).save()
    return quote


@transaction.atomic
def quote_set_relay_chain(*, quote: Quote, steps: list[tuple[Actor | None, str]], user: User | None = None) -> bool:
    """
    Make the relay chain of saved `quote` exactly `steps`, (actor, label) in order, with
    the rights a change of the quote needs. Returns whether anything changed.
    """
    wanted = [(actor.pk if actor else None, label.strip()) for actor, label in steps]
    stored = list(quote.relay_steps.order_by("position"))
    if [(step.actor_id, step.label) for step in stored] == wanted:
        return False
    _require_quote_rights(quote, user)
    for step in stored:
        as_author(step, user).delete()
    for position, (actor, label) in enumerate(steps, start=1):
        step = RelayStep(quote=quote, position=position, actor=actor, label=label.strip())
        step.full_clean()
        as_author(step, user).save()
    return True


@transaction.atomic
def quote_set_co_speakers(*, quote: Quote, actors: list[Actor], user: User | None = None) -> bool:
    """
    Make the other speakers of saved `quote` (a joint statement) exactly `actors`, in
    order, with the rights a change of the quote needs. Returns whether anything changed.
    """
    stored = list(quote.co_speakers.order_by("position"))
    if [co.actor_id for co in stored] == [actor.pk for actor in actors]:
        return False
    _require_quote_rights(quote, user)
    for co in stored:
        as_author(co, user).delete()
    for position, actor in enumerate(actors, start=2):
        co = CoSpeaker(quote=quote, position=position, actor=actor)
        co.full_clean()
        as_author(co, user).save()
    return True


def _only_protected_fields_changed(quote: Quote) -> bool:
    """True when `quote` is stored and differs from its stored row in protected fields only."""
    changed = changed_fields(quote)
    return bool(changed) and changed <= set(protected_fields(Quote))


@transaction.atomic
def suggestion_accept(*, quote: Quote, user: User | None = None, new_speaker_name: str = "") -> Quote:
    """
    Record a suggested quote (as the editor may have edited it) through quote_save, so
    the verbatim check and history apply. With `new_speaker_name`, a person of that
    name is created first and made the speaker. Words already recorded are refused.
    """
    if Quote.objects.filter(article=quote.article, text=quote.text.strip()).exists():
        raise ValidationError("These words are already recorded as a quote of this article.")
    if new_speaker_name:
        base = slugify(new_speaker_name) or "speaker"
        slug, number = base, 2
        while Actor.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        speaker = record_save(obj=Actor(name=new_speaker_name.strip(), slug=slug, kind=ActorKind.PERSON), user=user)
        quote.speaker = speaker
    return quote_save(quote=quote, user=user)


def suggestion_reject(*, article: Article, text: str, user: User | None = None) -> RejectedSuggestion:
    """Remember that an editor rejected these words, so they are not proposed again."""
    rejection, _ = RejectedSuggestion.objects.get_or_create(
        article=article, text=text.strip(), defaults={"rejected_by": user if user and user.is_authenticated else None}
    )
    return rejection


def _problems(error: Exception) -> list[tuple[str, str]]:
    """(field, message) pairs from a refusal or a validation error ("" for the record as a whole)."""
    if isinstance(error, Refused):
        return list(error.problems)
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [
            ("" if name == NON_FIELD_ERRORS else name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    if isinstance(error, ValidationError):
        return [("", message) for message in error.messages]
    return [("", str(error))]


class NewArticles:
    """
    New articles with their rounds and quotes, created by the hundred: each is checked
    as article_save, article_set_rounds and quote_save check one (rights, publishing,
    protected fields, fields, clean(), the verbatim check, constraints), and a batch is
    written with a few statements per table: rows, round links, history (with the
    importing user as author) and, through `bulk_created`, the search index and the
    page cache. Uniqueness of slugs and URLs is for the caller to check for a whole
    batch at once (the database refuses a duplicate in any case).

        batch = NewArticles(user=user)
        problems = batch.article_problems(article, rounds)
        problems += [p for quote in quotes for p in batch.quote_problems(quote)]
        if not problems:
            batch.add(article, rounds, quotes)
        ...
        batch.write()
    """

    def __init__(self, *, user: User | None = None):
        self.user = user
        self.pending: list[tuple[Article, list, list[Quote]]] = []
        self._checked: dict[int, object] = {}  # id -> the object itself, so a reused id cannot pass
        self._within: dict[int, tuple[Quote, Quote]] = {}
        self._steps: list[RelayStep] = []
        self._co_speakers: list[CoSpeaker] = []

    def article_problems(self, article: Article, rounds: Iterable[NegotiationRound]) -> list[tuple[str, str]]:
        """What keeps `article` (new, linked to `rounds`) from being created, as (field, message)."""
        if not article._state.adding:
            raise ValueError("NewArticles creates articles; change stored ones with article_save().")
        try:
            _require_article_rights(article, self.user)
            validate_loaded(article)
            if rounds:
                _require_rounds_rights(article, self.user)
        except (Refused, ValidationError) as error:
            return _problems(error)
        article.version = 1
        if self.user is not None and self.user.is_authenticated:
            article.created_by = article.updated_by = self.user
        self._checked[id(article)] = article
        return []

    def quote_problems(self, quote: Quote) -> list[tuple[str, str]]:
        """What keeps new `quote` (its article set) from being created; on success its span is stored."""
        try:
            _require_quote_rights(quote, self.user)
            _refuse_new_protected_values(quote, self.user)
            validate_loaded(quote, exclude=["article"])  # created with it, in the same batch
        except (Refused, ValidationError) as error:
            return _problems(error)
        quote.version = 1
        self._checked[id(quote)] = quote
        return []

    def link_co_speakers(self, quote: Quote, actors: list[Actor]) -> None:
        """Give checked new `quote` these other speakers, in order, once it is written."""
        for position, actor in enumerate(actors, start=2):
            if actor.pk == quote.speaker_id:
                raise ValueError(f"{actor} is the quote's first speaker already.")
            self._co_speakers.append(CoSpeaker(quote=quote, position=position, actor=actor))

    def link_relays(self, quote: Quote, steps: list[tuple[Actor | None, str]]) -> None:
        """Give checked new `quote` the relay chain `steps`, (actor, label) in order, once it is written."""
        for position, (actor, label) in enumerate(steps, start=1):
            step = RelayStep(quote=quote, position=position, actor=actor, label=label.strip())
            step.full_clean(exclude=["quote"])  # the quote has no id yet
            self._steps.append(step)

    def link_within(self, partial: Quote, paraphrase: Quote) -> None:
        """Make checked new `partial` part of checked new `paraphrase` (same article) once both are written."""
        if partial.kind != QuoteKind.PARTIAL or paraphrase.kind != QuoteKind.PARAPHRASE:
            raise ValueError("Only a partial quote is part of a paraphrase.")
        self._within[id(partial)] = (partial, paraphrase)

    def add(self, article: Article, rounds: Iterable[NegotiationRound], quotes: list[Quote]) -> None:
        """Queue an article, its rounds and quotes, each of which passed its check above."""
        if any(self._checked.get(id(obj)) is not obj for obj in [article, *quotes]):
            raise ValueError("Check each article and quote (article_problems, quote_problems) before adding it.")
        self.pending.append((article, list(rounds), list(quotes)))

    @transaction.atomic
    def write(self) -> None:
        """Create everything added since the last write."""
        if not self.pending:
            return
        author = self.user if self.user is not None and self.user.is_authenticated else None
        now = timezone.now()
        articles = [article for article, _, _ in self.pending]
        Article.objects.bulk_create(articles)
        Link = Article.rounds.through
        links = Link.objects.bulk_create(
            [Link(article=article, negotiationround=round_) for article, rounds, _ in self.pending for round_ in rounds]
        )
        history = Article.history.bulk_history_create(articles, default_user=author, default_date=now)
        # The first history entry of each article holds its rounds, as a save and a set() would.
        history_of = {entry.id: entry for entry in history}
        LinkHistory = apps.get_model(Article._meta.app_label, f"{Article.history.model.__name__}_rounds")
        LinkHistory.objects.bulk_create(
            [
                LinkHistory(
                    id=link.id,
                    article_id=link.article_id,
                    negotiationround_id=link.negotiationround_id,
                    history=history_of[link.article_id],
                )
                for link in links
            ]
        )
        quotes = []
        for article, _, article_quotes in self.pending:
            for quote in article_quotes:
                quote.article = article  # now that it has an id
                quotes.append(quote)
        Quote.objects.bulk_create(quotes)
        linked = []
        for partial, paraphrase in self._within.values():
            partial.within = paraphrase  # both have their ids now
            linked.append(partial)
        Quote.objects.bulk_update(linked, ["within"])
        self._within = {}
        Quote.history.bulk_history_create(quotes, default_user=author, default_date=now)
        if self._co_speakers:
            CoSpeaker.objects.bulk_create(self._co_speakers)  # each takes its quote's new id
            CoSpeaker.history.bulk_history_create(self._co_speakers, default_user=author, default_date=now)
            self._co_speakers = []
        if self._steps:
            RelayStep.objects.bulk_create(self._steps)  # each takes its quote's new id
            RelayStep.history.bulk_history_create(self._steps, default_user=author, default_date=now)
            self._steps = []
        bulk_created.send(sender=Article, instances=articles)
        bulk_created.send(sender=Quote, instances=quotes)
        self.pending = []
        self._checked.clear()
