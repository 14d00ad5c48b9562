"""The finder with the database: a gazetteer of every actor and round, and suggestions for an article."""

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


def quote_suggest(*, article: Article, gazetteer: Gazetteer | None = None) -> list[Suggestion]:
    """
    Suggestions for `article`, in reading order. A suggestion whose words are already
    recorded as a quote of the article is marked `recorded`, so accepting again never
    duplicates it; words an editor rejected are not proposed again. Persons get their
    role at the time (the article's publication day) from their affiliations, or a
    note that none matches.
    """
    gazetteer = gazetteer or gazetteer_from_database()
    suggestions = find_quotes(article.headline, article.body, gazetteer=gazetteer)
    recorded, rejected = set(), set()
    if article.pk:
        recorded = {fold_for_matching(text)[0] for text in article.quotes.values_list("text", flat=True)}
        rejected = {fold_for_matching(t)[0] for t in article.rejected_suggestions.values_list("text", flat=True)}
    suggestions = [s for s in suggestions if fold_for_matching(s.text)[0] not in rejected]
    day = article.published_at.date() if article.published_at else None
    for suggestion in suggestions:
        suggestion.recorded = fold_for_matching(suggestion.text)[0] in recorded
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
