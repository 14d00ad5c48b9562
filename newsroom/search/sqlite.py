from django.db.models import F, FloatField, Func, OuterRef, Subquery, TextField, Value

from .base import START, STOP, SearchBackend
from .models import FtsEntry


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

    def matches(self, queryset, parsed):
        expression = parsed.as_fts5()
        hits = FtsEntry.objects.filter(match__fts=expression)
        # FTS5's rank is bm25 (weights title 10, body 4, extra 1): lower is better.
        bm25 = Subquery(hits.filter(rowid=OuterRef("search_entry__id")).values("rank")[:1], output_field=FloatField())
        return queryset.filter(search_entry__id__in=hits.values("rowid")).annotate(
            search_rank=Value(0.0, output_field=FloatField()) - bm25
        )

    def marked(self, entry_ids, parsed):
        rows = (
            FtsEntry.objects.filter(match__fts=parsed.as_fts5(), rowid__in=entry_ids)
            .annotate(
                title_marked=Highlight(F("match"), Value(0), Value(START), Value(STOP)),
                body_marked=Snippet(F("match"), Value(1), Value(START), Value(STOP), Value(" … "), Value(40)),
            )
            .values_list("rowid", "title_marked", "body_marked")
        )
        return {pk: (title, body) for pk, title, body in rows}
