from rest_framework import serializers

from actors.models import Actor, ActorIdentifier, Affiliation
from newsroom.api.schema import ApiUrlField, PageUrlField, PartialDateField


class ActorSummarySerializer(serializers.ModelSerializer):
    """An actor embedded in another record."""

    api_url = ApiUrlField(view_name="api:actor-detail", lookup_field="slug")
    page_url = PageUrlField("actor-page")

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "api_url", "page_url"]


class IdentifierSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="The record in its dataset, when it has a web page.")

    class Meta:
        model = ActorIdentifier
        fields = ["scheme", "value", "url"]


class AffiliationSerializer(serializers.ModelSerializer):
    organization = ActorSummarySerializer()
    start = PartialDateField("start_date", "start_precision")
    end = PartialDateField("end_date", "end_precision")
    period = serializers.CharField(source="period_display", help_text="The period as a reader sees it.")
    ended = serializers.BooleanField(
        help_text="The role is over: true with an end date, and with none when it ended on a date not known."
    )
    current = serializers.BooleanField(help_text="Still held: not ended.")

    class Meta:
        model = Affiliation
        fields = ["organization", "role", "start", "end", "ended", "current", "period"]


class ActorSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:actor-detail", lookup_field="slug")
    page_url = PageUrlField("actor-page")
    country = serializers.CharField(help_text="ISO 3166 alpha-2 code, or empty.")
    country_name = serializers.CharField(source="country.name", help_text="The country's English name, or empty.")
    aliases: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Other names: spellings, acronyms, capitals."
    )
    affiliations = AffiliationSerializer(many=True, help_text="Roles held by a person, over time.")
    identifiers = IdentifierSerializer(many=True)

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "country_name",
            "description",
            "aliases",
            "affiliations",
            "identifiers",
            "created_at",
            "updated_at",
            "api_url",
            "page_url",
        ]
