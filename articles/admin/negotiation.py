"""Negotiation processes and their rounds, with participants and identifiers inline."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

from newsroom.admin import HistoryAdmin, country_name

from ..forms import RoundForm
from ..models import (
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    ProcessSource,
    RoundIdentifier,
    RoundParticipant,
    RoundSource,
)


class SourceInline(admin.TabularInline):
    extra = 0
    fields = ["kind", "title", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ProcessSourceInline(SourceInline):
    model = ProcessSource


class RoundSourceInline(SourceInline):
    model = RoundSource


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
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "convener"]}),
        ("Notes", {"fields": ["editorial_note", "internal_note"]}),
    ]
    inlines = [ProcessSourceInline, ProcessIdentifierInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(round_total=Count("rounds"))

    @admin.display(description="rounds", ordering="round_total")
    def round_count(self, process):
        return process.round_total


class RoundParticipantInline(admin.TabularInline):
    model = RoundParticipant
    extra = 1
    fields = ["role", "actor", "lead", "qualifier", "represents", "delegation_head"]
    autocomplete_fields = ["actor", "represents", "delegation_head"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "represents", "delegation_head")


class RoundIdentifierInline(admin.TabularInline):
    model = RoundIdentifier
    extra = 0


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(HistoryAdmin):
    form = RoundForm
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
        ("When", {"fields": [("start_date", "end_date"), "dates_printed"]}),
        ("Substance", {"fields": ["agenda", "outcome"]}),
        ("Notes", {"fields": ["editorial_note", "internal_note"]}),
    ]
    inlines = [RoundParticipantInline, RoundSourceInline, RoundIdentifierInline]

    @admin.display(description="dates", ordering="start_date")
    def dates(self, round_):
        return round_.dates_display
