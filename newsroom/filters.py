"""Filter types shared by the FilterSets: strict values, so a bad one is an error, not ignored."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django_countries import countries
from django_filters.fields import IsoDateTimeField

from newsroom.search import engine


def country_filter(**kwargs):
    """An ISO 3166 alpha-2 code, typed with suggestions (a select of every country has 249 options)."""
    return django_filters.ChoiceFilter(
        choices=lambda: list(countries), widget=SuggestInput("countries", "Code, e.g. CH"), **kwargs
    )


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """`true` or `false`; anything else is refused (a plain BooleanFilter would ignore it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("empty_label", "Either")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")


class SuggestInput(forms.TextInput):
    """
    A text box for a slug or a code, which site.js turns into a list of suggestions fetched
    as the user types (/search/suggest/<source>/). A form with one never lists every actor
    or round in the page: a select of all of them grew to thousands of options.
    """

    def __init__(self, source, placeholder):
        super().__init__(
            {
                "data-suggest": reverse_lazy("search-suggest", args=[source]),
                "placeholder": placeholder,
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )


# What each kind of record a SlugFilter names is suggested from, and how to ask for it.
SUGGEST_SOURCES = {
    "actor": ("actors", "Name or slug"),
    "speaker": ("speakers", "Someone quoted"),  # actors quoted in published articles only
    "media": ("media", "An outlet"),  # media actors only
    "round": ("rounds", "Round name or slug"),
    "process": ("processes", "Process name or slug"),
}


class SlugFilter(django_filters.ModelChoiceFilter):
    """A related record named by its slug; an unknown slug is refused, naming the kind of record."""

    def __init__(self, *args, noun, suggest=None, **kwargs):
        """`noun` names the record in messages; `suggest` what the box suggests (by default the `noun`'s records)."""
        suggest = suggest or noun
        if suggest in SUGGEST_SOURCES:
            kwargs.setdefault("widget", SuggestInput(*SUGGEST_SOURCES[suggest]))
        else:
            kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "Slug", "spellcheck": "false"}))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("error_messages", {"invalid_choice": f"Unknown {noun} %(value)s: no {noun} has this slug."})
        super().__init__(*args, **kwargs)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with the primary key as the last key, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            return qs.order_by(*qs.query.order_by, "pk")
        return qs


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, converted to UTC (PostgreSQL refuses offsets beyond ±16 hours)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError("This moment is out of range.", code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def updated_since_filter():
    return UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Only records changed at or after this moment (ISO 8601, e.g. 2026-01-31T00:00:00Z), for syncing.",
    )


def ranks_a_window(params):
    """
    Whether an API list request is ordered by relevance: words in `q`, no `ordering`, page
    numbers rather than a cursor. Relevance then ranks the latest RANK_WINDOW matches
    only (newsroom.search.engine.search), and the list counts and pages through those.
    """
    return bool(params.get("q", "").strip()) and not params.get("ordering") and "cursor" not in params


class SearchFilter(django_filters.CharFilter):
    """Full-text search through the one search entry point: matches only, best first."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "label",
            'Words to search for: words, "a phrase", a OR b, -excluded. Bad syntax degrades to plain words. A word '
            'typed alone also finds its other spellings in actors\' names ("Dmitri" finds "Dmitry") and a country '
            'its demonym ("Syria" finds "Syrian"); in quotation marks, only as typed. '
            f"Results come ranked by relevance, then recency, among the latest {engine.RANK_WINDOW:,} matches to enter "
            "the index (`count` stops there, with `count_capped` true when more match). With `ordering`, or in "
            "cursor mode, every match is listed.",
        )
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        request = self.parent.request
        if request is not None and ranks_a_window(request.GET):
            # One past the window, so the count can tell that more match.
            return engine.search(qs, value, rank_window=engine.RANK_WINDOW + 1)
        return engine.search(qs, value)
