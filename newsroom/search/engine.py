"""
The search engine: one interface, a backend per database (PostgreSQL full text or
SQLite FTS5).

    search(queryset, "Sochi -Geneva")      ranked matches within `queryset`
    mark_results(page_objects, "Sochi")    highlighted title and snippet, shown rows only
    prepare("Dmitri Peskov")               the query parsed, other spellings added
    did_you_mean(prepare("Peskob"))        ("Peskov", [why]) when a word is close to a name

Pages, the API and commands all go through these functions. What can be found is
what the apps register (newsroom.search.registry), and so are the other spellings
searched for: "Dmitri" finds "Dmitry" (an actor's name), "Syria" finds "Syrian".
"""

import difflib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, FloatField, Func, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from newsroom.spelling import SUGGESTION_SIMILARITY, country_variants, country_words

from . import registry
from .base import SearchBackend, marks_to_html
from .models import SearchEntry
from .postgres import PostgresSearchBackend
from .query import ParsedQuery, Respelling, parse
from .sqlite import SqliteSearchBackend

ORDERINGS = ("relevance", "date")

# How many of the latest matches relevance ranks on the search page, in its CSV export
# and in the API (see search()); the counts of those stop there too.
RANK_WINDOW = 1_000


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        return PostgresSearchBackend()
    if connection.vendor == "sqlite":
        return SqliteSearchBackend()
    raise ImproperlyConfigured(f"Search needs PostgreSQL or SQLite, not {connection.vendor}.")


def _country_variants(words: list[str]) -> list[Respelling]:
    return [Respelling(word, variant, "the same country") for word in words for variant in country_variants(word)]


def _country_suggestions(words: list[str]) -> list[Respelling]:
    known = country_words()
    return [
        Respelling(word, close[0], "a country")
        for word in words
        if word not in known and (close := difflib.get_close_matches(word, known, n=1, cutoff=SUGGESTION_SIMILARITY))
    ]


COUNTRIES = registry.Speller(variants=_country_variants, suggestions=_country_suggestions)


def prepare(query: str | ParsedQuery) -> ParsedQuery:
    """
    `query` parsed, each word typed alone searched for in its other spellings too (see
    newsroom.spelling): one query to the actors' name keys when the query has words.
    A ParsedQuery is returned as it is, so a page prepares once for all its searches.
    """
    if isinstance(query, ParsedQuery):
        return query
    parsed = parse(query)
    words = parsed.respellable
    if words:
        parsed.respell([found for speller in (COUNTRIES, *registry.spellers()) for found in speller.variants(words)])
    return parsed


def did_you_mean(parsed: ParsedQuery) -> tuple[str, list[Respelling]] | None:
    """
    For a query that found nothing: the query with each word typed alone that is close
    to a name (an actor's, a country's) replaced by it, and the replacements; None when
    no word is close to one.
    """
    replacements: dict[str, Respelling] = {}
    for speller in (*registry.spellers(), COUNTRIES):
        for found in speller.suggestions(parsed.respellable):
            replacements.setdefault(found.typed, found)
    if not replacements:
        return None
    suggested = parsed.replacing({typed: found.spelling for typed, found in replacements.items()})
    return suggested, list(replacements.values())


def search(
    queryset: QuerySet, query: str | ParsedQuery, *, order: str = "relevance", rank_window: int | None = None
) -> QuerySet:
    """
    Records of `queryset` matching `query`, each annotated with `search_rank`.

    `queryset` decides what may be found: callers pass public() querysets, so
    search never widens visibility. Order: relevance then recency, or recency
    alone with order="date". An empty or all-negative query finds nothing.

    With `rank_window`, relevance orders the latest `rank_window` matches to enter the
    index only, and finds only those. Ranking every match of a common word reads each
    of them, which grows with the archive; the latest are found by walking the index
    backwards and stopping (entries enter it as records are written, and
    generate_corpus writes its archive in publication order). One query reads the
    window's ids with their rank; counting and paging then read those rows alone. The
    search page, its CSV export and the API use it when they order by relevance.
    """
    parsed = prepare(query)
    if parsed.is_empty:
        return queryset.none()
    backend = get_backend()
    matches = backend.matches(queryset, parsed)
    recency = registry.of_model(queryset.model).recency
    if order == "date":
        return matches.order_by(recency, "pk")
    if rank_window is not None:
        ranks = dict(backend.latest(matches, rank_window))
        if not ranks:
            return queryset.none()
        matches = queryset.filter(pk__in=ranks).annotate(search_rank=_RankOf(ranks))
    return matches.order_by(F("search_rank").desc(), recency, "pk")


class _RankOf(Func):
    """
    The rank of each record of {pk: rank}, as a column: one SQL CASE written out (1,001
    Django When() clauses would take longer to compile than the query takes to run). The
    primary key is compiled as a column of the query at hand, so the expression holds
    inside a subquery, whose tables have other aliases.
    """

    output_field = FloatField()

    def __init__(self, ranks: dict[int, float]) -> None:
        super().__init__(F("pk"))
        self.ranks = ranks

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join(["WHEN %s THEN %s"] * len(self.ranks))
        pairs = [value for pair in self.ranks.items() for value in pair]
        return f"CASE {column} {whens} END", (*params, *pairs)


def mark_results(records: Iterable[Any], query: str | ParsedQuery) -> list[Any]:
    """
    Set `search_title` and `search_snippet` (safe HTML, matches in <mark>) on each
    record of the page being shown. One query whatever the page size.
    """
    records = list(records)
    parsed = prepare(query)
    if not records or parsed.is_empty:
        return records
    kind = registry.of_model(type(records[0])).kind
    entry_ids = dict(SearchEntry.objects.filter(**{f"{kind}__in": records}).values_list(f"{kind}_id", "pk"))
    marked = get_backend().marked(list(entry_ids.values()), parsed)
    for record in records:
        entry_id = entry_ids.get(record.pk)
        title, snippet = marked[entry_id] if entry_id in marked else ("", "")
        record.search_title = marks_to_html(title) if title else None
        record.search_snippet = marks_to_html(snippet) if snippet else None
    return records
