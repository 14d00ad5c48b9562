"""
Counting and paging without reading the whole archive: counts stop at COUNT_CAP.

Counting every match of a common word, or skipping tens of thousands of rows to reach a
deep page, costs a scan of the archive on every request. The API and the search page
count up to COUNT_CAP and page through that many; beyond, they say "more than".
"""

from django.core.paginator import Paginator
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
