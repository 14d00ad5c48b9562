"""GET /api/v1/changes/: the change log, in order, for clients that keep a copy of the public records."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from newsroom.api.links import absolute_link
from newsroom.api.pagination import whole_number
from newsroom.api.schema import VALIDATION_ERROR_RESPONSE

from . import log
from .feed import represent
from .models import Action, Change, Reason

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

CHANGE_SCHEMA = inline_serializer(
    "Change",
    fields={
        "id": serializers.CharField(help_text="The change's id (its sequence as text): deduplicate by it."),
        "sequence": serializers.IntegerField(help_text="Position in the log; strictly increasing."),
        "resource": serializers.ChoiceField(choices=["article", "quote", "actor", "round", "process"]),
        "key": serializers.CharField(help_text="The slug (the quote's id for quotes) in the record's address."),
        "action": serializers.ChoiceField(
            choices=Action.choices,
            help_text="`fetch`: GET `url` and store the answer (a 404 means remove it); `remove`: drop `url`.",
        ),
        "reason": serializers.ChoiceField(choices=Reason.choices),
        "url": serializers.URLField(help_text="The record's API address (for a removal, the one it had)."),
        "replaced_by": serializers.URLField(
            allow_null=True, help_text="Merged or renamed: the address of the record that takes its place."
        ),
        "at": serializers.DateTimeField(help_text="When the change was recorded."),
    },
)
FEED_SCHEMA = inline_serializer(
    "ChangesPage",
    fields={
        "latest": serializers.IntegerField(help_text="The last sequence in the log when this page was read."),
        "results": CHANGE_SCHEMA.__class__(many=True),
        "next": serializers.URLField(
            allow_null=True, help_text="The next page while more changes wait; null once you are up to date."
        ),
        "after": serializers.IntegerField(help_text="Pass this as `after` on your next call."),
    },
)

DESCRIPTION = """\
Every change a public client may see, in the order it was committed: create, edit,
publish, embargo lifting, withdrawal, embargo set again, deletion, merge, rename, and
changes a record gets through a related one (a renamed speaker changes each of their
quotes). Each says either **fetch** the record again or **remove** it (a tombstone,
with the reason: `withdrawn`, `embargoed`, `unpublished`, `deleted`, `merged` into
`replaced_by`, `renamed` to `replaced_by`). Records the public never saw (drafts,
articles under embargo) are never announced, and a change carries no content: fetch
the record from its `url`.

**A full sync, then incremental ones**

1. `GET /api/v1/changes/` (no `after`): an empty page whose `latest` says where the log
   stands, e.g. `{"latest": 4210, "results": [], "next": ".../changes/?after=4210", "after": 4210}`.
   Keep 4210.
2. Copy every resource in cursor mode: `GET /api/v1/articles/?cursor=` then each `next`,
   and the same for quotes, actors, rounds and processes. Key your copy by `api_url`.
3. `GET /api/v1/changes/?after=4210`: apply each change in order (fetch `url` and store
   it, or delete `url`; a fetch answered 404 is a removal), follow `next` until it is
   null, and keep the page's `after` for next time. Changes made during step 2 are
   replayed here; applying a change twice is harmless.
4. Later, `GET /api/v1/changes/?after=<kept>` again (every minute, say), or subscribe to
   webhooks (ask the newsroom's staff), which POST the same JSON one change at a time.

`scripts/mirror.py` in the repository is a reference client (standard library only).
"""


class ChangesView(APIView):
    """The change log in sequence order, `page_size` at a time."""

    @extend_schema(
        operation_id="changes_list",
        summary="Changes to public records, in order (for syncing a copy)",
        description=DESCRIPTION,
        parameters=[
            OpenApiParameter(
                "after",
                int,
                description="Return the changes after this sequence. Omit it to learn where the log stands.",
            ),
            OpenApiParameter("page_size", int, description=f"Up to {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} by default."),
        ],
        responses={
            200: FEED_SCHEMA,
            400: OpenApiResponse(VALIDATION_ERROR_RESPONSE, description="`after` or `page_size` has a bad value."),
        },
        examples=[
            OpenApiExample(
                "A withdrawal, a merge and an edit",
                response_only=True,
                value={
                    "latest": 4213,
                    "after": 4213,
                    "next": None,
                    "results": [
                        {
                            "id": "4211",
                            "sequence": 4211,
                            "resource": "article",
                            "key": "vienna-talks-end",
                            "action": "remove",
                            "reason": "withdrawn",
                            "url": "https://newsroom.example/api/v1/articles/vienna-talks-end/",
                            "replaced_by": None,
                            "at": "2026-11-30T09:12:03.120000Z",
                        },
                        {
                            "id": "4212",
                            "sequence": 4212,
                            "resource": "actor",
                            "key": "bashar-al-jaafari",
                            "action": "remove",
                            "reason": "merged",
                            "url": "https://newsroom.example/api/v1/actors/bashar-al-jaafari/",
                            "replaced_by": "https://newsroom.example/api/v1/actors/bashar-jaafari/",
                            "at": "2026-11-30T09:14:40.005000Z",
                        },
                        {
                            "id": "4213",
                            "sequence": 4213,
                            "resource": "quote",
                            "key": "118",
                            "action": "fetch",
                            "reason": "changed",
                            "url": "https://newsroom.example/api/v1/quotes/118/",
                            "replaced_by": None,
                            "at": "2026-11-30T09:14:40.005000Z",
                        },
                    ],
                },
            )
        ],
    )
    def get(self, request):
        after = whole_number(request, "after", minimum=0)
        size = whole_number(request, "page_size", maximum=MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
        if log.releases_due():
            # An embargo lifted since the worker last looked: announce it before answering
            # (written on the primary; this request then reads from it).
            log.release_due()
        latest = log.head()
        base = request.build_absolute_uri(request.path)
        if after is None:
            return Response({"latest": latest, "results": [], "next": f"{base}?after={latest}", "after": latest})
        changes = list(Change.objects.filter(sequence__gt=after).order_by("sequence")[: size + 1])
        more = len(changes) > size
        changes = changes[:size]
        last = changes[-1].sequence if changes else after

        def link(view_name: str, key: str) -> str:
            return absolute_link(request, view_name, key)

        next_url = f"{base}?after={last}" + (f"&page_size={size}" if size != DEFAULT_PAGE_SIZE else "")
        return Response(
            {
                "latest": latest,
                "results": [represent(change, link) for change in changes],
                "next": next_url if more else None,
                "after": last,
            }
        )
