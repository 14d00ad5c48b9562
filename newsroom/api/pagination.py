"""Page-number and cursor pagination for every list."""

from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from newsroom import paging
from newsroom.filters import ranks_a_window
from newsroom.paging import CappedPaginator
from newsroom.search import engine as full_text

MAX_PAGE_SIZE = 200


class _SyncCursorPagination(CursorPagination):
    """Keyset pagination on the primary key: the last page costs what the first does."""

    ordering = ("id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def decode_cursor(self, request):
        invalid = ValidationError({"cursor": ["Invalid cursor: use the `next` link of the previous page."]})
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise invalid from None
        # The position is an id; refuse anything else before it reaches a query.
        if cursor is not None and cursor.position is not None and not str(cursor.position).isdigit():
            raise invalid
        return cursor


def whole_number(request, name, *, minimum=1, maximum=None):
    """Query parameter `name` as an int from `minimum` to `maximum`, None when absent; else a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"Must be a whole number, not {raw[:40]!r}."]}) from None
    if value < minimum:
        raise ValidationError({name: [f"Must be {minimum} or more."]})
    if maximum is not None and value > maximum:
        raise ValidationError({name: [f"Must be at most {maximum}."]})
    return value


class NewsroomPagination(PageNumberPagination):
    """
    Page numbers by default (`page`, `page_size` up to 200, 50 by default), counted and
    paged up to COUNT_CAP records (newsroom.paging). With the `cursor` parameter present (empty to start),
    keyset pagination in id order for full syncs, without a total count.
    """

    django_paginator_class = CappedPaginator

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        whole_number(request, self.page_size_query_param, maximum=self.max_page_size)
        # A view's costly per-row figures (counts) are computed for the rows shown only.
        shown = getattr(view, "annotate_shown_rows", None)
        self.cursor_mode = self.cursor_query_param in request.query_params
        if self.cursor_mode:
            # In id order the database computes them for the page's rows only anyway.
            self.cursor_paginator = _SyncCursorPagination()
            return self.cursor_paginator.paginate_queryset(shown(queryset) if shown else queryset, request, view)
        number = whole_number(request, self.page_query_param) or 1
        self.request = request
        # Ranked by relevance, a list holds the latest RANK_WINDOW matches (SearchFilter).
        cap = full_text.RANK_WINDOW if ranks_a_window(request.query_params) else None
        paginator = self.django_paginator_class(queryset, self.get_page_size(request), cap=cap)
        rows = self.rows_and_count(queryset, paginator, number, shown)
        if rows is not None:
            self.page = paginator._get_page(rows, number, paginator)
            return rows
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            if paginator.capped and cap:
                raise NotFound(
                    f"Ranked by relevance, the list holds the latest {cap:,} matches only: pass `ordering` "
                    "(e.g. -updated_at) or read in cursor mode (pass `cursor` empty to start) to reach every match."
                ) from None
            if paginator.capped:
                raise NotFound(
                    f"Page numbers reach the first {paging.COUNT_CAP:,} records only: "
                    "read further in cursor mode (pass `cursor` empty to start)."
                ) from None
            raise NotFound(self.invalid_page_message.format(page_number=number, message="")) from None
        return []  # an empty first page

    def rows_and_count(self, queryset, paginator, number, shown):
        """
        The page's rows, read with the capped count in the same query (a scalar subquery
        the database runs once), which the paginator then keeps; None when the page is
        empty, so that the count alone says whether it is past the end.
        """
        cap = paginator.cap or paging.COUNT_CAP
        start = (number - 1) * paginator.per_page
        if start >= cap:
            return None
        end = min(start + paginator.per_page, cap)  # a ranked window holds one match past the cap
        if shown:
            # The page's ids are a subquery (ORDER BY ... LIMIT) of this one.
            page = shown(queryset.filter(pk__in=queryset.values("pk")[start:end]))
        else:
            page = queryset[start:end]
        rows = list(page.annotate(_capped_total=paging.CappedTotal(queryset, cap=paginator.cap)))
        if rows:
            paginator.count, paginator.capped = paging.from_capped_total(rows[0]._capped_total, cap=paginator.cap)
        return rows or None

    def get_paginated_response(self, data):
        if self.cursor_mode:
            return Response(
                {
                    "next": self.cursor_paginator.get_next_link(),
                    "previous": self.cursor_paginator.get_previous_link(),
                    "results": data,
                }
            )
        return Response(
            {
                "count": self.page.paginator.count,
                "count_capped": self.page.paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": (
                        f"Number of records matching the filters, counted up to {paging.COUNT_CAP:,} "
                        "(page-number mode only)."
                    ),
                    "example": 123,
                },
                "count_capped": {
                    "type": "boolean",
                    "description": (
                        f"True when more than {paging.COUNT_CAP:,} records match: `count` stops there, and so do "
                        "the pages; cursor mode reads them all (page-number mode only)."
                    ),
                },
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page."},
                "previous": {"type": "string", "nullable": True, "format": "uri", "description": "The previous page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1 (page-number mode).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Records per page, 1 to {MAX_PAGE_SIZE}; 50 when omitted.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Cursor mode for full syncs: pass it empty to start, then follow `next` until it is "
                    "null. Records come in id order; `ordering` and `page` are ignored."
                ),
                "schema": {"type": "string"},
            },
        ]
