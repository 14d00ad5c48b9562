"""Quotes on their own: the list every quote is found from, and the form of one."""

from django.contrib import admin

from newsroom.admin import HistoryAdmin

from ..forms import QuoteForm
from ..models import CoSpeaker, Quote, RelayStep
from ..services import quote_save
from .common import COMPACT_TEXT, QUOTE_FIELDSETS, FullTextSearchAdmin, is_locked_for


class CoSpeakerInline(admin.TabularInline):
    model = CoSpeaker
    extra = 0
    fields = ["position", "actor"]
    autocomplete_fields = ["actor"]
    verbose_name_plural = "other speakers of a joint statement, after the speaker above (2, 3…)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class RelayStepInline(admin.TabularInline):
    model = RelayStep
    extra = 0
    fields = ["position", "actor", "label"]
    autocomplete_fields = ["actor"]
    verbose_name = "relay step"
    verbose_name_plural = (
        "relay chain: who passed the words on between the speaker and “Relayed by”, in order "
        "(most quotes have none: “quoted by Reuters” is Relayed by alone)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


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
    inlines = [CoSpeakerInline, RelayStepInline]
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
