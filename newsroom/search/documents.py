"""
What each record contributes to the index, and writing it there.

Only public fields go in: never a confidential note. Visibility is not stored: it is
applied when searching, through Article/Quote.objects.public(), so an embargo lifts
on time without re-indexing.
"""

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Model, QuerySet

from . import registry
from .models import SearchEntry
from .query import fold

PRIVATE_MARKERS = {0xE000: None, 0xE001: None}  # reserved for highlighting


# PostgreSQL refuses a tsvector over 1 MB. A document whose index would come near
# that is indexed as far as it fits (its beginning), on both databases alike, so a
# very long article still saves and is found by what it says first.
INDEX_BUDGET = 600_000  # estimated tsvector bytes; the hard limit is 1,048,575
_WORD = re.compile(r"\w+")
# The most index bytes a text byte can cost (one-letter words, each a new entry).
_WORST_RATIO = 5


def index_size_estimate(*texts: str) -> int:
    """An upper estimate of the tsvector bytes of `texts` (entries, lexemes, positions)."""
    positions = Counter(word.lower() for text in texts for word in _WORD.findall(text))
    return sum(8 + len(word.encode()) + 2 * min(count, 256) for word, count in positions.items())


def fit_for_index(title: str, body: str) -> tuple[str, str, str]:
    """(title, body, extra) to index: the body cut at a word boundary where the whole would not fit."""
    extra = fold(f"{title}\n{body}")
    if (len(title) + len(body) + len(extra)) * 4 * _WORST_RATIO < INDEX_BUDGET:  # 4: UTF-8 bytes per character
        return title, body, extra
    if index_size_estimate(title, body, extra) <= INDEX_BUDGET:
        return title, body, extra
    low, high = 0, len(body)
    while low < high:  # the longest beginning of the body that fits
        middle = (low + high + 1) // 2
        if index_size_estimate(title, body[:middle], fold(f"{title}\n{body[:middle]}")) <= INDEX_BUDGET:
            low = middle
        else:
            high = middle - 1
    if low < len(body):
        cut = body.rfind(" ", 0, low)
        body = body[: cut if cut > 0 else low]
    return title, body, fold(f"{title}\n{body}")


def clean(*parts: str) -> str:
    """The non-empty `parts`, one per line, without the highlighting markers."""
    return "\n".join(part for part in parts if part).translate(PRIVATE_MARKERS)


def indexable(kind: str) -> QuerySet:
    """The records of `kind` with what their documents read."""
    return registry.of_kind(kind).indexable()


def index_records(kind: str, records: Iterable[Model]) -> None:
    """Create or refresh the entries of `records`; unchanged entries are not written."""
    records = list(records)
    if not records:
        return
    document = registry.of_kind(kind).document
    existing = {getattr(entry, f"{kind}_id"): entry for entry in SearchEntry.objects.filter(**{f"{kind}__in": records})}
    for record in records:
        title, body, extra = fit_for_index(*document(record))
        entry = existing.get(record.pk) or SearchEntry(kind=kind, **{kind: record})
        if entry.pk and (entry.title, entry.body, entry.extra) == (title, body, extra):
            continue
        entry.title, entry.body, entry.extra = title, body, extra
        entry.save()


def bulk_index(kind: str, records: Sequence[Model], *, batch_size: int = 1000) -> None:
    """
    Index records that have no entry yet (new ones, written in bulk), with one insert
    per batch. The records must carry what their documents read (related objects,
    prefetched aliases), or each document costs queries.
    """
    document = registry.of_kind(kind).document
    for start in range(0, len(records), batch_size):
        entries = []
        for record in records[start : start + batch_size]:
            title, body, extra = fit_for_index(*document(record))
            entries.append(SearchEntry(kind=kind, title=title, body=body, extra=extra, **{f"{kind}_id": record.pk}))
        SearchEntry.objects.bulk_create(entries)


def index_object(obj: Model) -> None:
    kind = registry.of_model(type(obj)).kind
    index_records(kind, indexable(kind).filter(pk=obj.pk))


def _index_by_ids(kind: str, ids: Sequence[Any], batch_size: int) -> Iterator[int]:
    """Index the records of `kind` with these ids, `batch_size` at a time; yields how many are done after each batch."""
    queryset = indexable(kind)
    for start in range(0, len(ids), batch_size):
        index_records(kind, queryset.filter(pk__in=ids[start : start + batch_size]))
        yield min(start + batch_size, len(ids))


def index_matching(kind: str, lookup: str, keys: Iterable[Any], *, batch_size: int = 500) -> None:
    """
    Index again the records of `kind` whose `lookup` is one of `keys` (the quotes of
    renamed speakers, say), `batch_size` at a time: their ids are read first, so neither
    the records nor an IN list ever hold a whole archive.
    """
    keys = list(keys)
    ids: list[Any] = []
    for start in range(0, len(keys), batch_size):
        matching = indexable(kind).filter(**{f"{lookup}__in": keys[start : start + batch_size]})
        ids += matching.values_list("pk", flat=True)
    for _ in _index_by_ids(kind, sorted(ids), batch_size):
        pass


def rebuild_kind(
    kind: str, *, batch_size: int = 500, limit: int | None = None, progress: Callable[[str], None] | None = None
) -> int:
    """
    Index every record of `kind` again (the first `limit` by id, if given); returns how
    many. `progress`, if given, is called with a line of text after each batch.
    """
    queryset = indexable(kind).order_by("pk")
    ids = list(queryset.values_list("pk", flat=True)[:limit] if limit else queryset.values_list("pk", flat=True))
    began = time.monotonic()
    for done in _index_by_ids(kind, ids, batch_size):
        if progress:
            rate = done / max(time.monotonic() - began, 1e-6)
            progress(
                f"{registry.of_kind(kind).model._meta.verbose_name_plural}: {done:,} of {len(ids):,} ({rate:,.0f}/s)"
            )
    return len(ids)


def rebuild(*, batch_size: int = 500, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Index every record again; returns the number of entries per kind."""
    return {
        searchable.kind: rebuild_kind(searchable.kind, batch_size=batch_size, progress=progress)
        for searchable in registry.registered()
    }
