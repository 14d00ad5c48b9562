"""What the articles admins share: the quote's fieldsets, locking, full-text changelist search."""

from typing import Any

from django import forms
from django.db import models

from newsroom.search.engine import get_backend, prepare

from ..services import LOCKED_STATUSES, can_publish

QUOTE_FIELDSETS: tuple[tuple[str | None, Any], ...] = (
    (None, {"fields": ["text", "occurrence", "kind", "seen_version"]}),
    (
        "Who said it",
        {
            "fields": [
                ("speaker", "speaker_label"),
                ("anonymous", "speaker_affiliation"),
                "via",
                ("attribution_basis", "within"),
            ]
        },
    ),
    (
        "When, where and how",
        {"fields": [("said_on", "said_on_printed"), "location", ("channel", "channel_other"), "round"]},
    ),
    # Left out of the form for users without the permission (newsroom.protection).
    (
        "Confidential (staff with permission only)",
        {"fields": ["confidential_note"], "classes": ["collapse"]},
    ),
)
COMPACT_TEXT: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}
}


def is_locked_for(user, article):
    """A published or withdrawn article (and its quotes) is read-only for users who cannot publish."""
    return (
        article is not None and article.pk is not None and article.status in LOCKED_STATUSES and not can_publish(user)
    )


class FullTextSearchAdmin:
    """
    The changelist's search goes through the search index, as the public search does
    (stemmed words, "phrases", OR, -exclusions, accents and apostrophes ignored), not
    through substring scans of every body. `search_fields` stays set so Django shows
    the search box.
    """

    def get_search_results(self, request, queryset, search_term):
        parsed = prepare(search_term)
        if parsed.is_empty:
            return (queryset, False) if not search_term.strip() else (queryset.none(), False)
        return self.full_text_matches(queryset, parsed), False

    def full_text_matches(self, queryset, parsed):
        return get_backend().matches(queryset, parsed)
