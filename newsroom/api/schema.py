"""OpenAPI: the errors every operation can answer, and partial dates."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from newsroom.api.links import absolute_link
from newsroom.dates import DatePrecision, format_iso_partial, format_partial_date

ERROR_RESPONSE = inline_serializer(
    "Error",
    fields={"detail": serializers.CharField(required=False, help_text="What went wrong.")},
)
VALIDATION_ERROR_RESPONSE = {
    "type": "object",
    "description": 'Each bad parameter with its messages, e.g. {"kind": ["Select a valid choice."]}.',
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class NewsroomAutoSchema(AutoSchema):
    """Documents the error answers every operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self._get_response_for_code(ERROR_RESPONSE, "429")
        responses.setdefault("429", {**error, "description": "Too many requests: slow down (see Retry-After)."})
        if self._is_list_view():
            responses.setdefault(
                "400",
                {
                    "content": {"application/json": {"schema": VALIDATION_ERROR_RESPONSE}},
                    "description": "A filter, ordering or pagination parameter has a bad value.",
                },
            )
            responses.setdefault("404", {**error, "description": "The page number is past the last page."})
        else:
            responses.setdefault("404", {**error, "description": "No public record with this key."})
        return responses


class PartialDateSerializer(serializers.Serializer):
    """Schema of a date known to a day, a month or a year."""

    value = serializers.CharField(help_text="ISO date cut to its precision: 2018-01-25, 2017-12 or 2017.")
    precision = serializers.ChoiceField(choices=DatePrecision.choices)
    display = serializers.CharField(help_text="As a reader sees it: 25 January 2018, December 2017, 2017.")


@extend_schema_field(PartialDateSerializer(allow_null=True))
class PartialDateField(serializers.Field):
    """A (date, precision) pair of model fields, as {value, precision, display} or null."""

    def __init__(self, date_field, precision_field, **kwargs):
        self.date_field, self.precision_field = date_field, precision_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        precision = getattr(instance, self.precision_field)
        return {
            "value": format_iso_partial(value, precision),
            "precision": precision,
            "display": format_partial_date(value, precision),
        }


@extend_schema_field({"type": "string", "format": "uri"})
class PageUrlField(serializers.Field):
    """The record's public web page (the route `view_name`, keyed by `lookup_field`), as an absolute URL."""

    def __init__(self, view_name, lookup_field="slug", **kwargs):
        kwargs.setdefault("help_text", "The record's page on the Newsroom site.")
        self.view_name, self.lookup_field = view_name, lookup_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return absolute_link(self.context["request"], self.view_name, getattr(instance, self.lookup_field))


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The record's API address, built as HyperlinkedIdentityField does, without a reverse() per row."""

    def get_url(self, obj, view_name, request, format):
        key = getattr(obj, self.lookup_field)
        if format or key in (None, ""):
            return super().get_url(obj, view_name, request, format)
        return absolute_link(request, view_name, key, kwarg=self.lookup_url_kwarg)
