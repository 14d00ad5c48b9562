from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from newsroom.admin import HistoryAdmin, VersionedForm, country_name
from newsroom.models import related_count
from newsroom.search.engine import get_backend
from newsroom.search.query import parse

from .models import (
    Article,
    ArticleStatus,
    Correction,
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    Quote,
    RejectedSuggestion,
    RoundIdentifier,
    RoundParticipant,
)
from .querysets import public_article_q
from .quotefinder import quote_suggest
from .rendering import body_blocks
from .services import (
    LOCKED_STATUSES,
    article_publish,
    article_save,
    article_sync_quotes,
    article_withdraw,
    can_publish,
    correction_save,
    publishing_problems,
    quote_save,
    suggestion_accept,
    suggestion_reject,
)

QUOTE_FIELDSETS = [
    (None, {"fields": ["text", "kind", "seen_version"]}),
    (
        "Who said it",
        {"fields": [("speaker", "speaker_label"), ("anonymous", "speaker_affiliation"), "via"]},
    ),
    (
        "When, where and how",
        {"fields": [("said_on", "said_on_precision"), "location", "channel", "round"]},
    ),
    # Left out of the form for users without the permission (newsroom.protection).
    (
        "Confidential (staff with permission only)",
        {"fields": ["confidential_note"], "classes": ["collapse"]},
    ),
]
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}}


def is_locked_for(user, article):
    """A published or withdrawn article (and its quotes) is read-only for users who cannot publish."""
    return (
        article is not None and article.pk is not None and article.status in LOCKED_STATUSES and not can_publish(user)
    )


class QuoteForm(VersionedForm):
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
            "said_on",
            "said_on_precision",
            "location",
            "round",
            "confidential_note",
        ]


class QuoteInline(admin.StackedInline):
    model = Quote
    form = QuoteForm
    extra = 0
    fieldsets = QUOTE_FIELDSETS
    autocomplete_fields = ["speaker", "speaker_affiliation", "via", "round"]
    formfield_overrides = COMPACT_TEXT
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "speaker_affiliation", "via", "round")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked_for(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked_for(request.user, obj)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["published_on", "text"]
    formfield_overrides = COMPACT_TEXT
    verbose_name_plural = "corrections (shown with the published article, newest first)"

    def has_add_permission(self, request, obj=None):
        published = obj is not None and obj.status == ArticleStatus.PUBLISHED
        return published and can_publish(request.user) and super().has_add_permission(request, obj)


def https_by_default(db_field, **kwargs):
    """Form fields for the article; a URL typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArticleForm(VersionedForm):
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

    def _post_clean(self):
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
            "round",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}

    def _post_clean(self):
        # Only build the quote here: suggestion_accept validates it fully (after creating a
        # new speaker, if asked) and its errors are shown on the form.
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    @classmethod
    def for_suggestion(cls, suggestion, actor_ids, round_ids, *, index, data=None):
        def actor(entry):
            return actor_ids.get(entry.slug) if entry else None

        initial = {
            "text": suggestion.text,
            "kind": suggestion.kind,
            "speaker": actor(suggestion.speaker),
            "speaker_label": suggestion.speaker_label,
            "anonymous": suggestion.anonymous,
            "speaker_affiliation": actor(suggestion.speaker_affiliation),
            "via": actor(suggestion.via),
            "channel": suggestion.channel,
            "round": round_ids.get(suggestion.round.slug) if suggestion.round else None,
            "new_speaker_name": suggestion.new_speaker_name if not suggestion.speaker else "",
        }
        return cls(data, initial=initial, prefix=f"s{index}")


class FullTextSearchAdmin:
    """
    The changelist's search goes through the search index, as the public search does
    (stemmed words, "phrases", OR, -exclusions, accents and apostrophes ignored), not
    through substring scans of every body. `search_fields` stays set so Django shows
    the search box.
    """

    def get_search_results(self, request, queryset, search_term):
        parsed = parse(search_term)
        if parsed.is_empty:
            return (queryset, False) if not search_term.strip() else (queryset.none(), False)
        return self.full_text_matches(queryset, parsed), False

    def full_text_matches(self, queryset, parsed):
        return get_backend().matches(queryset, parsed)


@admin.register(Article)
class ArticleAdmin(FullTextSearchAdmin, HistoryAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form_with_suggestions.html"
    list_display = ["headline", "status", "is_public", "outlet", "published_at", "embargo_until", "quote_count"]
    list_filter = ["status", ("outlet", admin.RelatedOnlyFieldListFilter), "rounds", "published_at"]
    # Searched through the full-text index (see FullTextSearchAdmin): headline, standfirst, body,
    # and the quotes' words and speakers (names and aliases).
    search_fields = ["headline"]
    list_select_related = ["outlet"]
    # Newest records first, read backwards from the primary key: no sort of the table, and
    # the quote counts computed for the rows shown only. (No date drill-down: it listed the
    # distinct years of every article on each view; the published_at filter does that job.)
    ordering = ["-id"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["outlet", "rounds"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "seen_version"]}),
        (
            "Publication",
            {
                "fields": [
                    ("status", "published_at", "embargo_until"),
                    ("outlet", "byline"),
                    "url",
                    ("language", "dateline"),
                ]
            },
        ),
        ("Negotiations", {"fields": ["rounds"]}),
        ("Record", {"fields": [("created_at", "created_by"), ("updated_at", "updated_by")], "classes": ["collapse"]}),
    ]
    inlines = [QuoteInline, CorrectionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "withdraw_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["published_at", "embargo_until"]
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked_for(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_total=related_count(Quote.objects.all(), "article"),
                public_now=Case(
                    When(public_article_q(now=timezone.now()), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
        )

    @admin.display(description="quotes")
    def quote_count(self, article):
        return article.quote_total

    def full_text_matches(self, queryset, parsed):
        backend = get_backend()
        by_text = backend.matches(Article.objects.all(), parsed).values("pk")
        by_quotes = backend.matches(Quote.objects.all(), parsed).values("article_id")
        return queryset.filter(Q(pk__in=by_text) | Q(pk__in=by_quotes))

    @admin.display(description="public now", boolean=True, ordering="public_now")
    def is_public(self, article):
        return article.public_now

    def save_model(self, request, obj, form, change):
        # The quote inline has already checked each quote against the new body.
        article_save(
            article=obj, user=request.user, sync_quotes=False, expected_version=form.cleaned_data.get("seen_version")
        )

    def save_formset(self, request, form, formset, change):
        """Quotes and corrections go through their services, with history and checks."""
        if formset.model not in (Quote, Correction):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            obj = inline_form.instance
            if formset.model is Quote:
                quote_save(quote=obj, user=request.user, expected_version=inline_form.cleaned_data.get("seen_version"))
            else:
                correction_save(correction=obj, user=request.user)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_sync_quotes(article=form.instance)

    def _apply(self, request, queryset, service, done):
        changed = 0
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"“{article}” was not changed: {reason}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{changed} article(s) {done}.", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/suggest-quotes/",
                self.admin_site.admin_view(self.suggest_quotes_view),
                name="articles_article_suggest_quotes",
            ),
            *super().get_urls(),
        ]

    def suggest_quotes_view(self, request, object_id):
        """The quote finder's proposals beside the text: accept (after editing) or reject each."""
        from actors.models import Actor

        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not (self.has_change_permission(request, article) and request.user.has_perm("articles.add_quote")):
            raise PermissionDenied
        suggestions = quote_suggest(article=article)
        actor_ids = dict(Actor.objects.values_list("slug", "pk"))
        round_ids = dict(NegotiationRound.objects.values_list("slug", "pk"))
        forms_ = [SuggestionForm.for_suggestion(s, actor_ids, round_ids, index=i) for i, s in enumerate(suggestions)]
        if request.method == "POST":
            index = int(request.POST.get("suggestion", -1))
            if not 0 <= index < len(suggestions):
                self.message_user(request, "That suggestion is no longer proposed.", messages.WARNING)
                return HttpResponseRedirect(request.path)
            if request.POST.get("action") == "reject":
                suggestion_reject(article=article, text=suggestions[index].text, user=request.user)
                self.message_user(request, f"Rejected “{suggestions[index].text[:60]}”.", messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            form = SuggestionForm.for_suggestion(
                suggestions[index], actor_ids, round_ids, index=index, data=request.POST
            )
            form.instance.article = article
            if form.is_valid():
                try:
                    quote = suggestion_accept(
                        quote=form.save(commit=False),
                        user=request.user,
                        new_speaker_name=form.cleaned_data["new_speaker_name"]
                        if not form.cleaned_data["speaker"]
                        else "",
                    )
                except (ValidationError, PermissionDenied) as error:
                    problems = error.messages if isinstance(error, ValidationError) else [str(error)]
                    form.add_error(None, " ".join(problems))
                else:
                    self.message_user(request, f"Recorded {quote}.", messages.SUCCESS)
                    return HttpResponseRedirect(request.path)
            forms_[index] = form
        highlights = [
            type("Span", (), {"span_start": s.start, "span_end": s.end, "index": i})()
            for i, s in enumerate(suggestions)
            if not s.in_headline
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Suggested quotes: {article}",
            "opts": self.model._meta,
            "original": article,
            "article": article,
            "blocks": body_blocks(article.body, highlights),
            "cards": list(zip(suggestions, forms_, strict=True)),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "media": self.media + (forms_[0].media if forms_ else forms.Media()),
        }
        return TemplateResponse(request, "admin/articles/article/suggest_quotes.html", context)

    @admin.action(description="Publish selected articles (embargoes still apply)", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, article_publish, "published")

    @admin.action(description="Withdraw selected articles", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._apply(request, queryset, article_withdraw, "withdrawn")


@admin.register(Quote)
class QuoteAdmin(FullTextSearchAdmin, HistoryAdmin):
    form = QuoteForm
    list_display = ["short_text", "attribution", "kind", "via", "said_on_display", "round", "article"]
    list_filter = ["kind", "anonymous", "channel", "round", ("via", admin.RelatedOnlyFieldListFilter)]
    # Searched through the full-text index (see FullTextSearchAdmin): the words, the speaker as
    # printed, the speaker's names and aliases, the source's affiliation and the relay.
    search_fields = ["text"]
    list_select_related = ["article", "speaker", "via", "round"]
    ordering = ["-id"]  # newest first, from the primary key: no sort of a million quotes
    autocomplete_fields = ["article", "speaker", "speaker_affiliation", "via", "round"]
    formfield_overrides = COMPACT_TEXT
    readonly_fields = ["shown_as", "span_start", "span_end", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["article", "shown_as"]}),
        *QUOTE_FIELDSETS,
        ("Position in the body", {"fields": [("span_start", "span_end")], "classes": ["collapse"]}),
    ]

    @admin.display(description="words", ordering="text")
    def short_text(self, quote):
        return quote.text if len(quote.text) <= 80 else quote.text[:79] + "…"

    @admin.display(description="shown to readers as")
    def shown_as(self, quote):
        if quote.pk is None:
            return "(after saving)"
        return quote.speaker_display() or "-"

    @admin.display(description="said", ordering="said_on")
    def said_on_display(self, quote):
        return quote.said_on_display

    def has_change_permission(self, request, obj=None):
        locked = obj is not None and is_locked_for(request.user, obj.article)
        return super().has_change_permission(request, obj) and not locked

    def save_model(self, request, obj, form, change):
        quote_save(quote=obj, user=request.user, expected_version=form.cleaned_data.get("seen_version"))


class ProcessIdentifierInline(admin.TabularInline):
    model = ProcessIdentifier
    extra = 0


@admin.register(NegotiationProcess)
class NegotiationProcessAdmin(HistoryAdmin):
    list_display = ["name", "convener", "round_count"]
    search_fields = ["name", "description"]
    list_filter = [("convener", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["convener"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["convener"]
    inlines = [ProcessIdentifierInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(round_total=Count("rounds"))

    @admin.display(description="rounds", ordering="round_total")
    def round_count(self, process):
        return process.round_total


class RoundParticipantInline(admin.TabularInline):
    model = RoundParticipant
    extra = 1
    autocomplete_fields = ["actor", "delegation_head"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "delegation_head")


class RoundIdentifierInline(admin.TabularInline):
    model = RoundIdentifier
    extra = 0


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(HistoryAdmin):
    list_display = ["name", "process", "dates", "city", country_name, "status"]
    list_filter = ["status", "process", "country"]
    search_fields = ["name", "process__name", "city", "venue", "agenda", "outcome"]
    list_select_related = ["process"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["process"]
    fieldsets = [
        (None, {"fields": ["process", ("name", "number"), "slug", "status"]}),
        ("Where", {"fields": [("city", "country"), "venue"]}),
        ("When", {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]}),
        ("Substance", {"fields": ["agenda", "outcome"]}),
    ]
    inlines = [RoundParticipantInline, RoundIdentifierInline]

    @admin.display(description="dates", ordering="start_date")
    def dates(self, round_):
        return round_.dates_display


@admin.register(RejectedSuggestion)
class RejectedSuggestionAdmin(admin.ModelAdmin):
    """Words the quote finder will not propose again; delete one to have it proposed again."""

    list_display = ["text", "article", "rejected_by", "rejected_at"]
    list_filter = ["rejected_at"]
    search_fields = ["text", "article__headline"]
    list_select_related = ["article", "rejected_by"]
    readonly_fields = ["article", "text", "rejected_by", "rejected_at"]

    def has_add_permission(self, request):
        return False
