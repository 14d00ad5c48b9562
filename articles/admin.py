from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Count, Value, When
from django.utils import timezone

from .models import (
    Article,
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    Quote,
    RoundIdentifier,
    RoundParticipant,
)
from .querysets import public_article_q
from .services import article_publish, article_save, article_sync_quotes, article_withdraw, quote_save

CONFIDENTIAL_PERMISSION = "articles.edit_confidential_note"

QUOTE_FIELDSETS = [
    (None, {"fields": ["text", "kind"]}),
    (
        "Who said it",
        {"fields": [("speaker", "speaker_label"), ("anonymous", "speaker_affiliation"), "via"]},
    ),
    (
        "When, where and how",
        {"fields": [("said_on", "said_on_precision"), "location", "channel", "round"]},
    ),
]
CONFIDENTIAL_FIELDSET = (
    "Confidential (staff with permission only)",
    {"fields": ["confidential_note"], "classes": ["collapse"]},
)


class ConfidentialNoteMixin:
    """Show confidential_note only to users holding the dedicated permission."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if request.user.has_perm(CONFIDENTIAL_PERMISSION):
            fieldsets.append(CONFIDENTIAL_FIELDSET)
        return fieldsets


COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}}


def https_by_default(db_field, **kwargs):
    """Form fields for the article; a URL typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArticleForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_by_default
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "status", "published_at", "embargo_until",
            "outlet", "byline", "url", "language", "dateline", "rounds",
        ]  # fmt: skip
        widgets = {
            "headline": forms.TextInput(attrs={"size": 90}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            # Tall enough to read the story while checking its quotes.
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }


class QuoteInline(ConfidentialNoteMixin, admin.StackedInline):
    model = Quote
    extra = 0
    formfield_overrides = COMPACT_TEXT
    fieldsets = QUOTE_FIELDSETS
    autocomplete_fields = ["speaker", "speaker_affiliation", "via", "round"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "speaker_affiliation", "via", "round")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "status", "is_public", "outlet", "published_at", "embargo_until", "quote_count"]
    list_filter = ["status", ("outlet", admin.RelatedOnlyFieldListFilter), "rounds", "published_at"]
    search_fields = [
        "headline",
        "standfirst",
        "body",
        "quotes__speaker__name",
        "quotes__speaker__aliases__name",
    ]
    list_select_related = ["outlet"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["outlet", "rounds"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
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
    inlines = [QuoteInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "withdraw_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_total=Count("quotes", distinct=True),
                public_now=Case(
                    When(public_article_q(now=timezone.now()), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
        )

    @admin.display(description="quotes", ordering="quote_total")
    def quote_count(self, article):
        return article.quote_total

    @admin.display(description="public now", boolean=True, ordering="public_now")
    def is_public(self, article):
        return article.public_now

    def save_model(self, request, obj, form, change):
        # The quote inline has already checked each quote against the new body.
        article_save(article=obj, user=request.user, sync_quotes=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_sync_quotes(article=form.instance)

    def _apply(self, request, queryset, service, done):
        changed = 0
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"“{article}” was not changed: {'; '.join(error.messages)}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{changed} article(s) {done}.", messages.SUCCESS)

    @admin.action(description="Publish selected articles (embargoes still apply)", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, article_publish, "published")

    @admin.action(description="Withdraw selected articles", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._apply(request, queryset, article_withdraw, "withdrawn")


@admin.register(Quote)
class QuoteAdmin(ConfidentialNoteMixin, admin.ModelAdmin):
    list_display = ["short_text", "attribution", "kind", "via", "said_on_display", "round", "article"]
    list_filter = ["kind", "anonymous", "channel", "round", ("via", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "speaker_label", "speaker__name", "speaker__aliases__name", "article__headline"]
    list_select_related = ["article", "speaker", "via", "round"]
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

    def save_model(self, request, obj, form, change):
        quote_save(quote=obj)


class ProcessIdentifierInline(admin.TabularInline):
    model = ProcessIdentifier
    extra = 0


@admin.register(NegotiationProcess)
class NegotiationProcessAdmin(admin.ModelAdmin):
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
class NegotiationRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "process", "dates", "city", "country", "status"]
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
