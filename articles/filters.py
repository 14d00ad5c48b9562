"""
One FilterSet per resource, shared by the API and (later) the pages. Values are
strict: an unknown slug, kind or date is an error naming the parameter.
"""

import django_filters
from django import forms
from django.db.models import Q

from actors.filters import ActorFilterSet
from actors.models import Actor, ActorKind
from newsroom.filters import (
    SearchFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    country_filter,
    updated_since_filter,
)

from .models import (
    Article,
    CoSpeaker,
    NegotiationProcess,
    NegotiationRound,
    ParticipantRole,
    Quote,
    QuoteKind,
    RoundParticipant,
    RoundStatus,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
# Up to this many quotes of a co-speaker are named in the filter itself; beyond, a subquery.
JOINT_IDS_INLINE = 1000


def public_articles(request):
    return Article.objects.public()


class PublicActorFilterSet(ActorFilterSet):
    has_quotes = StrictBooleanFilter(
        method="filter_has_quotes", label="true: only actors quoted in published articles; false: only the others."
    )

    def filter_has_quotes(self, queryset, name, value):
        # Anonymous quotes have no speaker: keep NULL out of the NOT IN list.
        quoted = Quote.objects.public().filter(speaker__isnull=False).values("speaker")
        return queryset.filter(pk__in=quoted) if value == "true" else queryset.exclude(pk__in=quoted)


class QuoteFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    speaker = SlugFilter(
        queryset=Actor.objects.all(),
        noun="actor",
        suggest="speaker",
        method="filter_speaker",
        label="Slug of the actor who spoke, alone or in a joint statement.",
    )
    speaker_kind = django_filters.ChoiceFilter(
        field_name="speaker__kind",
        choices=ActorKind.choices,
        empty_label="Any kind of speaker",
        label="Kind of the actor who spoke.",
    )
    via = SlugFilter(
        queryset=Actor.objects.all(), noun="actor", suggest="media", label="Slug of the media that relayed the quote."
    )
    round = SlugFilter(queryset=NegotiationRound.objects.all(), noun="round", label="Slug of the round.")
    process = SlugFilter(
        field_name="round__process",
        queryset=NegotiationProcess.objects.all(),
        noun="process",
        label="Slug of the negotiation process of the quote's round.",
    )
    article = SlugFilter(queryset=public_articles, noun="article", label="Slug of the article.")
    kind = django_filters.ChoiceFilter(
        choices=QuoteKind.choices, empty_label="Any kind", label="direct, partial or paraphrase."
    )
    anonymous = StrictBooleanFilter(label="true: only anonymous sources; false: only named speakers.")
    said_after = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="said_on", lookup_expr="gte", label="Said on or after this date (YYYY-MM-DD)."
    )
    said_before = django_filters.DateFilter(
        widget=DATE_INPUT, field_name="said_on", lookup_expr="lte", label="Said on or before this date (YYYY-MM-DD)."
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[("said_on", "said_on"), ("article__published_at", "published_at"), ("updated_at", "updated_at")],
        label="Sort by said_on, published_at (of the article) or updated_at; prefix with - for descending.",
    )

    class Meta:
        model = Quote
        fields: list[str] = []

    def filter_speaker(self, queryset, name, value):
        """
        The speaker, or one of the co-speakers of a joint statement. Their few quotes are
        read first (one indexed query), so that the common case, an actor in no joint
        statement, keeps the plain filter on the speaker index that orders the page.
        """
        joint = CoSpeaker.objects.filter(actor=value).values_list("quote_id", flat=True)
        few = list(joint[: JOINT_IDS_INLINE + 1])
        if not few:
            return queryset.filter(speaker=value)
        return queryset.filter(Q(speaker=value) | Q(pk__in=few if len(few) <= JOINT_IDS_INLINE else joint))


class ArticleFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    round = SlugFilter(
        field_name="rounds",
        queryset=NegotiationRound.objects.all(),
        noun="round",
        label="Slug of a round the article reports on.",
    )
    actor = SlugFilter(
        method="filter_actor",
        queryset=Actor.objects.all(),
        noun="actor",
        label="Slug of an actor quoted in the article.",
    )
    outlet = SlugFilter(queryset=Actor.objects.all(), noun="actor", label="Slug of the media that published it.")
    published_after = django_filters.DateFilter(
        widget=DATE_INPUT,
        field_name="published_at",
        lookup_expr="date__gte",
        label="Published on or after this date (YYYY-MM-DD).",
    )
    published_before = django_filters.DateFilter(
        widget=DATE_INPUT,
        field_name="published_at",
        lookup_expr="date__lte",
        label="Published on or before this date (YYYY-MM-DD).",
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[("published_at", "published_at"), ("updated_at", "updated_at"), ("headline", "headline")],
        label="Sort by published_at, updated_at or headline; prefix with - for descending.",
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_actor(self, queryset, name, value: str):  # an Actor by now; str for the schema
        return queryset.filter(pk__in=Quote.objects.filter(speaker=value).values("article"))  # type: ignore[misc]


class RoundFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    process = SlugFilter(queryset=NegotiationProcess.objects.all(), noun="process", label="Slug of the process.")
    country = country_filter(label="ISO 3166 alpha-2 code, e.g. CH.")
    status = django_filters.ChoiceFilter(
        choices=RoundStatus.choices, empty_label="Any status", label="Status of the round."
    )
    held_from = django_filters.DateFilter(
        widget=DATE_INPUT, method="filter_held_from", label="Rounds not over before this date (YYYY-MM-DD)."
    )
    held_until = django_filters.DateFilter(
        widget=DATE_INPUT, method="filter_held_until", label="Rounds that started on or before this date (YYYY-MM-DD)."
    )
    participant = SlugFilter(
        method="filter_participant",
        queryset=Actor.objects.all(),
        noun="actor",
        label="Slug of an actor taking part (combine with role).",
    )
    role = django_filters.ChoiceFilter(
        method="filter_participant",
        choices=ParticipantRole.choices,
        label="Role of a participant: with participant, that actor in that role; alone, rounds with such a role.",
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[("start_date", "start"), ("name", "name"), ("updated_at", "updated_at")],
        label="Sort by start, name or updated_at; prefix with - for descending.",
    )

    class Meta:
        model = NegotiationRound
        fields: list[str] = []

    def filter_held_from(self, queryset, name, value):
        return queryset.held_from(value)

    def filter_held_until(self, queryset, name, value):
        return queryset.held_until(value)

    def filter_participant(self, queryset, name, value: str):  # str for the schema
        # participant and role must match the same participation row: filter once, with both.
        if name == "role" and self.form.cleaned_data.get("participant"):
            return queryset
        conditions = Q()
        if self.form.cleaned_data.get("participant"):
            conditions &= Q(actor=self.form.cleaned_data["participant"])
        if self.form.cleaned_data.get("role"):
            conditions &= Q(role=self.form.cleaned_data["role"])
        return queryset.filter(pk__in=RoundParticipant.objects.filter(conditions).values("round"))


class ProcessFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    convener = SlugFilter(queryset=Actor.objects.all(), noun="actor", label="Slug of the convening actor.")
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[("name", "name"), ("updated_at", "updated_at")],
        label="Sort by name or updated_at; prefix with - for descending.",
    )

    class Meta:
        model = NegotiationProcess
        fields: list[str] = []
