"""
Counting and paging without reading the whole archive: counts stop at COUNT_CAP.

Counting every match of a common word, or skipping tens of thousands of rows to reach a
deep page, costs a scan of the archive on every request. The API and the search page
count up to COUNT_CAP and page through that many; beyond, they say "more than".
"""

from django.core.paginator import Paginator
from django.db import DatabaseError, connections
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def capped_count(queryset, cap=None):
    """(count up to the cap, whether more match): unordered, without the rows' annotations."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap` (COUNT_CAP by default); `capped` says whether more match."""

    capped = False

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        count, self.capped = capped_count(self.object_list, cap=self.cap)
        return count


# Below this many rows an exact count is cheap and beats an estimate.
EXACT_BELOW = 10_000


def estimated_table_rows(model, using):
    """
    The planner's figure for the rows of `model`'s table, or None when the database has
    none: PostgreSQL's pg_class.reltuples (kept by ANALYZE and autovacuum), SQLite's
    sqlite_stat1 (kept by ANALYZE).
    """
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
            return int(row[0]) if row and row[0] >= 0 else None
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
            except DatabaseError:  # no sqlite_stat1 until the first ANALYZE
                return None
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
    return None


class EstimatedCountPaginator(Paginator):
    """
    For the admin's changelists: an unfiltered list of a large table is counted from the
    database's statistics (one cheap query) instead of reading every row; a filtered or
    searched list, or a small table, is counted exactly. `estimated` says which.
    """

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if hasattr(queryset, "query") and not queryset.query.where:
            estimate = estimated_table_rows(queryset.model, queryset.db)
            if estimate is not None and estimate >= EXACT_BELOW:
                self.estimated = True
                return estimate
        return super().count
