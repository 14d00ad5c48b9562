from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F

from .base import START, STOP, SearchBackend
from .models import SearchEntry

CONFIG = "english"


def to_search_query(parsed):
    """
    The parsed query as combined SearchQuery expressions. websearch_to_tsquery would
    read "a OR b c" as a | (b & c); combining terms here keeps (a | b) & c, the
    meaning both backends share.
    """

    def term_query(term):
        return SearchQuery(term.text, search_type="phrase" if term.is_phrase else "plain", config=CONFIG)

    query = reduce(and_, (reduce(or_, map(term_query, group)) for group in parsed.groups))
    for term in parsed.excluded:
        query &= ~term_query(term)
    return query


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def matches(self, queryset, parsed):
        query = to_search_query(parsed)
        return queryset.filter(search_entry__search_vector=query).annotate(
            search_rank=SearchRank(F("search_entry__search_vector"), query)
        )

    def marked(self, entry_ids, parsed):
        query = to_search_query(parsed)
        options = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
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
