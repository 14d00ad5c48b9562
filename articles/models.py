import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actors.models import Actor, ActorKind
from newsroom.dates import (
    DatePrecision,
    clean_partial_date,
    clean_partial_range,
    format_date_range,
    format_partial_date,
    precision_constraint,
    range_constraint,
)
from newsroom.models import ExternalIdentifier, TimeStampedModel
from newsroom.text import DOUBLE_QUOTES, closest_passage, find_verbatim, normalize_name, normalize_newlines

from .querysets import ArticleQuerySet, PublicCopyQuerySet, QuoteQuerySet, RoundQuerySet


class NegotiationProcess(TimeStampedModel):
    """A track of talks that runs over several rounds, e.g. the UN-led Geneva process."""

    name = models.CharField(max_length=200, help_text="e.g. “Geneva process (UN-led intra-Syrian talks)”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Short unique name for addresses and imports.")
    description = models.TextField(blank=True, help_text="What the process is about and who runs it.")
    convener = models.ForeignKey(
        Actor,
        # A process keeps its convener; remove the link first to delete the actor.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_processes",
        help_text="Who convenes the talks, e.g. the United Nations.",
    )
    editorial_note = models.TextField(
        blank=True, help_text="Public: context for readers, shown on the process page and in the API."
    )
    internal_note = models.TextField(
        blank=True,
        help_text="Staff with the confidential-notes permission only: never published, exported or announced.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "negotiation process"
        verbose_name_plural = "negotiation processes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("process-page", args=[self.slug])


class RoundStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ONGOING = "ongoing", "Ongoing"
    CONCLUDED = "concluded", "Concluded"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class NegotiationRound(TimeStampedModel):
    """One meeting of a process: where, when (to the precision known), who, and with what result."""

    process = models.ForeignKey(
        NegotiationProcess,
        # Rounds are the record of a process: never delete them with it.
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    name = models.CharField(max_length=200, help_text="e.g. “Eighth round” or “Vienna special meeting”.")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The round's number in its process, when it has one."
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Short unique name, e.g. geneva-8.")
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. “UN offices in Vienna”.")
    start_date = models.DateField(
        null=True, blank=True, help_text="Empty while not scheduled. A month or year is stored as its first day."
    )
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, help_text="How exactly the start is known."
    )
    end_date = models.DateField(null=True, blank=True, help_text="Empty when unknown.")
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, help_text="How exactly the end is known."
    )
    dates_printed = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The dates as the coverage gives them, when not a plain date: “planned for late March”, "
            "“within a fortnight”. Shown as printed; the dates above sort and filter."
        ),
    )
    status = models.CharField(max_length=10, choices=RoundStatus, default=RoundStatus.PLANNED)
    agenda = models.TextField(blank=True, help_text="What the round is to discuss.")
    outcome = models.TextField(blank=True, help_text="What came of it, in a sentence; empty until known.")
    editorial_note = models.TextField(
        blank=True, help_text="Public: context for readers, shown on the round page and in the API."
    )
    internal_note = models.TextField(
        blank=True,
        help_text="Staff with the confidential-notes permission only: never published, exported or announced.",
    )

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "negotiation round"
        ordering = ["process__name", F("start_date").asc(nulls_last=True), "number", "name"]
        constraints = [
            precision_constraint("start_date", "start_precision", name="round_start_precision"),
            precision_constraint("end_date", "end_precision", name="round_end_precision"),
            range_constraint("start_date", "end_date", name="round_end_after_start"),
            models.UniqueConstraint(
                fields=["process", "number"],
                condition=Q(number__isnull=False),
                name="round_number_unique_in_process",
                violation_error_message="This process already has a round with this number.",
            ),
        ]

    def __str__(self):
        dates = self.dates_display
        return f"{self.name} ({dates})" if dates else self.name

    def get_absolute_url(self):
        return reverse("round-page", args=[self.slug])

    def clean(self):
        clean_partial_date(self, "start_date", "start_precision")
        clean_partial_date(self, "end_date", "end_precision")
        clean_partial_range(self)

    @property
    def dates_display(self):
        """
        '25–26 January 2018', 'December 2017', '2017', 'late March 2021', or '' when not
        scheduled; the dates as printed, when given, with the normalised range after them.
        """
        dates = format_date_range(self.start_date, self.start_precision, self.end_date, self.end_precision)
        if self.dates_printed:
            return f"{self.dates_printed} ({dates})" if dates else self.dates_printed
        return dates


class ParticipantRole(models.TextChoices):
    MEDIATOR = "mediator", "Mediator"
    PARTY = "party", "Party"
    HOST = "host", "Host"
    SPONSOR = "sponsor", "Sponsor"
    GUARANTOR = "guarantor", "Guarantor"
    OBSERVER = "observer", "Observer"
    BACKER = "backer", "Backer"


class RoundParticipant(models.Model):
    round = models.ForeignKey(NegotiationRound, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(
        Actor,
        # A participation is part of the record: refuse to delete its actor.
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(max_length=10, choices=ParticipantRole)
    delegation_head = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_headed",
        limit_choices_to={"kind": ActorKind.PERSON},
        help_text="The person who led this participant's delegation, if known.",
    )
    lead = models.BooleanField(
        default=False,
        help_text="The lead in this role, e.g. the lead mediator; the others in the role support it.",
    )
    qualifier = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the coverage qualifies the participation, e.g. “on behalf of the regional bloc”.",
    )
    represents = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_in",
        help_text="The actor this participant speaks for, e.g. the interim government for its minister.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "role", "-lead", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "actor", "role"],
                name="participant_unique_role",
                violation_error_message="This actor already has this role in this round.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display().lower()})"

    def clean(self):
        self.qualifier = (self.qualifier or "").strip()
        errors = {}
        if self.delegation_head_id and self.delegation_head.kind != ActorKind.PERSON:
            errors["delegation_head"] = "A delegation head must be a person."
        if self.represents_id is not None and self.represents_id == self.actor_id:
            errors["represents"] = "A participant represents another actor, not itself."
        if errors:
            raise ValidationError(errors)

    @property
    def detail_display(self):
        """'lead; on behalf of the regional bloc; for the interim government', or ''."""
        parts = ["lead" if self.lead else "", self.qualifier]
        if self.represents_id is not None:
            parts.append(f"for {self.represents.name}")
        return "; ".join(part for part in parts if part)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PublicationPrecision(models.TextChoices):
    DAY = "day", "Day only"
    TIME = "time", "Exact time"


language_validator = RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Use a language tag such as en, fr or pt-BR.")


class Article(TimeStampedModel):
    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, help_text="Short unique name for addresses and imports.")
    standfirst = models.TextField(blank=True, help_text="The summary under the headline.")
    body = models.TextField(
        help_text=(
            "Plain text. Separate paragraphs with a blank line; a short line on its own is a "
            "subhead. Quotes below must match these words exactly."
        )
    )
    byline = models.CharField(max_length=200, blank=True, help_text="Author names as printed.")
    outlet = models.ForeignKey(
        Actor,
        # The outlet is part of the publication record.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_published",
        limit_choices_to={"kind": ActorKind.MEDIA},
        help_text="The publication the article appeared in (a media actor).",
    )
    url = models.URLField(max_length=500, blank=True, help_text="Where the article is published, if online.")
    language = models.CharField(max_length=20, default="en", validators=[language_validator])
    dateline = models.CharField(max_length=100, blank=True, help_text="Where the story was filed, e.g. Vienna.")
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Publication time; set on publishing when left empty. Leave the time empty if only the day is known.",
    )
    published_precision = models.CharField(
        max_length=4,
        choices=PublicationPrecision,
        default=PublicationPrecision.TIME,
        help_text="Whether the exact time is known, or only the day (stored as 00:00 UTC on that day, never shown).",
    )
    status = models.CharField(max_length=10, choices=ArticleStatus, default=ArticleStatus.DRAFT)
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A published article stays hidden from every public surface until this moment.",
    )
    rounds = models.ManyToManyField(
        NegotiationRound, blank=True, related_name="articles", help_text="Rounds the article reports on."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; a save from an older version is refused."
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[rounds])

    class Meta:
        permissions = [
            ("publish_article", "Can publish and withdraw articles and set embargoes"),
            ("revert_history", "Can revert records to an earlier version"),
        ]
        ordering = [F("published_at").desc(nulls_last=True), "-created_at"]
        indexes = [
            # Public lists, newest first: the first page reads 50 rows of this index,
            # not a sort of the whole archive (the API's articles and quotes).
            models.Index(fields=["status", "published_at", "id"], name="article_status_published"),
            # The next embargo to lift (the page cache asks once per generation): a few rows.
            models.Index(fields=["embargo_until"], condition=Q(embargo_until__isnull=False), name="article_embargo"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_url_unique",
                violation_error_message="Another article already has this URL.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published article needs a publication time.",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("article-page", args=[self.slug])

    @property
    def published_day(self):
        """
        The day of publication as a date, or None: the UTC day a day-only publication was
        stored on, else the day in the current time zone. Pages print this, never a time
        that was not given.
        """
        if self.published_at is None:
            return None
        if self.published_precision == PublicationPrecision.DAY:
            return self.published_at.astimezone(datetime.UTC).date()
        return timezone.localtime(self.published_at).date()

    @property
    def published_iso(self):
        """'2022-10-07' for a day-only publication, '2022-10-07T14:02:00Z' for an exact time, '' if none."""
        return publication_iso(self.published_at, self.published_precision)

    def clean(self):
        # Typed in a browser, a story's lines end in CRLF: stored with "\n" only, so its
        # paragraphs are found (and the quotes' positions count the same characters).
        self.body = normalize_newlines(self.body or "")
        self.standfirst = normalize_newlines(self.standfirst or "")
        if self.published_precision == PublicationPrecision.DAY and self.published_at is not None:
            # Stored at 00:00 UTC on its day, so that it sorts and filters by that day.
            day = self.published_at.astimezone(datetime.UTC).date()
            self.published_at = datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC)
        if self.outlet_id and self.outlet.kind != ActorKind.MEDIA:
            raise ValidationError({"outlet": "The outlet must be a media actor."})


class Correction(TimeStampedModel):
    """A correction to a published article, shown with it, newest first, as newsrooms do."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    published_on = models.DateField(
        default=datetime.date.today, help_text="The date the correction is published with the article."
    )
    text = models.TextField(help_text="What was wrong and what is right, as readers will read it.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return f"Correction of {self.published_on:%-d %B %Y} to “{self.article}”"


class ArticleRoundLink(models.Model):
    """
    A row of Article.rounds' own table, read with the copy of the article's public state
    that the database keeps on it (`public_from`, as on Quote; migration 0009's triggers),
    so that a round's public articles are counted in one index. Django writes these rows
    through Article.rounds, which knows nothing of `public_from`: never write them here.
    """

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="+")
    negotiationround = models.ForeignKey(NegotiationRound, on_delete=models.DO_NOTHING, related_name="+")
    public_from = models.DateTimeField(null=True, help_text="As Quote.public_from, for the linked article.")

    objects = PublicCopyQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "articles_article_rounds"

    def __str__(self):
        return f"{self.article_id} – {self.negotiationround_id}"


class RejectedSuggestion(models.Model):
    """Words the quote finder proposed in an article and an editor rejected: not proposed again."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="rejected_suggestions")
    text = models.TextField(help_text="The rejected words, as proposed.")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "text"], name="rejected_suggestion_unique"),
        ]

    def __str__(self):
        return f"“{self.text[:40]}” rejected in {self.article}"


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    PARTIAL = "partial", "Partial"
    PARAPHRASE = "paraphrase", "Paraphrase"


VERBATIM_KINDS = {QuoteKind.DIRECT, QuoteKind.PARTIAL}


class Channel(models.TextChoices):
    """
    How words reached the public: the one list of channels. The records format, the API
    schema, the admin and the quote finder read it; docs/records-format.md lists it
    (a test holds the two equal).
    """

    STATEMENT = "statement", "Statement"
    INTERVIEW = "interview", "Interview"
    PRESS_CONFERENCE = "press_conference", "Press conference"
    BRIEFING = "briefing", "Briefing"
    SPEECH = "speech", "Speech"
    TELEVISED_ADDRESS = "televised_address", "Televised address"
    SOCIAL_MEDIA = "social_media", "Social media post"
    TEXT_MESSAGE = "text_message", "Text message"
    LETTER = "letter", "Letter or document"
    LEAKED_DOCUMENT = "leaked_document", "Leaked document"
    OTHER = "other", "Other (say which)"


class AttributionBasis(models.TextChoices):
    STATED = "stated", "Stated in its sentence"
    INFERRED = "inferred", "Inferred from the context"


class Quote(TimeStampedModel):
    """Words said by someone, as an article reports them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(
        help_text="The exact words, without the quotation marks. Direct and partial quotes must appear in the body."
    )
    kind = models.CharField(
        max_length=10,
        choices=QuoteKind,
        default=QuoteKind.DIRECT,
        help_text="Direct: a whole quoted statement. Partial: a few quoted words. Paraphrase: reported speech.",
    )
    speaker = models.ForeignKey(
        Actor,
        # Never lose an attribution: an actor with quotes cannot be deleted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Who said it. Leave empty only for an anonymous source.",
    )
    speaker_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="The speaker as the article describes them, e.g. “the head of the Syrian government delegation”.",
    )
    anonymous = models.BooleanField(
        default=False, help_text="The source is not named. Keep their identity in the confidential note only."
    )
    speaker_affiliation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliated_quotes",
        help_text="For an unnamed source: whom they belong to, e.g. France for “a French diplomatic source”.",
    )
    via = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_quotes",
        limit_choices_to={"kind": ActorKind.MEDIA},
        help_text="The media that relayed the words, e.g. Reuters in “quoted by Reuters”.",
    )
    attribution_basis = models.CharField(
        "how the speaker is known",
        max_length=8,
        choices=AttributionBasis,
        default=AttributionBasis.STATED,
        help_text=(
            "Stated: the quote's own sentence names who said it. Inferred: the context does, e.g. a quote "
            "alone in its paragraph, attributed by the paragraph before."
        ),
    )
    within = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partials",
        verbose_name="part of the paraphrase",
        help_text="For a partial quote: the paraphrase of the same article whose words it quotes.",
    )
    channel = models.CharField(
        max_length=20, choices=Channel, blank=True, help_text="How the words were said, when known."
    )
    channel_other = models.CharField(
        "other channel",
        max_length=100,
        blank=True,
        help_text="For the channel Other: which, e.g. “a radio phone-in”.",
    )
    said_on = models.DateField(
        null=True, blank=True, help_text="When the words were said (not when the article appeared), if known."
    )
    said_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, help_text="How exactly the date is known."
    )
    said_on_printed = models.CharField(
        max_length=200,
        blank=True,
        help_text="When the words were said, as the article puts it when not a plain date: “earlier this month”.",
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="Where the words were said, e.g. “UN offices in Vienna”."
    )
    round = models.ForeignKey(
        NegotiationRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The round the words are about or were said at.",
    )
    span_start = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Offset of the words in the article body."
    )
    span_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    public_from = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "Copied by the database from the article (migration 0008's triggers): empty while it "
            "is not published, otherwise the moment it becomes public (its embargo's end, or "
            "PUBLIC_SINCE_ALWAYS when it has none). Counts read it; nothing else relies on it."
        ),
    )
    confidential_note = models.TextField(
        blank=True,
        help_text="Staff only: the real identity or handling of a protected source. Never published or exported.",
    )

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; a save from an older version is refused."
    )

    objects = QuoteQuerySet.as_manager()
    # public_from belongs to the article's state, whose own history records it.
    history = HistoricalRecords(excluded_fields=["public_from"])

    class Meta:
        ordering = ["article_id", F("span_start").asc(nulls_last=True), "id"]
        permissions = [("edit_confidential_note", "Can see and edit confidential source notes")]
        indexes = [
            # A round's or a speaker's public quotes, counted in the index alone (API lists).
            models.Index(fields=["round", "public_from"], name="quote_round_public"),
            models.Index(fields=["speaker", "public_from"], name="quote_speaker_public"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="quote_text_not_empty", violation_error_message="A quote needs its words."
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(speaker__isnull=False),
                name="quote_speaker_unless_anonymous",
                violation_error_message="Choose who said it, or mark the quote as anonymous.",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(speaker__isnull=True),
                name="quote_anonymous_has_no_speaker",
                violation_error_message=(
                    "An anonymous quote cannot name a speaker: the link would be public. "
                    "Keep the identity in the confidential note."
                ),
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | ~Q(speaker_label=""),
                name="quote_anonymous_has_label",
                violation_error_message=(
                    "Describe an anonymous source as the article does, e.g. “a French diplomatic source”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__gt=F("span_start")),
                name="quote_span_valid",
                violation_error_message="A quote's span must end after it starts.",
            ),
            precision_constraint("said_on", "said_on_precision", name="quote_said_on_precision"),
            models.CheckConstraint(
                condition=(Q(channel=Channel.OTHER) & ~Q(channel_other=""))
                | (~Q(channel=Channel.OTHER) & Q(channel_other="")),
                name="quote_other_channel_named",
                violation_error_message="Say which channel when it is Other, and only then.",
            ),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57].rstrip() + "…"
        return f"“{words}” ({self.attribution})"

    def get_absolute_url(self):
        return reverse("quote-page", args=[self.pk])

    def clean(self):
        self.text = normalize_newlines(strip_quotation_marks(self.text or ""))
        self.speaker_label = (self.speaker_label or "").strip()
        clean_partial_date(self, "said_on", "said_on_precision")
        self.channel_other = (self.channel_other or "").strip()
        errors = {}
        if self.channel == Channel.OTHER and not self.channel_other:
            errors["channel_other"] = "Say which channel, e.g. “a radio phone-in”."
        elif self.channel != Channel.OTHER and self.channel_other:
            errors["channel_other"] = "Only for the channel Other: choose Other, or empty this box."
        if self.via_id and self.via.kind != ActorKind.MEDIA:
            errors["via"] = f"{self.via} is not a media actor; only media relay quotes."
        if self.within_id is not None:
            problem = self._within_problem()
            if problem:
                errors["within"] = problem
        # In the admin's add view the article is not saved yet but is already attached.
        if self.text and (self.article_id is not None or Quote.article.is_cached(self)):
            problem = self.locate_in(self.article.body)
            if problem:
                errors["text"] = problem
        if errors:
            raise ValidationError(errors)

    def _within_problem(self):
        """Why `within` cannot hold, or ''."""
        paraphrase = self.within
        if self.kind != QuoteKind.PARTIAL:
            return "Only a partial quote is part of a paraphrase."
        if paraphrase.kind != QuoteKind.PARAPHRASE:
            return f"“{shorten(paraphrase.text)}” is not a paraphrase."
        if paraphrase.pk == self.pk:
            return "A quote cannot be part of itself."
        if paraphrase.article_id != self.article_id:
            return f"“{shorten(paraphrase.text)}” is in another article."
        return ""

    def locate_in(self, body):
        """
        Store where the words sit in `body`. Returns a message naming the quote and
        the problem when a direct or partial quote does not occur there, else ''.
        """
        span = find_verbatim(body, self.text, near=self.span_start)
        if span is None:
            # A body edit that changed a few characters: offer the body's words (see the admin).
            self.closest_passage = closest_passage(body, self.text, near=self.span_start)
            self.span_start = self.span_end = None
            if self.kind in VERBATIM_KINDS:
                now_reads = f" The body now reads “{self.closest_passage}”." if self.closest_passage else ""
                return (
                    f"The {self.get_kind_display().lower()} quote “{shorten(self.text)}” "
                    f"({self.attribution}) does not appear word for word in the article body.{now_reads} "
                    "Correct the quote or the body; only a paraphrase may differ."
                )
            return ""
        self.span_start, self.span_end = span
        return ""

    @property
    def attribution(self):
        """Who said it, as a reader should see it: the printed label, else the speaker's name."""
        if self.speaker_label:
            return self.speaker_label
        if self.speaker_id:
            return self.speaker.name
        return "unnamed source"

    def _label_is_a_name(self):
        """True when the printed label is only the speaker's name or one of its aliases ("Moscow")."""
        label = normalize_name(self.speaker_label or self.speaker.name)
        return label == self.speaker.name_normalized or label in {a.normalized for a in self.speaker.aliases.all()}

    def _role_text(self):
        role = self.speaker_role()
        return f"{role.role}, {role.organization.name}" if role else ""

    def speaker_display(self):
        """
        The speaker as a reader should see them, with the role they held when they
        spoke when the printed label is only their name ("Staffan de Mistura (Special
        Envoy for Syria, United Nations)"); a descriptive label is kept as printed.
        """
        if self.speaker_id is None:
            return self.speaker_label
        label = self.speaker_label or self.speaker.name
        role = self._role_text() if self._label_is_a_name() else ""
        return f"{label} ({role})" if role else label

    def speaker_context(self):
        """
        What to print after the linked speaker's name: the label when it describes them
        ("the head of the Syrian government delegation"), the label in quotation marks
        when it is another name for them ("Moscow"), else their role at the time.
        """
        if self.speaker_id is None:
            return ""
        if not self._label_is_a_name():
            return self.speaker_label
        if self.speaker_label and normalize_name(self.speaker_label) != self.speaker.name_normalized:
            return f"“{self.speaker_label}”"
        return self._role_text()

    @property
    def channel_display(self):
        return channel_label(self.channel, self.channel_other)

    @property
    def said_on_display(self):
        """'25 January 2018', 'late March 2021'; as printed, when given, with the date after it."""
        said_on = format_partial_date(self.said_on, self.said_on_precision)
        if self.said_on_printed:
            return f"{self.said_on_printed} ({said_on})" if said_on else self.said_on_printed
        return said_on

    def speaker_role(self):
        """
        The speaker's role when the words were said, from the affiliation valid on
        `said_on` (or on the article's publication day when `said_on` is unknown).
        None when there is no speaker, no date, or no matching affiliation.
        """
        if self.speaker_id is None:
            return None
        published_at = self.article.published_at if self.said_on is None else None
        return self.speaker.role_on(role_day(self.said_on, published_at))


class CoSpeaker(models.Model):
    """
    Another speaker of a joint statement ("the two sides said in a joint statement"): the
    quote's speaker is the first, its co-speakers follow in order.
    """

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="co_speakers")
    position = models.PositiveSmallIntegerField(help_text="2 for the second speaker, then 3, 4…")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="co_spoken_quotes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["quote", "position"]
        verbose_name = "co-speaker"
        constraints = [
            models.UniqueConstraint(
                fields=["quote", "position"],
                name="co_speaker_position_unique",
                violation_error_message="This quote already has a co-speaker at this position.",
            ),
            models.UniqueConstraint(
                fields=["quote", "actor"],
                name="co_speaker_once",
                violation_error_message="This actor is already a speaker of this quote.",
            ),
        ]

    def __str__(self):
        return self.actor.name

    def clean(self):
        if self.quote_id is not None and self.actor_id is not None and self.quote.speaker_id == self.actor_id:
            raise ValidationError({"actor": "This actor is the quote's first speaker already."})


def speakers_display(first: str, others: list[str]) -> str:
    """'Russia', 'Russia and Turkey', 'Russia, Turkey and Iran'."""
    names = [first, *others] if first else others
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""


class RelayStep(models.Model):
    """
    One intermediary the words went through between the speaker and the outlet that
    carried them last (Quote.via): "the minister briefed officials, who then spoke to an
    agency" is the step "officials", then via the agency. An actor, or a label as printed.
    """

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="relay_steps")
    position = models.PositiveSmallIntegerField(help_text="1 for the first after the speaker, then 2, 3…")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relay_steps",
        help_text="The intermediary, when known as an actor.",
    )
    label = models.CharField(
        max_length=200, blank=True, help_text="As printed, e.g. “officials” or “a Western diplomat”."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["quote", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quote", "position"],
                name="relay_step_position_unique",
                violation_error_message="This quote already has a step at this position.",
            ),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | ~Q(label=""),
                name="relay_step_named",
                violation_error_message="Name the intermediary: choose an actor or write how the article calls it.",
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self):
        return self.label or (self.actor.name if self.actor_id else "")


def channel_label(channel: str, other: str) -> str:
    """'Briefing', or for Other what the editor named ('a radio phone-in'); '' when unknown."""
    if channel == Channel.OTHER:
        return other
    return Channel(channel).label if channel in Channel.values else channel


def publication_iso(published_at, precision) -> str:
    """As Article.published_iso, from the two stored values (for exports that read values, not models)."""
    if published_at is None:
        return ""
    moment = published_at.astimezone(datetime.UTC)
    if precision == PublicationPrecision.DAY:
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


def role_day(said_on, published_at):
    """
    The day whose role a speaker is quoted in: the day the words were said, or else the
    article's publication day; None when neither is known.
    """
    if said_on is not None:
        return said_on
    return published_at.date() if published_at is not None else None


def strip_quotation_marks(text):
    """Trim whitespace and one pair of surrounding quotation marks an editor pasted."""
    text = text.strip()
    if len(text) >= 2 and text[0] in DOUBLE_QUOTES and text[-1] in DOUBLE_QUOTES:
        text = text[1:-1].strip()
    return text


def shorten(text, limit=60):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class SourceKind(models.TextChoices):
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    AGREEMENT_TEXT = "agreement_text", "Agreement text"
    PAX = "pax", "PA-X record"
    UCDP = "ucdp", "UCDP record"
    OTHER = "other", "Other source"


class SourceLink(models.Model):
    """A document the record rests on: an official statement, an agreement's text, a dataset's record."""

    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.OFFICIAL_STATEMENT)
    title = models.CharField(max_length=300, help_text="As a reader should see it, e.g. “Final communiqué”.")
    url = models.URLField("URL", max_length=500, help_text="Where it can be read.")

    class Meta:
        abstract = True
        ordering = ["kind", "title", "id"]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()})"


class ProcessSource(SourceLink):
    process = models.ForeignKey(NegotiationProcess, on_delete=models.CASCADE, related_name="sources")

    history = HistoricalRecords()

    class Meta(SourceLink.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["process", "url"],
                name="process_source_unique",
                violation_error_message="This process already links to this source.",
            ),
        ]


class RoundSource(SourceLink):
    round = models.ForeignKey(NegotiationRound, on_delete=models.CASCADE, related_name="sources")

    history = HistoricalRecords()

    class Meta(SourceLink.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["round", "url"],
                name="round_source_unique",
                violation_error_message="This round already links to this source.",
            ),
        ]


class ProcessIdentifier(ExternalIdentifier):
    process = models.ForeignKey(NegotiationProcess, on_delete=models.CASCADE, related_name="identifiers")

    class Meta(ExternalIdentifier.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="process_identifier_unique",
                violation_error_message="Another process already has this identifier.",
            ),
        ]


class RoundIdentifier(ExternalIdentifier):
    round = models.ForeignKey(NegotiationRound, on_delete=models.CASCADE, related_name="identifiers")

    class Meta(ExternalIdentifier.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="round_identifier_unique",
                violation_error_message="Another round already has this identifier.",
            ),
        ]
