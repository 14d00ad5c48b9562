"""
What the change log (newsroom.changes) must announce when articles, quotes, actors,
rounds and processes change, and the signal receivers that announce it.

Each receiver names the records whose API representation the write may have changed:
the record itself, and every public record that embeds a summary of it (a quote embeds
its speaker, its round and its article; an article its quotes, outlet and rounds; an
actor its aliases, affiliations and quote count...). The log then compares each with
what it last announced (see newsroom.changes.log), so an over-generous list costs a
few queries, never a wrong answer. Receivers run inside the writing transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import F, Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.utils import timezone

from actors.models import Actor, ActorIdentifier, Affiliation, Alias
from newsroom.changes import log
from newsroom.changes.models import Reason
from newsroom.changes.registry import Resource, State, register
from newsroom.protection import protected_fields
from newsroom.signals import bulk_created

from .models import (
    Article,
    ArticleStatus,
    Correction,
    CoSpeaker,
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    ProcessSource,
    Quote,
    RelayStep,
    RoundIdentifier,
    RoundParticipant,
    RoundSource,
)
from .querysets import is_public

UID = "newsroom-changes"
# What a pre_save receiver reads of the stored row, to see what an edit changed.
BEFORE = {
    Article: ("status", "embargo_until"),
    Quote: ("article_id", "speaker_id", "round_id", "span_start", "span_end"),
    Actor: ("slug", "name", "kind"),
    NegotiationRound: (
        "slug",
        "name",
        "status",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "process_id",
    ),
    NegotiationProcess: ("slug", "name"),
    Affiliation: ("person_id",),
}


def _article_state(row: Mapping[str, Any], now: datetime.datetime) -> State:
    key = row.get("slug") or str(row["pk"])
    if is_public(status=row["status"], embargo_until=row["embargo_until"], now=now):
        return State(key, True)
    if row["status"] == ArticleStatus.WITHDRAWN:
        return State(key, False, Reason.WITHDRAWN)
    if row["status"] == ArticleStatus.PUBLISHED:
        return State(key, False, Reason.EMBARGOED)
    return State(key, False, Reason.UNPUBLISHED)


def article_states(ids: list[int]) -> dict[int, State]:
    now = timezone.now()
    rows = Article.objects.filter(pk__in=ids).order_by().values("pk", "slug", "status", "embargo_until")
    return {row["pk"]: _article_state(row, now) for row in rows}


def quote_states(ids: list[int]) -> dict[int, State]:
    now = timezone.now()
    rows = (
        Quote.objects.filter(pk__in=ids)
        .order_by()
        .values("pk", status=F("article__status"), embargo_until=F("article__embargo_until"))
    )
    return {row["pk"]: _article_state(row, now) for row in rows}


def _reference_states(model) -> Any:
    def states(ids: list[int]) -> dict[int, State]:
        return {
            pk: State(slug, True) for pk, slug in model.objects.filter(pk__in=ids).order_by().values_list("pk", "slug")
        }

    return states


def article_released(ids: list[int]) -> None:
    """Articles whose embargo lifted: their quotes and the counts that include them changed too."""
    log.sync("quote", Quote.objects.filter(article__in=ids).values_list("pk", flat=True))
    _sync_counts_of_articles(ids)


def register_resources() -> None:
    register(Resource("article", Article, "api:article-detail", article_states, on_release=article_released))
    register(Resource("quote", Quote, "api:quote-detail", quote_states))
    register(Resource("actor", Actor, "api:actor-detail", _reference_states(Actor)))
    register(Resource("round", NegotiationRound, "api:round-detail", _reference_states(NegotiationRound)))
    register(Resource("process", NegotiationProcess, "api:process-detail", _reference_states(NegotiationProcess)))
    connect()


# Helpers -----------------------------------------------------------------------------


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True).distinct().order_by())


def _sync_counts_of_articles(article_ids: Iterable[int]) -> None:
    """The actors and rounds whose counts of public quotes and articles include these articles."""
    article_ids = list(article_ids)
    quotes = Quote.objects.filter(article__in=article_ids)
    log.sync("actor", quotes.exclude(speaker=None).values_list("speaker_id", flat=True).distinct().order_by())
    rounds = set(quotes.exclude(round=None).values_list("round_id", flat=True).distinct().order_by())
    rounds |= set(
        Article.rounds.through.objects.filter(article__in=article_ids).values_list("negotiationround_id", flat=True)
    )
    log.sync("round", rounds)


def _before(instance) -> dict[str, Any] | None:
    return getattr(instance, "_changes_before", None)


def _stash(sender, instance, raw=False, **kwargs) -> None:
    """Keep what the stored row holds before the save, for the post_save receiver to compare."""
    stored = None
    if instance.pk is not None and not raw:
        stored = sender._default_manager.filter(pk=instance.pk).values(*BEFORE[sender]).first()
    instance._changes_before = stored


def _public_before(before: dict[str, Any] | None) -> bool:
    return before is not None and _article_state({"pk": 0, **before}, timezone.now()).public


# Articles and quotes -----------------------------------------------------------------


def article_saved(sender, instance: Article, raw=False, **kwargs) -> None:
    if raw:
        return
    log.sync("article", [instance.pk])
    log.sync("quote", instance.quotes.values_list("pk", flat=True))
    state = _article_state(
        {"pk": instance.pk, "status": instance.status, "embargo_until": instance.embargo_until}, timezone.now()
    )
    if state.public != _public_before(_before(instance)):
        _sync_counts_of_articles([instance.pk])
    if state.hidden_because == Reason.EMBARGOED and instance.embargo_until is not None:
        log.schedule("article", instance.pk, instance.embargo_until)


def articles_created(sender, instances: list[Article], **kwargs) -> None:
    ids = [article.pk for article in instances]
    log.sync("article", ids)
    public = _ids(Article.objects.public().filter(pk__in=ids))
    if public:
        rounds = Article.rounds.through.objects.filter(article__in=public).values_list("negotiationround_id", flat=True)
        log.sync("round", rounds)
    now = timezone.now()
    for article in instances:
        if article.status == ArticleStatus.PUBLISHED and article.embargo_until and article.embargo_until > now:
            log.schedule("article", article.pk, article.embargo_until)


def article_deleting(sender, instance: Article, **kwargs) -> None:
    """Before a public article goes: the speakers and rounds whose counts include it."""
    counted: tuple[list[int], list[int]] = ([], [])
    if Article.objects.public().filter(pk=instance.pk).exists():
        quotes = Quote.objects.filter(article=instance)
        counted = (
            list(quotes.exclude(speaker=None).values_list("speaker_id", flat=True)),
            [
                *quotes.exclude(round=None).values_list("round_id", flat=True),
                *instance.rounds.values_list("pk", flat=True),
            ],
        )
    instance.__dict__["_changes_counted"] = counted


def article_deleted(sender, instance: Article, **kwargs) -> None:
    log.sync("article", [instance.pk])
    speakers, rounds = instance.__dict__.get("_changes_counted", ([], []))
    log.sync("actor", speakers)
    log.sync("round", rounds)


def article_rounds_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear":
        related = instance.articles if reverse else instance.rounds
        instance._changes_cleared = list(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    others = list(pk_set or ()) if action != "post_clear" else getattr(instance, "_changes_cleared", [])
    articles, rounds = (others, [instance.pk]) if reverse else ([instance.pk], others)
    log.sync("article", articles)
    if Article.objects.public().filter(pk__in=articles).exists():
        log.sync("round", rounds)


def quote_saved(sender, instance: Quote, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    before = _before(instance) or {}
    if update_fields is not None and _nothing_public(instance, before, update_fields):
        return  # a confidential note edited (quote_save): announcing it would tell that it was
    _quote_touched(instance, before)


def _protected_only(model, update_fields) -> bool:
    """A save of protected fields only (record_save: an internal note edited): nothing to announce."""
    return update_fields is not None and bool(update_fields) and set(update_fields) <= set(protected_fields(model))


def _nothing_public(quote: Quote, before: dict[str, Any], update_fields: Iterable[str]) -> bool:
    """Whether a save of only `update_fields` left every field the API shows as it was."""
    private = {*protected_fields(Quote), "version"}
    spans = {"span_start", "span_end"}
    if set(update_fields) - private - spans:
        return False
    return all(getattr(quote, name) == before.get(name) for name in spans & set(update_fields))


def quote_deleted(sender, instance: Quote, **kwargs) -> None:
    _quote_touched(instance, {})


def _quote_touched(quote: Quote, before: dict[str, Any]) -> None:
    log.sync("quote", [quote.pk])
    articles = {quote.article_id, before.get("article_id")} - {None}
    log.sync("article", articles)
    if Article.objects.public().filter(pk__in=articles).exists():
        log.sync("actor", {quote.speaker_id, before.get("speaker_id")} - {None})
        log.sync("round", {quote.round_id, before.get("round_id")} - {None})


def quotes_created(sender, instances: list[Quote], **kwargs) -> None:
    log.sync("quote", [quote.pk for quote in instances])
    articles = {quote.article_id for quote in instances}
    log.sync("article", articles)
    public = set(_ids(Article.objects.public().filter(pk__in=articles)))
    shown = [quote for quote in instances if quote.article_id in public]
    log.sync("actor", {quote.speaker_id for quote in shown} - {None})
    log.sync("round", {quote.round_id for quote in shown} - {None})


def correction_changed(sender, instance: Correction, raw=False, **kwargs) -> None:
    if not raw:
        log.sync("article", [instance.article_id])


# Actors ------------------------------------------------------------------------------


def _summary_changed(instance, before: dict[str, Any] | None, fields: Iterable[str]) -> bool:
    return before is not None and any(getattr(instance, name) != before[name] for name in fields)


def actor_saved(sender, instance: Actor, raw=False, **kwargs) -> None:
    if raw:
        return
    log.sync("actor", [instance.pk])
    if _summary_changed(instance, _before(instance), ("slug", "name", "kind")):
        pk = instance.pk
        log.sync("quote", _ids(Quote.objects.public().filter(Q(speaker=pk) | Q(via=pk) | Q(speaker_affiliation=pk))))
        log.sync(
            "article", _ids(Article.objects.public().filter(Q(outlet=pk) | Q(quotes__speaker=pk) | Q(quotes__via=pk)))
        )
        log.sync(
            "round",
            _ids(
                NegotiationRound.objects.filter(
                    Q(participants__actor=pk) | Q(participants__represents=pk) | Q(participants__delegation_head=pk)
                )
            ),
        )
        log.sync("process", _ids(NegotiationProcess.objects.filter(convener=pk)))
        log.sync("actor", Affiliation.objects.filter(organization=pk).values_list("person_id", flat=True))


def actor_deleted(sender, instance: Actor, **kwargs) -> None:
    replaced_by = log.replaced_by(instance)
    log.sync("actor", [instance.pk], gone=Reason.MERGED if replaced_by else Reason.DELETED, replaced_by=replaced_by)


def actor_part_changed(sender, instance, raw=False, **kwargs) -> None:
    """An alias or identifier: part of its actor's record."""
    if not raw:
        log.sync("actor", [instance.actor_id])


def affiliation_changed(sender, instance: Affiliation, raw=False, **kwargs) -> None:
    """Part of the person's record, and of how their quotes name them (speaker_display)."""
    if raw:
        return
    people = {instance.person_id, (_before(instance) or {}).get("person_id")} - {None}
    log.sync("actor", people)
    log.sync("quote", _ids(Quote.objects.public().filter(speaker__in=people)))


# Rounds and processes ----------------------------------------------------------------

ROUND_SUMMARY = ("slug", "name", "status", "start_date", "start_precision", "end_date", "end_precision")


def round_saved(sender, instance: NegotiationRound, raw=False, update_fields=None, **kwargs) -> None:
    if raw or _protected_only(sender, update_fields):
        return
    before = _before(instance)
    log.sync("round", [instance.pk])
    if before is None or _summary_changed(instance, before, (*ROUND_SUMMARY, "process_id")):
        log.sync("process", {instance.process_id, (before or {}).get("process_id")} - {None})
    if _summary_changed(instance, before, ROUND_SUMMARY):
        log.sync("quote", _ids(Quote.objects.public().filter(round=instance.pk)))
        log.sync("article", _ids(Article.objects.public().filter(rounds=instance.pk)))


def round_deleted(sender, instance: NegotiationRound, **kwargs) -> None:
    log.sync("round", [instance.pk])
    log.sync("process", [instance.process_id])


def round_part_changed(sender, instance, raw=False, **kwargs) -> None:
    """A participant or identifier: part of its round's record."""
    if not raw:
        log.sync("round", [instance.round_id])


def process_saved(sender, instance: NegotiationProcess, raw=False, update_fields=None, **kwargs) -> None:
    if raw or _protected_only(sender, update_fields):
        return
    log.sync("process", [instance.pk])
    if _summary_changed(instance, _before(instance), ("slug", "name")):
        log.sync("round", _ids(NegotiationRound.objects.filter(process=instance.pk)))


def process_deleted(sender, instance: NegotiationProcess, **kwargs) -> None:
    log.sync("process", [instance.pk])


def relay_step_changed(sender, instance, raw=False, **kwargs) -> None:
    """A relay step or a co-speaker: part of its quote's record."""
    if not raw:
        log.sync("quote", [instance.quote_id])


def process_part_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        log.sync("process", [instance.process_id])


def connect() -> None:
    for model in BEFORE:
        pre_save.connect(_stash, sender=model, dispatch_uid=f"{UID}-before-{model.__name__}")
    receivers: list[tuple[Signal, type[Model], Callable[..., None]]] = [
        (post_save, Article, article_saved),
        (pre_delete, Article, article_deleting),
        (post_delete, Article, article_deleted),
        (bulk_created, Article, articles_created),
        (post_save, Quote, quote_saved),
        (post_delete, Quote, quote_deleted),
        (bulk_created, Quote, quotes_created),
        (post_save, Correction, correction_changed),
        (post_delete, Correction, correction_changed),
        (post_save, Actor, actor_saved),
        (post_delete, Actor, actor_deleted),
        (post_save, Alias, actor_part_changed),
        (post_delete, Alias, actor_part_changed),
        (post_save, ActorIdentifier, actor_part_changed),
        (post_delete, ActorIdentifier, actor_part_changed),
        (post_save, Affiliation, affiliation_changed),
        (post_delete, Affiliation, affiliation_changed),
        (post_save, NegotiationRound, round_saved),
        (post_delete, NegotiationRound, round_deleted),
        (post_save, RoundParticipant, round_part_changed),
        (post_delete, RoundParticipant, round_part_changed),
        (post_save, RoundIdentifier, round_part_changed),
        (post_delete, RoundIdentifier, round_part_changed),
        (post_save, RoundSource, round_part_changed),
        (post_delete, RoundSource, round_part_changed),
        (post_save, NegotiationProcess, process_saved),
        (post_delete, NegotiationProcess, process_deleted),
        (post_save, ProcessIdentifier, process_part_changed),
        (post_delete, ProcessIdentifier, process_part_changed),
        (post_save, ProcessSource, process_part_changed),
        (post_delete, ProcessSource, process_part_changed),
        (post_save, RelayStep, relay_step_changed),
        (post_delete, RelayStep, relay_step_changed),
        (post_save, CoSpeaker, relay_step_changed),
        (post_delete, CoSpeaker, relay_step_changed),
    ]
    for signal, model, receiver in receivers:
        signal.connect(receiver, sender=model, dispatch_uid=f"{UID}-{receiver.__name__}-{model.__name__}")
    m2m_changed.connect(article_rounds_changed, sender=Article.rounds.through, dispatch_uid=f"{UID}-rounds")
