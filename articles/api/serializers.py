"""
Serializers map records to JSON and nothing more: every relation they read is
select_related or prefetched by the viewsets, so a page costs a fixed number of queries.
"""

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from actors.api.serializers import ActorSerializer, ActorSummarySerializer, IdentifierSerializer
from articles.models import (
    Article,
    Correction,
    NegotiationProcess,
    NegotiationRound,
    ParticipantRole,
    PublicationPrecision,
    Quote,
    RoundParticipant,
    SourceKind,
)
from newsroom.api.schema import ApiUrlField, PageUrlField, PartialDateField


class ActorDetailSerializer(ActorSerializer):
    quote_count = serializers.IntegerField(help_text="Quotes of this actor in published articles.")

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields[:-3], "quote_count", *ActorSerializer.Meta.fields[-3:]]


class ProcessSummarySerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:process-detail", lookup_field="slug")
    page_url = PageUrlField("process-page")

    class Meta:
        model = NegotiationProcess
        fields = ["slug", "name", "api_url", "page_url"]


class RoundSummarySerializer(serializers.ModelSerializer):
    dates = serializers.CharField(source="dates_display", help_text="The dates as a reader sees them, or empty.")
    api_url = ApiUrlField(view_name="api:round-detail", lookup_field="slug")
    page_url = PageUrlField("round-page")

    class Meta:
        model = NegotiationRound
        fields = ["slug", "name", "dates", "status", "api_url", "page_url"]


class PublicationFields(serializers.Serializer):
    """When an article was published: the exact time when known, and the day always."""

    published_at = serializers.SerializerMethodField(
        help_text="The exact publication time, or null when only the day is known (see published_on)."
    )
    published_on = serializers.DateField(source="published_day", allow_null=True, help_text="The day of publication.")
    published_precision = serializers.ChoiceField(
        choices=PublicationPrecision.choices,
        help_text="time: published_at is exact; day: only published_on is known.",
    )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_published_at(self, article):
        if article.published_precision == PublicationPrecision.DAY:
            return None
        return serializers.DateTimeField().to_representation(article.published_at)


class ArticleSummarySerializer(PublicationFields, serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:article-detail", lookup_field="slug")
    page_url = PageUrlField("article-page")

    class Meta:
        model = Article
        fields = ["slug", "headline", "published_at", "published_on", "published_precision", "api_url", "page_url"]


ANONYMOUS_HELP = "true when the source is not named; speaker_label then describes them."


class QuoteSummarySerializer(serializers.ModelSerializer):
    speaker = ActorSummarySerializer(allow_null=True, help_text="The linked actor; null for an anonymous source.")
    anonymous = serializers.BooleanField(help_text=ANONYMOUS_HELP)
    via = ActorSummarySerializer(allow_null=True, help_text="The media that relayed the words, if any.")
    api_url = ApiUrlField(view_name="api:quote-detail")
    page_url = PageUrlField("quote-page", lookup_field="pk")

    class Meta:
        model = Quote
        fields = ["id", "text", "kind", "speaker", "speaker_label", "anonymous", "via", "api_url", "page_url"]


class RelayStepSerializer(serializers.Serializer):
    actor = ActorSummarySerializer(allow_null=True, help_text="The intermediary, when known as an actor.")
    # DRF takes declared fields off the class, so this does not shadow Field.label at run time.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="As printed (“officials”), or empty when the actor says it."
    )


class QuoteSerializer(serializers.ModelSerializer):
    speaker = ActorSummarySerializer(allow_null=True, help_text="The linked actor; null for an anonymous source.")
    speaker_display = serializers.CharField(
        help_text="The speaker as readers see them: the printed label, with the role held when the words were "
        "said when the label is only a name."
    )
    anonymous = serializers.BooleanField(help_text=ANONYMOUS_HELP)
    speaker_affiliation = ActorSummarySerializer(
        allow_null=True, help_text="For an unnamed source: whom they belong to (France for a French diplomat)."
    )
    via = ActorSummarySerializer(allow_null=True, help_text="The media that relayed the words, if any.")
    said_on = PartialDateField("said_on", "said_on_precision", help_text="When the words were said, if known.")
    round = RoundSummarySerializer(allow_null=True)
    article = ArticleSummarySerializer()
    span = serializers.SerializerMethodField(help_text="Offsets of the words in the article body, when located.")
    co_speakers = serializers.SerializerMethodField(
        help_text="The other speakers of a joint statement, in order, after `speaker`; empty for most quotes."
    )
    relay_chain = RelayStepSerializer(
        source="relay_steps",
        many=True,
        help_text="The intermediaries between the speaker and `via`, in order (“the minister briefed officials, "
        "who then spoke to an agency”: officials, then via the agency); empty for most quotes.",
    )
    within: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="For a partial quote: the id of the paraphrase (same article) it is part of.",
    )
    api_url = ApiUrlField(view_name="api:quote-detail")
    page_url = PageUrlField("quote-page", lookup_field="pk")

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "kind",
            "speaker",
            "speaker_label",
            "speaker_display",
            "co_speakers",
            "anonymous",
            "speaker_affiliation",
            "via",
            "relay_chain",
            "channel",
            "channel_other",
            "attribution_basis",
            "within",
            "said_on",
            "said_on_printed",
            "location",
            "round",
            "article",
            "span",
            "created_at",
            "updated_at",
            "api_url",
            "page_url",
        ]

    @extend_schema_field(ActorSummarySerializer(many=True))
    def get_co_speakers(self, quote):
        return [ActorSummarySerializer(co.actor, context=self.context).data for co in quote.co_speakers.all()]

    @extend_schema_field(
        inline_serializer(
            "Span", fields={"start": serializers.IntegerField(), "end": serializers.IntegerField()}, allow_null=True
        )
    )
    def get_span(self, quote):
        if quote.span_start is None:
            return None
        return {"start": quote.span_start, "end": quote.span_end}


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["published_on", "text"]


class ArticleSerializer(PublicationFields, serializers.ModelSerializer):
    outlet = ActorSummarySerializer(allow_null=True)
    rounds = RoundSummarySerializer(many=True)
    quotes = QuoteSummarySerializer(many=True, help_text="The article's quotes, in body order.")
    corrections = CorrectionSerializer(many=True, help_text="Corrections published with the article, newest first.")
    url = serializers.CharField(help_text="Where the article is published online, or empty.")
    api_url = ApiUrlField(view_name="api:article-detail", lookup_field="slug")
    page_url = PageUrlField("article-page")

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "standfirst",
            "body",
            "byline",
            "outlet",
            "url",
            "language",
            "dateline",
            "published_at",
            "published_on",
            "published_precision",
            "rounds",
            "quotes",
            "corrections",
            "created_at",
            "updated_at",
            "api_url",
            "page_url",
        ]


class SourceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SourceKind.choices,
        help_text="official_statement, agreement_text, pax (a PA-X record), ucdp (a UCDP record) or other.",
    )
    title = serializers.CharField()
    url = serializers.URLField()


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorSummarySerializer()
    delegation_head = ActorSummarySerializer(allow_null=True, help_text="Who led the delegation, if known.")
    lead = serializers.BooleanField(help_text="The lead in its role (the lead mediator); false for those supporting.")
    qualifier = serializers.CharField(
        help_text="As the coverage qualifies it (“on behalf of the regional bloc”), or empty."
    )
    represents = ActorSummarySerializer(allow_null=True, help_text="The actor this participant speaks for, if any.")

    class Meta:
        model = RoundParticipant
        fields = ["actor", "lead", "qualifier", "represents", "delegation_head"]


PARTICIPANTS_BY_ROLE = inline_serializer(
    "ParticipantsByRole",
    fields={role: ParticipantSerializer(many=True, help_text=label + "s.") for role, label in ParticipantRole.choices},
)


class RoundSerializer(serializers.ModelSerializer):
    process = ProcessSummarySerializer()
    country = serializers.CharField(help_text="ISO 3166 alpha-2 code, or empty.")
    start = PartialDateField("start_date", "start_precision", help_text="Null while not scheduled.")
    end = PartialDateField("end_date", "end_precision")
    dates = serializers.CharField(source="dates_display", help_text="The dates as a reader sees them, or empty.")
    dates_printed = serializers.CharField(
        help_text="The dates as the coverage gave them (“planned for late March”), or empty."
    )
    participants = serializers.SerializerMethodField(help_text="Participants grouped by role.")
    identifiers = IdentifierSerializer(many=True)
    editorial_note = serializers.CharField(help_text="Context for readers, or empty.")
    sources = SourceSerializer(many=True, help_text="Documents the record rests on.")
    quote_count = serializers.IntegerField(help_text="Quotes about this round in published articles.")
    article_count = serializers.IntegerField(help_text="Published articles reporting on this round.")
    api_url = ApiUrlField(view_name="api:round-detail", lookup_field="slug")
    page_url = PageUrlField("round-page")

    class Meta:
        model = NegotiationRound
        fields = [
            "slug",
            "name",
            "number",
            "process",
            "city",
            "country",
            "venue",
            "start",
            "end",
            "dates",
            "dates_printed",
            "status",
            "agenda",
            "outcome",
            "participants",
            "identifiers",
            "editorial_note",
            "sources",
            "quote_count",
            "article_count",
            "created_at",
            "updated_at",
            "api_url",
            "page_url",
        ]

    @cached_property
    def participant_serializer(self):
        # One serializer for every participant of the page: building one builds its fields (about 1 ms).
        return ParticipantSerializer(context=self.context)

    @extend_schema_field(PARTICIPANTS_BY_ROLE)
    def get_participants(self, round_):
        grouped = {role: [] for role in ParticipantRole.values}
        for participant in round_.participants.all():
            grouped[participant.role].append(self.participant_serializer.to_representation(participant))
        return grouped


class ProcessSerializer(serializers.ModelSerializer):
    convener = ActorSummarySerializer(allow_null=True)
    rounds = RoundSummarySerializer(many=True, help_text="The process's rounds, earliest first.")
    identifiers = IdentifierSerializer(many=True)
    editorial_note = serializers.CharField(help_text="Context for readers, or empty.")
    sources = SourceSerializer(many=True, help_text="Documents the record rests on.")
    api_url = ApiUrlField(view_name="api:process-detail", lookup_field="slug")
    page_url = PageUrlField("process-page")

    class Meta:
        model = NegotiationProcess
        fields = [
            "slug",
            "name",
            "description",
            "convener",
            "rounds",
            "identifiers",
            "editorial_note",
            "sources",
            "created_at",
            "updated_at",
            "api_url",
            "page_url",
        ]
