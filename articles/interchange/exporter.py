"""Exporting the records format, in a stable order, so that export -> import into an empty
database -> export is byte-identical."""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.db.models import Model, Prefetch, QuerySet

from actors.models import Actor, Affiliation
from newsroom.dates import format_iso_partial
from newsroom.models import ExternalIdentifier
from newsroom.text import verbatim_spans

from ..models import (
    Article,
    CoSpeaker,
    NegotiationProcess,
    NegotiationRound,
    Quote,
    RelayStep,
    RoundParticipant,
    publication_iso,
)
from .schema import FORMAT_NAME, FORMAT_VERSION, Record

M = TypeVar("M", bound=Model)


def _moment(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _slug(obj: Any) -> str | None:
    return obj.slug if obj is not None else None


def _identifiers(queryset: Iterable[ExternalIdentifier]) -> list[dict[str, str]]:
    return [{"scheme": i.scheme, "value": i.value} for i in sorted(queryset, key=lambda i: (i.scheme, i.value))]


def _in_batches(queryset: QuerySet[M], prepare: Callable[[QuerySet[M]], QuerySet[M]], size: int = 500) -> Iterator[M]:
    """
    The records of `queryset` in its order, read `size` at a time through `prepare`
    (its prefetches): a prefetch over a whole archive would name every id in one
    statement, more than SQLite takes.
    """
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        records = prepare(queryset.model._default_manager.filter(pk__in=batch)).in_bulk()
        yield from (records[pk] for pk in batch)


def records_export(*, include_confidential: bool = False, articles: QuerySet[Article] | None = None) -> Record:
    """
    Every record in the interchange format, in a stable order. With `articles` (a
    queryset), only those articles and their quotes, without the actors, processes
    and rounds they refer to: for a database that already holds those.
    """
    # Related records are joined where a prefetch would name each one: Django 5.2 prefetches
    # a foreign key with one OR per distinct target, and SQLite refuses 1,000 of them.
    actors = Actor.objects.order_by("slug").prefetch_related(
        "aliases", "identifiers", Prefetch("affiliations", Affiliation.objects.select_related("organization"))
    )
    processes = (
        NegotiationProcess.objects.order_by("slug")
        .select_related("convener")
        .prefetch_related("sources", "identifiers")
    )
    rounds = (
        NegotiationRound.objects.order_by("slug")
        .select_related("process")
        .prefetch_related(
            "identifiers",
            "sources",
            Prefetch("participants", RoundParticipant.objects.select_related("actor", "represents", "delegation_head")),
        )
    )
    if articles is not None:
        actors, processes, rounds = (
            Actor.objects.none(),
            NegotiationProcess.objects.none(),
            NegotiationRound.objects.none(),
        )
    article_rows = _in_batches(
        (Article.objects.all() if articles is None else articles).order_by("slug"),
        lambda batch: batch.select_related("outlet").prefetch_related(
            "rounds",
            Prefetch("quotes", Quote.objects.select_related("speaker", "speaker_affiliation", "via", "round")),
            Prefetch("quotes__relay_steps", RelayStep.objects.select_related("actor").order_by("position")),
            Prefetch("quotes__co_speakers", CoSpeaker.objects.select_related("actor").order_by("position")),
        ),
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "actors": [
            {
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind,
                "country": str(a.country or ""),
                "description": a.description,
                "aliases": sorted(alias.name for alias in a.aliases.all()),
                "identifiers": _identifiers(a.identifiers.all()),
                "affiliations": [
                    {
                        "organization": f.organization.slug,
                        "role": f.role,
                        "start": format_iso_partial(f.start_date, f.start_precision),
                        "end": format_iso_partial(f.end_date, f.end_precision),
                        "ended": f.ended,
                    }
                    for f in sorted(a.affiliations.all(), key=lambda f: (f.organization.slug, f.role))
                ],
            }
            for a in actors
        ],
        "processes": [
            {
                "slug": p.slug,
                "name": p.name,
                "description": p.description,
                "convener": _slug(p.convener),
                **_notes(p, include_confidential),
                "identifiers": _identifiers(p.identifiers.all()),
            }
            for p in processes
        ],
        "rounds": [
            {
                "slug": r.slug,
                "process": r.process.slug,
                "name": r.name,
                "number": r.number,
                "city": r.city,
                "country": str(r.country or ""),
                "venue": r.venue,
                "start": format_iso_partial(r.start_date, r.start_precision),
                "end": format_iso_partial(r.end_date, r.end_precision),
                "dates_printed": r.dates_printed,
                "status": r.status,
                "agenda": r.agenda,
                "outcome": r.outcome,
                **_notes(r, include_confidential),
                "participants": [
                    {
                        "actor": p.actor.slug,
                        "role": p.role,
                        "lead": p.lead,
                        "qualifier": p.qualifier,
                        "represents": _slug(p.represents),
                        "delegation_head": _slug(p.delegation_head),
                    }
                    for p in sorted(r.participants.all(), key=lambda p: (p.role, p.actor.slug))
                ],
                "identifiers": _identifiers(r.identifiers.all()),
            }
            for r in rounds
        ],
        "articles": [_article(a, include_confidential) for a in article_rows],
    }


def _notes(record: NegotiationProcess | NegotiationRound, include_confidential: bool) -> Record:
    """editorial_note, internal_note (only with include_confidential) and sources, in a stable order."""
    notes: Record = {"editorial_note": record.editorial_note}
    if include_confidential:
        notes["internal_note"] = record.internal_note
    notes["sources"] = [
        {"kind": s.kind, "title": s.title, "url": s.url} for s in sorted(record.sources.all(), key=lambda s: s.url)
    ]
    return notes


def _article(article: Article, include_confidential: bool) -> Record:
    quotes = sorted(
        article.quotes.all(),
        key=lambda q: (q.span_start is None, q.span_start or 0, q.text, q.speaker_label),
    )
    return {
        "slug": article.slug,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "outlet": _slug(article.outlet),
        "url": article.url,
        "language": article.language,
        "dateline": article.dateline,
        "status": article.status,
        "published_at": publication_iso(article.published_at, article.published_precision) or None,
        "embargo_until": _moment(article.embargo_until),
        "rounds": sorted(r.slug for r in article.rounds.all()),
        "quotes": [_quote(q, include_confidential, article.body, quotes) for q in quotes],
    }


def _quote(quote: Quote, include_confidential: bool, body: str, siblings: list[Quote]) -> Record:
    """The quote's record; `siblings` are its article's quotes in the file's order (`within` is an index)."""
    record: Record = {"text": quote.text}
    if quote.span_start is not None and len(verbatim_spans(body, quote.text)) > 1:
        # Only where the words alone do not say where they are: a file stays editable by hand.
        record["offset"] = quote.span_start
    record |= {
        "kind": quote.kind,
        "speaker": _slug(quote.speaker),
        "co_speakers": [co.actor.slug for co in quote.co_speakers.all()],
        "speaker_label": quote.speaker_label,
        "anonymous": quote.anonymous,
        "speaker_affiliation": _slug(quote.speaker_affiliation),
        "via": _slug(quote.via),
        "relay_chain": [{"actor": _slug(step.actor), "label": step.label} for step in quote.relay_steps.all()],
        "channel": quote.channel,
        "channel_other": quote.channel_other,
        "attribution_basis": quote.attribution_basis,
        "within": next((i for i, other in enumerate(siblings) if other.pk == quote.within_id), None)
        if quote.within_id
        else None,
        "said_on": format_iso_partial(quote.said_on, quote.said_on_precision),
        "said_on_printed": quote.said_on_printed,
        "location": quote.location,
        "round": _slug(quote.round),
    }
    if include_confidential:
        record["confidential_note"] = quote.confidential_note
    return record


def records_export_text(*, include_confidential: bool = False) -> str:
    data = records_export(include_confidential=include_confidential)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
