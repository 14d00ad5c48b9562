"""Abstract bases shared by the apps' models."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def related_count(queryset, field_name):
    """
    How many rows of `queryset` point at the outer row through `field_name`: a correlated
    COUNT, with no join fan-out and no GROUP BY over a whole table.
    """
    rows = queryset.filter(**{field_name: OuterRef("pk")}).order_by().values(field_name)
    return Coalesce(Subquery(rows.annotate(total=Count("*")).values("total"), output_field=IntegerField()), 0)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("created", auto_now_add=True, editable=False)
    updated_at = models.DateTimeField("updated", auto_now=True, editable=False)

    class Meta:
        abstract = True


class IdentifierScheme(models.TextChoices):
    WIKIDATA = "wikidata", "Wikidata"
    PAX_AGREEMENT = "pax_agreement", "PA-X agreement"
    PAX_PROCESS = "pax_process", "PA-X peace process"
    UCDP_ACTOR = "ucdp_actor", "UCDP actor"
    UCDP_CONFLICT = "ucdp_conflict", "UCDP conflict"


IDENTIFIER_FORMATS = {
    IdentifierScheme.WIKIDATA: (re.compile(r"^Q[1-9]\d*$"), "a Q followed by digits, e.g. Q1124"),
    IdentifierScheme.PAX_AGREEMENT: (re.compile(r"^[1-9]\d*$"), "a number, e.g. 2011"),
    IdentifierScheme.UCDP_ACTOR: (re.compile(r"^[1-9]\d*$"), "a number, e.g. 426"),
    IdentifierScheme.UCDP_CONFLICT: (re.compile(r"^[1-9]\d*$"), "a number, e.g. 299"),
}

IDENTIFIER_URLS = {
    IdentifierScheme.WIKIDATA: "https://www.wikidata.org/wiki/{}",
    IdentifierScheme.PAX_AGREEMENT: "https://www.peaceagreements.org/view/{}",
}


class ExternalIdentifier(models.Model):
    """An id of the same thing in a dataset researchers use (Wikidata, PA-X, UCDP)."""

    scheme = models.CharField(
        max_length=20,
        choices=IdentifierScheme,
        help_text="The dataset the identifier belongs to.",
    )
    value = models.CharField(
        max_length=100,
        help_text="The identifier exactly as the dataset writes it, e.g. Q1124 on Wikidata.",
    )

    class Meta:
        abstract = True
        ordering = ["scheme", "value"]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.value}"

    def clean(self):
        self.value = (self.value or "").strip()
        pattern, description = IDENTIFIER_FORMATS.get(self.scheme, (None, ""))
        if pattern is not None and not pattern.match(self.value):
            raise ValidationError(
                {"value": f"{self.value!r} is not a {self.get_scheme_display()} id: expected {description}."}
            )

    @property
    def url(self):
        template = IDENTIFIER_URLS.get(self.scheme)
        return template.format(self.value) if template else ""
