"""
Search: one interface, a backend per database (PostgreSQL full text or SQLite FTS5).

    search(queryset, "Sochi -Geneva")      ranked matches within `queryset`
    mark_results(page_objects, "Sochi")    highlighted title and snippet, shown rows only

Pages, the API and commands all go through these two functions.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F

from .query import parse

ORDERINGS = ("relevance", "date")


def get_backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SqliteSearchBackend

        return SqliteSearchBackend()
    raise ImproperlyConfigured(f"Search needs PostgreSQL or SQLite, not {connection.vendor}.")


def _recency(model):
    """The date that breaks ties between equally relevant records of `model` (newest first)."""
    from actors.models import Actor
    from articles.models import Article, NegotiationProcess, NegotiationRound, Quote

    return {
        Article: F("published_at").desc(nulls_last=True),
        Quote: F("article__published_at").desc(nulls_last=True),
        NegotiationRound: F("start_date").desc(nulls_last=True),
        NegotiationProcess: F("name").asc(),
        Actor: F("name").asc(),
    }[model]


def search(queryset, query, *, order="relevance", rank_window=None):
    """
    Records of `queryset` matching `query`, each annotated with `search_rank`.

    `queryset` decides what may be found: callers pass public() querysets, so
    search never widens visibility. Order: relevance then recency, or recency
    alone with order="date". An empty or all-negative query finds nothing.

    With `rank_window`, relevance orders the newest `rank_window` matches only (and
    finds only those; their ids are read at once, in one query): ranking every match
    of a common word reads each of them, which grows with the archive, while the
    newest thousand are found by walking the date index and stopping. The search page
    uses it; the API and exports rank everything.
    """
    parsed = parse(query)
    if parsed.is_empty:
        return queryset.none()
    matches = get_backend().matches(queryset, parsed)
    recency = _recency(queryset.model)
    if order == "date":
        return matches.order_by(recency, "pk")
    if rank_window is not None:
        # Read the window once (one query), rather than as a subquery that counting and
        # then fetching the page would each walk again.
        newest = list(matches.order_by(recency, "pk").values_list("pk", flat=True)[:rank_window])
        matches = matches.filter(pk__in=newest)
    return matches.order_by(F("search_rank").desc(), recency, "pk")


def mark_results(records, query):
    """
    Set `search_title` and `search_snippet` (safe HTML, matches in <mark>) on each
    record of the page being shown. One query whatever the page size.
    """
    from .base import marks_to_html
    from .models import SearchEntry

    records = list(records)
    parsed = parse(query)
    if not records or parsed.is_empty:
        return records
    from .documents import KIND_OF_MODEL

    kind = KIND_OF_MODEL[type(records[0])]
    entry_ids = dict(SearchEntry.objects.filter(**{f"{kind}__in": records}).values_list(f"{kind}_id", "pk"))
    marked = get_backend().marked(list(entry_ids.values()), parsed)
    for record in records:
        title, snippet = marked.get(entry_ids.get(record.pk), ("", ""))
        record.search_title = marks_to_html(title) if title else None
        record.search_snippet = marks_to_html(snippet) if snippet else None
    return records
