from functools import reduce
from operator import and_, or_
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, QuerySet, Subquery

from . import registry
from .base import START, STOP, SearchBackend
from .models import SearchEntry
from .query import ParsedQuery, Term

CONFIG = "english"


def to_search_query(parsed: ParsedQuery) -> SearchQuery:
    """
    The parsed query as combined SearchQuery expressions. websearch_to_tsquery would
    read "a OR b c" as a | (b & c); combining terms here keeps (a | b) & c, the
    meaning both backends share.
    """

    def term_query(term: Term) -> SearchQuery:
        return SearchQuery(term.text, search_type="phrase" if term.is_phrase else "plain", config=CONFIG)

    query = reduce(and_, (reduce(or_, map(term_query, group)) for group in parsed.groups))
    for term in parsed.excluded:
        query &= ~term_query(term)
    return query


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"
    index_order = "search_entry__id"

    def matches(self, queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
        query = to_search_query(parsed)
        # Each kind has its own GIN index (partial, migration 0004): naming the kind lets
        # the planner read that one, not every entry that holds a common word.
        kind = registry.of_model(queryset.model).kind
        return queryset.filter(search_entry__kind=kind, search_entry__search_vector=query).annotate(
            search_rank=SearchRank(F("search_entry__search_vector"), query)
        )

    def latest(self, matches: QuerySet, count: int) -> list[tuple[int, float]]:
        """
        Walking the entries backwards from the latest, testing each, is fast for a word
        that many of them hold and slow for a rare one; reading every match through the
        GIN index is the reverse. The planner cannot tell which a word is (its estimate
        mixes all kinds: a word in every article may be rare in quotes), so the walk is
        bounded to the latest SEARCH_RECENT_ENTRIES entries, and when that holds fewer
        than `count` matches, every match is read through the GIN index instead.
        """
        newest = Subquery(SearchEntry.objects.order_by("-pk").values("pk")[:1])
        recent = (
            matches.annotate(newest=newest)
            .filter(**{f"{self.index_order}__gt": F("newest") - settings.SEARCH_RECENT_ENTRIES})
            .order_by(F(self.index_order).desc())
            .values_list("pk", "search_rank", "newest")[:count]
        )
        rows = list(recent)
        if len(rows) == count or (rows and rows[0][2] <= settings.SEARCH_RECENT_ENTRIES):
            return [(pk, rank) for pk, rank, _ in rows]
        # An expression, not the column: no index gives this order, so no walk.
        everything = matches.order_by((F(self.index_order) + 0).desc()).values_list("pk", "search_rank")
        return list(everything[:count])

    def marked(self, entry_ids: list[int], parsed: ParsedQuery) -> dict[int, tuple[str, str]]:
        query = to_search_query(parsed)
        options: dict[str, Any] = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
        rows = (
            SearchEntry.objects.filter(pk__in=entry_ids)
            .annotate(
                title_marked=SearchHeadline("title", query, highlight_all=True, **options),
                body_marked=SearchHeadline(
                    "body", query, max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ", **options
                ),
            )
            .values_list("pk", "title_marked", "body_marked")
        )
        return {pk: (title, body) for pk, title, body in rows}
