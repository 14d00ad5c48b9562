"""
Counting and paging without reading the whole archive: counts stop at COUNT_CAP.

Counting every match of a common word, or skipping tens of thousands of rows to reach a
deep page, costs a scan of the archive on every request. The API and the search page
count up to COUNT_CAP and page through that many; beyond, they say "more than".
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import DatabaseError, connections
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def capped_count(queryset, cap=None):
    """(count up to the cap, whether more match): unordered, without the rows' annotations."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


class CappedTotal(RawSQL):
    """
    How many rows `queryset` has, up to one past the cap, as a column of another query
    (of that query's own rows: a page), so a page and its count cost one query. The
    subquery does not depend on the row: the database computes it once.
    """

    def __init__(self, queryset, cap=None):
        cap = COUNT_CAP if cap is None else cap
        try:
            sql, params = queryset.order_by().values("pk")[: cap + 1].query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a filter that matches nothing, such as pk__in=[]
            super().__init__("0", [], output_field=IntegerField())
            return
        super().__init__(f"SELECT COUNT(*) FROM ({sql}) capped_rows", params, output_field=IntegerField())

    def get_group_by_cols(self):
        return []  # the same for every row


def from_capped_total(total, cap=None):
    """(count, capped) from a CappedTotal value, as capped_count() gives them."""
    cap = COUNT_CAP if cap is None else cap
    return min(total, cap), total > cap


class CappedPaginator(Paginator):
    """
    A Paginator whose count stops at `cap` (COUNT_CAP by default); `capped` says whether
    more match. Assigning `count` (and `capped`) spares the count query when they are
    known already, from a CappedTotal read with the page.
    """

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
