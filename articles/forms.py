"""The forms editors fill in: an article, a quote, a round, and a suggested quote before it is accepted."""

import datetime
from typing import cast

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.db import models
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.html import format_html

from actors.models import Actor
from newsroom.admin import VersionedForm
from newsroom.forms import PartialDatesForm
from newsroom.text import normalize_newlines, slug_from, verbatim_spans

from .models import (
    Article,
    ArticleStatus,
    AttributionBasis,
    NegotiationRound,
    PublicationPrecision,
    Quote,
    QuoteKind,
    strip_quotation_marks,
)
from .rendering import sentence_around
from .services import can_publish, fill_publication_time, publishing_problems


class OccurrenceField(forms.TypedChoiceField):
    """
    A start offset among the choices shown. One posted with a body edited in the same
    form is an offset in the body as it was shown: any whole number is taken, and the
    form keeps the occurrence nearest to it, as a body edit keeps a stored quote's.
    """

    def valid_value(self, value):
        return str(value).isdigit()


class QuoteForm(PartialDatesForm, VersionedForm):
    partial_dates = {"said_on": "said_on_precision"}

    # Shown only when the words occur more than once in the body: which one is quoted.
    occurrence = OccurrenceField(
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Which occurrence",
        help_text="These words occur more than once in the body: choose the sentence they are quoted from.",
    )

    within = forms.ModelChoiceField(
        queryset=Quote.objects.filter(kind=QuoteKind.PARAPHRASE),
        required=False,
        label="Part of the paraphrase",
        help_text="For a partial quote: the paraphrase of this article whose words it quotes.",
    )

    # Set by the article page's quote inline (one article for every row), so no row reads
    # them. The article is the one being saved with the quotes: on a POST its body is the
    # one typed, once the article's own form is valid (read then, in full_clean).
    article_language: str | None = None
    article_for_rows: Article | None = None
    paraphrase_choices: list[tuple[int, str]] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_occurrences()
        self._offer_paraphrases()
        if "attribution_basis" in self.fields:
            self.fields["attribution_basis"].required = False  # left out: stated, the usual case
        language = self.article_language
        if language is None:
            language = self.instance.article.language if self.instance.article_id else ""
        written_in(self, ["text", "speaker_label"], language)
        # The autocompletes label their value from the quote's related rows when the page
        # read them with it (the article page's inline does), not with a query per box.
        for name in ("speaker", "speaker_affiliation", "via", "round"):
            field = self.fields.get(name)
            widget = getattr(field.widget, "widget", None) if field else None
            if isinstance(widget, KnownLabelsAutocomplete) and Quote._meta.get_field(name).is_cached(self.instance):
                related = getattr(self.instance, name)
                if related is not None:
                    widget.labels = {**widget.labels, (widget.kind, str(related.pk)): str(related)}

    def clean_attribution_basis(self):
        return self.cleaned_data.get("attribution_basis") or AttributionBasis.STATED

    def _article_body(self) -> str:
        """The body the words are looked for in: the one being saved with them, when it is."""
        if self.article_for_rows is not None:
            return self.article_for_rows.body or ""
        if self.is_bound and "article" in self.fields and not self.fields["article"].disabled:
            chosen = self.data.get(self.add_prefix("article"))
            if chosen and str(chosen) != str(self.instance.article_id):
                if not chosen.isdigit():
                    return ""
                return Article.objects.filter(pk=chosen).values_list("body", flat=True).first() or ""
        if self.instance.article_id is not None or Quote.article.is_cached(self.instance):
            return self.instance.article.body if self.instance.article is not None else ""
        return ""

    def _typed_text(self) -> str:
        text = self.data.get(self.add_prefix("text"), "") if self.is_bound else self.instance.text
        return normalize_newlines(strip_quotation_marks(text or ""))

    def _offer_paraphrases(self) -> None:
        """The paraphrases of the quote's article, listed once for a page of rows when the inline says them."""
        choices = self.paraphrase_choices
        if choices is None:
            article_id = self.instance.article_id
            choices = paraphrases_of(article_id) if article_id else []
        own = self.instance.pk
        self.fields["within"].widget.choices = [("", "---------")] + [(pk, t) for pk, t in choices if pk != own]

    def _offer_occurrences(self) -> None:
        """The occurrence field's choices: the sentence around each place the words occur."""
        field = cast(forms.ChoiceField, self.fields["occurrence"])
        self._body = self._article_body()
        spans = verbatim_spans(self._body, self._typed_text()) if self._body else []
        field.widget = forms.RadioSelect() if len(spans) > 1 else forms.HiddenInput()
        field.choices = [(start, occurrence_label(self._body, start, end)) for start, end in spans]
        if len(spans) < 2:
            return
        if self.instance.span_start in {start for start, _ in spans}:
            self.initial["occurrence"] = self.instance.span_start

    def full_clean(self):
        if self.article_for_rows is not None:
            # Checked against the body being saved, not the stored one.
            self.instance.article = self.article_for_rows
        self._offer_occurrences()  # from that body and the words as typed
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        starts = [start for start, _ in verbatim_spans(self._body, self._typed_text())] if self._body else []
        chosen = cleaned.get("occurrence")
        if len(starts) > 1 and chosen is None and self.instance.span_start is None:
            self.add_error(
                "occurrence",
                f"These words occur {len(starts)} times in the body: choose the sentence they are quoted from.",
            )
        elif len(starts) > 1 and chosen is not None:
            # The verbatim check keeps the occurrence nearest the stored start: the one chosen.
            self.instance.span_start = chosen
        return cleaned

    class Meta:
        model = Quote
        fields = [
            "article",
            "text",
            "kind",
            "speaker",
            "speaker_label",
            "anonymous",
            "speaker_affiliation",
            "via",
            "channel",
            "channel_other",
            "attribution_basis",
            "within",
            "said_on",
            "said_on_printed",
            "location",
            "round",
            "confidential_note",
        ]


class RoundForm(PartialDatesForm):
    partial_dates = {"start_date": "start_precision", "end_date": "end_precision"}

    class Meta:
        model = NegotiationRound
        exclude = ["start_precision", "end_precision"]


def paraphrases_of(article_id: int) -> list[tuple[int, str]]:
    """(id, a short label) for each paraphrase of an article: the choices of a quote's `within`."""
    rows = Quote.objects.filter(article_id=article_id, kind=QuoteKind.PARAPHRASE).values_list("pk", "text")
    return [
        (pk, text if len(text) <= 80 else text[:79].rstrip() + "…") for pk, text in rows.order_by("span_start", "pk")
    ]


def occurrence_label(body: str, start: int, end: int, width: int = 90) -> str:
    """The sentence around body[start:end], the words marked, long sides cut: one radio button's label."""
    before, words, after = sentence_around(body, start, end)
    before = before if len(before) <= width else "…" + before[-width:].lstrip()
    after = after if len(after) <= width else after[:width].rstrip() + "…"
    return format_html("{}<mark>{}</mark>{}", before, words, after)


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... the first not in `taken`."""
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def written_in(form: forms.BaseForm, names: list[str], language: str) -> None:
    """Text boxes that follow their text's direction (Arabic right to left), tagged with its language."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.widget.attrs["dir"] = "auto"
        if language:
            field.widget.attrs["lang"] = language


def embargo_help(article: Article) -> str:
    """The embargo field's help: the zone its times are in, and a stored embargo in the editor's own time."""
    zone = timezone.get_current_timezone_name()
    text = f"A published article stays hidden from every public surface until this moment. Times are in {zone}."
    if article.embargo_until is None:
        return text
    local = timezone.localtime(article.embargo_until)
    return format_html(
        '{} Set to lift at {} {}<time class="local-time" datetime="{}"></time>.',
        text,
        f"{local:%-d %B %Y, %H:%M}",
        local.tzname(),
        article.embargo_until.isoformat(),
    )


def https_by_default(db_field, **kwargs):
    """Form fields for the article; a URL typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class PublicationField(forms.SplitDateTimeField):
    """
    The admin's date and time boxes for a publication, the time optional: a date alone is
    a publication known to the day (Article.published_precision). Cleans to (moment,
    precision); the form stores both.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AdminSplitDateTime)
        super().__init__(require_all_fields=False, required=False, **kwargs)
        for part in self.fields:
            part.required = False  # either box may be empty: compress() says what that means

    def compress(self, data_list):
        if not data_list or data_list[0] in self.empty_values:
            if data_list and data_list[1] not in self.empty_values:
                raise forms.ValidationError("Give the day as well as the time.", code="invalid_date")
            return None
        day, time = data_list
        if time in self.empty_values:
            return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC), PublicationPrecision.DAY
        return super().compress(data_list), PublicationPrecision.TIME


class ArticleForm(VersionedForm):
    published_at = PublicationField(
        label="Published at",
        help_text="Set on publishing when left empty. Leave the time empty when only the day is known.",
    )

    class Meta:
        formfield_callback = https_by_default
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "status",
            "published_at",
            "embargo_until",
            "outlet",
            "byline",
            "url",
            "language",
            "dateline",
            "rounds",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"size": 90}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            # Tall enough to read the story while checking its quotes.
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not can_publish(self.current_user):
            # Reporters write drafts and submit them for review; editors publish.
            allowed = {ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW}
            status.choices = [(value, label) for value, label in status.choices if value in allowed]
            status.help_text = "Submit for review when the article is ready; an editor publishes it."
        written_in(self, ["headline", "standfirst", "body"], self.instance.language)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.help_text = (
                "Short unique name for addresses and imports. Leave it empty to make one from the headline "
                "in Latin letters; type it yourself for a headline in Arabic or Hebrew script."
            )
        if self.instance.published_precision == PublicationPrecision.DAY and self.instance.published_at:
            self.initial["published_at"] = [self.instance.published_day, None]  # no time was given
        embargo = self.fields.get("embargo_until")
        if embargo is not None:
            embargo.help_text = embargo_help(self.instance)
        for name, label in (("published_at", "Publication"), ("embargo_until", "Embargo until")):
            field = self.fields.get(name)
            for part, widget in zip(
                ("date", "time"), getattr(field.widget, "widgets", ()) if field else (), strict=False
            ):
                widget.attrs["aria-label"] = f"{label}: {part}"  # the admin prints "Date:" and "Time:" as plain text

    def clean_published_at(self):
        value = self.cleaned_data.get("published_at")
        if value is None:
            return None
        moment, self.instance.published_precision = value
        return moment

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        headline = self.cleaned_data.get("headline") or ""
        if slug or not headline.strip():
            return slug
        made = slug_from(headline, max_length=190)
        if not made:
            raise forms.ValidationError(
                "This headline has no readable spelling in Latin letters: type a short slug, e.g. vienna-talks."
            )
        taken = Article.objects.exclude(pk=self.instance.pk).filter(slug__startswith=made)
        return unique_slug(made, set(taken.values_list("slug", flat=True)))

    def _post_clean(self):
        # Published from the status menu with no time: published now, as the publish action does.
        if self.cleaned_data.get("status") == ArticleStatus.PUBLISHED and can_publish(self.current_user):
            self.instance.status = ArticleStatus.PUBLISHED
            if self.cleaned_data.get("published_at") is not None:
                self.instance.published_at = self.cleaned_data["published_at"]  # so "now" is not filled in
            fill_publication_time(self.instance)
            if "published_at" in self.cleaned_data and self.cleaned_data["published_at"] is None:
                self.cleaned_data["published_at"] = self.instance.published_at
        super()._post_clean()
        for _, problem in publishing_problems(article=self.instance, user=self.current_user):
            self.add_error(None, problem)


class SuggestionForm(forms.ModelForm):
    """One suggested quote, as the editor may correct it before accepting."""

    new_speaker_name = forms.CharField(
        required=False,
        label="Create speaker",
        help_text="Not in the database yet: create a person with this name as the speaker.",
    )

    class Meta:
        model = Quote
        fields = [
            "text",
            "kind",
            "speaker",
            "speaker_label",
            "anonymous",
            "speaker_affiliation",
            "via",
            "channel",
            "channel_other",
            "attribution_basis",
            "round",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField", "dir": "auto"})}

    def _post_clean(self):
        # Only build the quote here: suggestion_accept validates it fully (after creating a
        # new speaker, if asked) and its errors are shown on the form.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    @classmethod
    def for_suggestion(cls, suggestion, known, *, index, admin_site=None, data=None):
        """
        The card for `suggestion` (number `index`). `known` maps the slugs of the actors and
        rounds it names, and the names of people created since the finder read the article,
        to (pk, label) (SuggestionLabels, read once for a page of cards). With `admin_site`,
        the actor and round boxes are autocompletes showing the label of their value only.
        """

        def pick(kind, entry):
            return known.ids[kind].get(entry.slug) if entry else None

        speaker = pick("actor", suggestion.speaker)
        new_name = suggestion.new_speaker_name if not suggestion.speaker else ""
        if speaker is None and new_name and new_name.casefold() in known.ids["name"]:
            speaker, new_name = known.ids["name"][new_name.casefold()], ""  # created by an earlier accept
        initial = {
            "text": suggestion.text,
            "kind": suggestion.kind,
            "speaker": speaker,
            "speaker_label": suggestion.speaker_label,
            "anonymous": suggestion.anonymous,
            "speaker_affiliation": pick("actor", suggestion.speaker_affiliation),
            "via": pick("actor", suggestion.via),
            "channel": suggestion.channel,
            "attribution_basis": suggestion.attribution_basis,
            "round": pick("round", suggestion.round),
            "new_speaker_name": new_name,
        }
        form = cls(data, initial=initial, prefix=f"s{index}")
        if admin_site is not None:
            for name in ("speaker", "speaker_affiliation", "via", "round"):
                field = form.fields[name]
                field.widget = KnownLabelsAutocomplete(
                    Quote._meta.get_field(name), admin_site, labels=known.labels, attrs={"data-width": "100%"}
                )
                field.widget.choices = field.choices
        return form


class SuggestionLabels:
    """The ids and labels a page of suggestion cards shows, read in a few queries for the whole page."""

    def __init__(self, suggestions):
        actor_slugs = {
            entry.slug for s in suggestions for entry in (s.speaker, s.speaker_affiliation, s.via) if entry is not None
        }
        round_slugs = {s.round.slug for s in suggestions if s.round is not None}
        names = {s.new_speaker_name for s in suggestions if s.new_speaker_name and not s.speaker}
        actors = Actor.objects.filter(Q(slug__in=actor_slugs) | Q(name__in=names)).values_list("pk", "slug", "name")
        rounds = NegotiationRound.objects.filter(slug__in=round_slugs).values_list("pk", "slug", "name")
        self.ids = {
            "actor": {slug: pk for pk, slug, _ in actors},
            "round": {slug: pk for pk, slug, _ in rounds},
            "name": {name.casefold(): pk for pk, _, name in actors if name in names},
        }
        self.labels = {("actor", str(pk)): name for pk, _, name in actors} | {
            ("round", str(pk)): name for pk, _, name in rounds
        }


class KnownLabelsAutocomplete(AutocompleteSelect):
    """
    Django's admin autocomplete, labelling its selected value from labels read for the
    whole page (`labels`, {(kind, pk): label}) instead of one query per box; a value not
    among them (a corrected form shown again) is read as Django does.
    """

    def __init__(self, field, admin_site, *, labels, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.labels = labels
        self.kind = "round" if field.related_model is NegotiationRound else "actor"

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if any((self.kind, pk) not in self.labels for pk in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            options.append(self.create_option(name, pk, self.labels[self.kind, pk], True, len(options)))
        return [(None, options, 0)]
