from django.db.models import F, FloatField, Func, QuerySet, TextField, Value

from . import registry
from .base import START, STOP, SearchBackend
from .models import FtsEntry
from .query import ParsedQuery


class Snippet(Func):
    """FTS5 snippet(table, column, start, stop, ellipsis, tokens)."""

    function = "snippet"
    output_field = TextField()


class Highlight(Func):
    """FTS5 highlight(table, column, start, stop): the whole column, matches marked."""

    function = "highlight"
    output_field = TextField()


class SqliteSearchBackend(SearchBackend):
    vendor = "sqlite"
    # The FTS5 rowid (the entry's id): FTS5 walks its lists in that order and stops at the limit.
    index_order = "search_entry__fts__rowid"

    def matches(self, queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
        # One join to the FTS5 table, matched once: its rank (bm25 with weights title 10,
        # body 4, extra 1; lower is better) comes with each hit, so ranking costs no more
        # than finding. (A rank looked up per row would run the match again for each hit.)
        # The match names the kind (a token of its own in the FTS5 table): a common word's
        # entries of other kinds are skipped inside the index, not joined and discarded.
        expression = parsed.as_fts5(kind=registry.of_model(queryset.model).kind)
        return queryset.filter(search_entry__fts__match__fts=expression).annotate(
            search_rank=Value(0.0, output_field=FloatField()) - F("search_entry__fts__rank")
        )

    def marked(self, entry_ids: list[int], parsed: ParsedQuery) -> dict[int, tuple[str, str]]:
        rows = (
            FtsEntry.objects.filter(match__fts=parsed.as_fts5(), rowid__in=entry_ids)
            .annotate(
                title_marked=Highlight(F("match"), Value(0), Value(START), Value(STOP)),
                body_marked=Snippet(F("match"), Value(1), Value(START), Value(STOP), Value(" … "), Value(40)),
            )
            .values_list("rowid", "title_marked", "body_marked")
        )
        return {pk: (title, body) for pk, title, body in rows}
