"""
The read API. Every queryset starts from the public() querysets, so drafts,
embargoed and withdrawn articles and their quotes never appear, not even in counts.
"""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from actors.models import Actor, Affiliation
from articles.filters import (
    ArticleFilterSet,
    ProcessFilterSet,
    PublicActorFilterSet,
    QuoteFilterSet,
    RoundFilterSet,
)
from articles.models import (
    Article,
    ArticleRoundLink,
    NegotiationProcess,
    NegotiationRound,
    Quote,
    RelayStep,
    RoundParticipant,
)
from newsroom.api.pagination import NewsroomPagination
from newsroom.api.views import SLUG_LOOKUP_REGEX, SlugLookupMixin
from newsroom.models import related_count

from .serializers import ActorDetailSerializer, ArticleSerializer, ProcessSerializer, QuoteSerializer, RoundSerializer

QUOTE_SUMMARIES = Quote.objects.select_related("speaker", "via")
ACTOR_RELATIONS = [
    "aliases",
    "identifiers",
    Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
]


@extend_schema_view(
    list=extend_schema(summary="List published articles", description="Newest first unless `ordering` is given."),
    retrieve=extend_schema(summary="One published article, with its quotes and rounds"),
)
class ArticleViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX

    def get_queryset(self):
        return (
            Article.objects.public()
            .select_related("outlet")
            .prefetch_related("rounds", Prefetch("quotes", queryset=QUOTE_SUMMARIES), "corrections")
            .order_by("-published_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="List quotes from published articles",
        description="Newest article first (as in the articles list), then in their order in the article, "
        "unless `ordering` is given.",
    ),
    retrieve=extend_schema(summary="One quote, with its speaker, relay, round and article"),
)
class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilterSet

    def get_queryset(self):
        if self.request is not None and NewsroomPagination.cursor_query_param in self.request.query_params:
            quotes = Quote.objects.public_in_id_order()  # cursor mode walks ids: no join to sort
        else:
            quotes = Quote.objects.public().order_by("-article__published_at", "-article_id", "span_start", "pk")
        steps = RelayStep.objects.select_related("actor").order_by("position")
        quotes = quotes.with_related().prefetch_related(Prefetch("relay_steps", queryset=steps))
        return quotes.defer("confidential_note")


@extend_schema_view(
    list=extend_schema(summary="List actors", description="People, organizations, governments, armed groups, media."),
    retrieve=extend_schema(summary="One actor, with aliases, affiliations and identifiers"),
)
class ActorViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ActorDetailSerializer
    filterset_class = PublicActorFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX

    def get_queryset(self):
        actors = Actor.objects.prefetch_related(*ACTOR_RELATIONS).order_by("name", "pk")
        # A list counts quotes for the rows it shows only (the paginator calls annotate_shown_rows).
        return actors if self.action == "list" else self.annotate_shown_rows(actors)

    def annotate_shown_rows(self, actors):
        return actors.annotate(quote_count=related_count(Quote.objects.public_for_counts(), "speaker"))


@extend_schema_view(
    list=extend_schema(summary="List negotiation rounds"),
    retrieve=extend_schema(summary="One round, with its process and participants by role"),
)
class RoundViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX

    def get_queryset(self):
        participants = RoundParticipant.objects.select_related("actor", "represents", "delegation_head").order_by(
            "role", "-lead", "actor__name"
        )
        rounds = (
            NegotiationRound.objects.select_related("process")
            .prefetch_related(Prefetch("participants", queryset=participants), "identifiers", "sources")
            .order_by("process__name", "start_date", "name", "pk")
        )
        # A list counts for the rows it shows only (the paginator calls annotate_shown_rows).
        return rounds if self.action == "list" else self.annotate_shown_rows(rounds)

    def annotate_shown_rows(self, rounds):
        now = timezone.now()
        return rounds.annotate(
            quote_count=related_count(Quote.objects.public_for_counts(now=now), "round"),
            # The round's links to articles, counted in their index (migration 0009).
            article_count=related_count(ArticleRoundLink.objects.public_for_counts(now=now), "negotiationround"),
        )


@extend_schema_view(
    list=extend_schema(summary="List negotiation processes"),
    retrieve=extend_schema(summary="One process, with its rounds"),
)
class ProcessViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProcessSerializer
    filterset_class = ProcessFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX

    def get_queryset(self):
        return (
            NegotiationProcess.objects.select_related("convener")
            .prefetch_related("rounds", "identifiers", "sources")
            .order_by("name", "pk")
        )
