import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from newsroom.dates import (
    DatePrecision,
    clean_partial_date,
    clean_partial_range,
    format_date_range,
    period_end,
    precision_constraint,
    range_constraint,
)
from newsroom.models import ExternalIdentifier, TimeStampedModel
from newsroom.text import normalize_name


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    GOVERNMENT = "government", "Government"
    ARMED_GROUP = "armed_group", "Armed group"
    MEDIA = "media", "Media"
    OTHER = "other", "Other"


class Actor(TimeStampedModel):
    """
    Anyone who speaks or takes part: a person, an organization, a government ("Moscow"
    is the Russian government), an armed group, or a news outlet that relays quotes.
    """

    name = models.CharField(
        max_length=200,
        help_text="The name as the newsroom writes it, e.g. “Bashar al-Ja'afari”.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Short unique name used in addresses and in the import format.",
    )
    kind = models.CharField(
        max_length=20,
        choices=ActorKind,
        help_text="Media actors can relay quotes (“quoted by Reuters”).",
    )
    description = models.TextField(blank=True, help_text="One or two sentences for readers and researchers.")
    country = CountryField(
        blank=True,
        help_text="The country the actor belongs to or represents (ISO 3166), if any.",
    )
    name_normalized = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text="Lower case, no accents or apostrophes: for matching names.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("merge_actor", "Can merge duplicate actors"),
            ("revert_history", "Can revert actors, aliases and affiliations to an earlier version"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actor-page", args=[self.slug])

    def clean(self):
        self.name = (self.name or "").strip()

    def role_on(self, day):
        """The affiliation that gives this person's role on `day` (see affiliation_on), or None."""
        return affiliation_on(self.affiliations.all(), day)


def affiliation_on(affiliations, day):
    """
    The one affiliation that gives a person's role on `day`, or None: of those valid
    that day, the most recently started (an unknown start counts as the earliest);
    between two that started the same day, the one recorded first. The quote page,
    API, CSV and the quote finder's suggestions all ask this function.
    """
    if day is None:
        return None
    valid = [affiliation for affiliation in affiliations if affiliation.is_valid_on(day)]
    return max(
        valid,
        key=lambda a: (a.start_date is not None, a.start_date or datetime.date.min, -(a.pk or 0)),
        default=None,
    )


class Alias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200,
        help_text="Another name for the actor: a spelling, an acronym, a capital city.",
    )
    normalized = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text="Lower case, no accents or apostrophes: for search and duplicates.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "normalized"],
                name="alias_unique_per_actor",
                violation_error_message="This actor already has this alias.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.name = (self.name or "").strip()
        self.normalized = normalize_name(self.name)
        # "Bashar al-Jaafari" is a useful alias of "Bashar al-Ja'afari" although both
        # normalize alike: only a repeat of the name as written is refused.
        if self.actor_id and self.name.casefold() == self.actor.name.casefold():
            raise ValidationError({"name": "An alias must differ from the actor's own name."})

    def validate_constraints(self, exclude=None):
        # normalized is not a form field; check the constraint on it explicitly.
        self.normalized = normalize_name(self.name or "")
        super().validate_constraints(exclude=exclude)


class Affiliation(models.Model):
    """A person's role in an organization or government, over a period."""

    person = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="affiliations",
        limit_choices_to={"kind": ActorKind.PERSON},
    )
    organization = models.ForeignKey(
        Actor,
        # Deleting an organization must not silently erase people's roles in it.
        on_delete=models.PROTECT,
        related_name="members",
        help_text="The organization, government or group the person serves.",
    )
    role = models.CharField(max_length=200, help_text="e.g. “Special Envoy for Syria”.")
    start_date = models.DateField(null=True, blank=True, help_text="When the role began; leave empty when unknown.")
    start_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How exactly the start is known; a month is stored as its first day.",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="When the role ended; empty while it lasts or when not known."
    )
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, help_text="How exactly the end is known."
    )
    ended = models.BooleanField(
        default=False,
        help_text="The role is over. An end date sets it; tick it alone when the role ended on a date not known.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_date", "role"]
        constraints = [
            precision_constraint("start_date", "start_precision", name="affiliation_start_precision"),
            precision_constraint("end_date", "end_precision", name="affiliation_end_precision"),
            range_constraint("start_date", "end_date", name="affiliation_end_after_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(ended=True),
                name="affiliation_end_date_means_ended",
                violation_error_message="A role with an end date has ended.",
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("organization")),
                name="affiliation_not_self",
                violation_error_message="A person cannot be affiliated with themself.",
            ),
        ]

    def __str__(self):
        period = self.period_display
        suffix = f" ({period})" if period else ""
        return f"{self.role}, {self.organization}{suffix}"

    def clean(self):
        clean_partial_date(self, "start_date", "start_precision")
        clean_partial_date(self, "end_date", "end_precision")
        clean_partial_range(self)
        if self.end_date is not None:
            self.ended = True
        if self.person_id and self.person.kind != ActorKind.PERSON:
            raise ValidationError({"person": "Only a person can hold an affiliation."})

    @property
    def current(self):
        """Still held: no end date, and not marked as ended on a date not known."""
        return not self.ended and self.end_date is None

    @property
    def period_display(self):
        """'from 2014', '2014 – 2021'; one that ended on a date not known says so ('from 2014, ended')."""
        period = format_date_range(self.start_date, self.start_precision, self.end_date, self.end_precision)
        if self.ended and self.end_date is None:
            return f"{period}, ended (date not known)" if period else "ended (dates not known)"
        return period

    def is_valid_on(self, day):
        """
        Whether the role was held on `day`, as far as the dates say. One that ended on a
        date not known is taken as held from its start on, as nothing says when it ended
        (a role started later wins, see affiliation_on): its end date, when found, makes
        the roles of later quotes right.
        """
        if self.start_date is not None and self.start_date > day:
            return False
        if self.end_date is not None and period_end(self.end_date, self.end_precision) < day:
            return False
        return True


class ActorIdentifier(ExternalIdentifier):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="identifiers")

    class Meta(ExternalIdentifier.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="actor_identifier_unique",
                violation_error_message="Another actor already has this identifier.",
            ),
        ]


class NameKey(models.Model):
    """
    One word of an actor's name or of one of its aliases with its spelling key
    (newsroom.spelling), kept by actors.spelling: search, the admin's lookups and the
    import find names written another way through it ("Dmitri" for "Dmitry").
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="name_keys")
    word = models.CharField(max_length=200, help_text="The word folded: Latin letters, lower case.")
    key = models.CharField(max_length=200, db_index=True, help_text="Its spelling key, e.g. “dmtr”.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "word"], name="name_key_unique_word")]

    def __str__(self):
        return f"{self.word} ({self.key})"
