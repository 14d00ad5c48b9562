import re
from abc import ABC, abstractmethod

from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import ParsedQuery

START, STOP = "\ue000", "\ue001"  # markers around matches; never in indexed text


class SearchBackend(ABC):
    """What each database's search does; see postgres.py and sqlite.py."""

    vendor = ""
    # The field of a matched record that follows the order entries entered the index (the
    # entry's id): walked backwards, newest first, it finds a common word's latest matches
    # without reading the others.
    index_order = ""

    def latest(self, matches: QuerySet, count: int) -> list[tuple[int, float]]:
        """(pk, rank) of the `count` matches latest to enter the index, the latest first."""
        return list(matches.order_by(F(self.index_order).desc()).values_list("pk", "search_rank")[:count])

    @abstractmethod
    def matches(self, queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
        """`queryset` narrowed to records matching `parsed`, annotated `search_rank` (higher is better)."""

    @abstractmethod
    def marked(self, entry_ids: list[int], parsed: ParsedQuery) -> dict[int, tuple[str, str]]:
        """{entry id: (title, snippet)} with matches between START and STOP, for the rows shown only."""


_ADJACENT_MARKS = re.compile(f"{STOP}(\\s+){START}")


def marks_to_html(text: str) -> SafeString:
    """
    Escape everything, then turn the backend's markers into <mark> elements. Marks
    separated only by spaces become one, so a phrase reads as one match on both
    backends (PostgreSQL marks each word).
    """
    text = _ADJACENT_MARKS.sub(r"\1", text)
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))
