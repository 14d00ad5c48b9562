"""The finder with the database: a gazetteer of every actor and round, and suggestions for an article."""

import hashlib

from django.core.cache import cache
from django.db.models import Prefetch

from actors.models import Actor, Affiliation, affiliation_on
from newsroom.text import find_verbatim, fold_for_matching

from ..models import Article, NegotiationRound
from .finder import Suggestion, find_quotes
from .gazetteer import Entry, Gazetteer, RoundEntry


def gazetteer_from_database() -> Gazetteer:
    entries = []
    # Organizations joined, not prefetched one OR each (SQLite refuses 1,000 of them).
    organizations = Prefetch("affiliations", Affiliation.objects.select_related("organization"))
    for actor in Actor.objects.prefetch_related("aliases", organizations):
        entries.append(
            Entry(
                slug=actor.slug,
                name=actor.name,
                kind=actor.kind,
                aliases=[a.name for a in actor.aliases.all()],
                country=str(actor.country or ""),
                roles=[(a.role, a.organization.name, a) for a in actor.affiliations.all()],
            )
        )
    rounds = [RoundEntry(slug=r.slug, name=r.name, city=r.city) for r in NegotiationRound.objects.all()]
    return Gazetteer(entries, rounds)


def quote_suggest(*, article: Article, gazetteer: Gazetteer | None = None, cached: bool = False) -> list[Suggestion]:
    """
    Suggestions for `article`, in reading order. A suggestion whose words are already
    recorded as a quote of the article is marked `recorded` (with that quote's id), so
    accepting again never duplicates it; words an editor rejected are not proposed
    again. Persons get their role at the time (the article's publication day) from
    their affiliations, or a note that none matches. A suggestion without a round gets
    the article's round when the article is linked to exactly one.

    With `cached`, the finder's reading of this version of the article is kept in the
    cache (FINDER_CACHE_SECONDS) and reused: the marks above are always fresh. `forget`
    drops it (the admin's "Read again").
    """
    key = _cache_key(article)
    suggestions = cache.get(key) if cached and key else None
    if suggestions is None:
        suggestions = find_quotes(article.headline, article.body, gazetteer=gazetteer or gazetteer_from_database())
        if cached and key:
            cache.set(key, suggestions, FINDER_CACHE_SECONDS)
    recorded: dict[str, int] = {}
    rejected: set[str] = set()
    linked: list[RoundEntry] = []
    if article.pk:
        recorded = {fold_for_matching(text)[0]: pk for pk, text in article.quotes.values_list("pk", "text")}
        rejected = {fold_for_matching(t)[0] for t in article.rejected_suggestions.values_list("text", flat=True)}
        linked = [
            RoundEntry(slug, name, city) for slug, name, city in article.rounds.values_list("slug", "name", "city")
        ]
    suggestions = [s for s in suggestions if fold_for_matching(s.text)[0] not in rejected]
    day = article.published_at.date() if article.published_at else None
    for suggestion in suggestions:
        suggestion.recorded_id = recorded.get(fold_for_matching(suggestion.text)[0])
        suggestion.recorded = suggestion.recorded_id is not None
        if suggestion.round is None and len(linked) == 1:
            suggestion.round = linked[0]
        elif suggestion.round is None and linked:
            suggestion.round_note = "The article covers " + ", ".join(r.name for r in linked) + ": pick the round."
        if suggestion.speaker is not None and suggestion.speaker.kind == "person" and day is not None:
            held = affiliation_on([a for _, _, a in suggestion.speaker.roles], day)
            suggestion.role_note = (
                f"{held.role}, {held.organization.name}"
                if held
                else f"no affiliation of {suggestion.speaker.name} is valid on {day:%-d %B %Y}"
            )
        if not suggestion.in_headline and find_verbatim(article.body, suggestion.text) is None:
            suggestion.confidence = min(suggestion.confidence, 0.3)
    return suggestions


# How long the finder's reading of an article version is kept for the admin's pages.
FINDER_CACHE_SECONDS = 3600


def _cache_key(article: Article) -> str | None:
    if not article.pk:
        return None
    digest = hashlib.sha256(f"{article.headline}\n{article.body}".encode()).hexdigest()[:16]
    return f"quotefinder:{article.pk}:{article.version}:{digest}"


def forget(article: Article) -> None:
    """Read the article again on the next request (after adding actors the finder should know)."""
    key = _cache_key(article)
    if key:
        cache.delete(key)
