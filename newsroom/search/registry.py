"""
What each app makes searchable. Apps register in their AppConfig.ready() (see
articles/search.py and actors/search.py); the search engine, the index writer and the
signals read this registry and import no app.

    register(Searchable(kind=EntryKind.QUOTE, model=Quote, document=quote_document, ...))

Apps also say which other spellings of a word they know (actors' names spelled another
way), through register_speller.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, OrderBy, QuerySet

from .query import Respelling

# A record's (title, body) for the index: the title weighs most, the body gives snippets.
Document = Callable[[Any], tuple[str, str]]


@dataclass(frozen=True)
class Follows:
    """
    Records of a kind whose documents read another model: when an instance of `model` is
    saved or deleted, the records whose `lookup` equals `key(instance)` are indexed again.
    """

    model: type[Model]
    lookup: str
    key: Callable[[Any], Any]
    on_delete: bool = False


@dataclass(frozen=True)
class Searchable:
    kind: str  # an EntryKind value: the SearchEntry column that points at the record
    model: type[Model]
    document: Document
    # Ties between equally relevant records are broken by this, then by id.
    recency: OrderBy
    # What the documents read, joined or prefetched when records are indexed.
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    follows: tuple[Follows, ...] = field(default=())

    def indexable(self) -> QuerySet:
        """The model's records with what their documents read."""
        queryset = self.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


_by_kind: dict[str, Searchable] = {}
_by_model: dict[type[Model], Searchable] = {}
_listeners: list[Callable[[Searchable], None]] = []


def register(searchable: Searchable) -> None:
    """Make `searchable` found by search and kept current in the index."""
    if searchable.kind in _by_kind and _by_kind[searchable.kind] != searchable:
        raise ValueError(f"The search kind {searchable.kind!r} is registered twice.")
    _by_kind[searchable.kind] = searchable
    _by_model[searchable.model] = searchable
    for listener in _listeners:
        listener(searchable)


def on_register(listener: Callable[[Searchable], None]) -> None:
    """Call `listener` with every searchable, those registered already and those to come."""
    _listeners.append(listener)
    for searchable in list(_by_kind.values()):
        listener(searchable)


def of_kind(kind: str) -> Searchable:
    return _by_kind[kind]


def of_model(model: type[Model]) -> Searchable:
    return _by_model[model]


def registered() -> list[Searchable]:
    return list(_by_kind.values())


@dataclass(frozen=True)
class Speller:
    """
    Other spellings an app knows, each asked with the folded words of one query:
    `variants` the spellings of the same name, searched for too ("dmitry" for "dmitri");
    `suggestions` close spellings offered under "Did you mean" when nothing is found.
    """

    variants: Callable[[list[str]], list[Respelling]]
    suggestions: Callable[[list[str]], list[Respelling]]


_spellers: list[Speller] = []


def register_speller(speller: Speller) -> None:
    if speller not in _spellers:
        _spellers.append(speller)


def spellers() -> list[Speller]:
    return list(_spellers)
