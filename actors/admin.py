from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse

from newsroom.admin import HistoryAdmin, country_name
from newsroom.forms import PartialDatesForm
from newsroom.models import related_count
from newsroom.text import normalize_name

from . import spelling
from .models import Actor, ActorIdentifier, Affiliation, Alias
from .services import MERGE_PERMISSION, actor_merge, actor_merge_preview, actor_save


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name"]


class AffiliationForm(PartialDatesForm):
    partial_dates = {"start_date": "start_precision", "end_date": "end_precision"}

    class Meta:
        model = Affiliation
        fields = ["person", "organization", "role", "start_date", "end_date", "ended"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    form = AffiliationForm
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "start_date", "end_date", "ended"]
    verbose_name = "affiliation (for people)"


class ActorIdentifierInline(admin.TabularInline):
    model = ActorIdentifier
    extra = 0


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", country_name, "alias_names", "quote_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "description"]
    list_select_related: list[str] = []
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "country", "description", "created_at", "updated_at"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AliasInline, AffiliationInline, ActorIdentifierInline]
    actions = ["merge_selected"]

    def save_model(self, request, obj, form, change):
        actor_save(actor=obj, user=request.user)

    def has_merge_permission(self, request):
        return request.user.has_perm(MERGE_PERMISSION)

    @admin.action(description="Merge selected duplicate actors…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Two steps: a preview of what moves, then the merge into the actor chosen to keep."""
        actors = list(queryset.order_by("name"))
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        keep_id = request.POST.get("keep")
        if "confirm" in request.POST and keep_id:
            keep = next((actor for actor in actors if str(actor.pk) == keep_id), None)
            if keep is None:
                self.message_user(request, "Choose one of the selected actors to keep.", messages.ERROR)
                return None
            for actor in actors:
                if actor.pk == keep.pk:
                    continue
                try:
                    report = actor_merge(keep=keep, merge=actor, user=request.user)
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, f"{actor} was not merged: {error}", messages.ERROR)
                else:
                    self.message_user(request, f"{actor}: {report}", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge duplicate actors",
            "opts": self.model._meta,
            # The actor most referred to is preselected: merging the others into it moves least.
            "actors": sorted(
                ((actor, actor_merge_preview(actor=actor)) for actor in actors),
                key=lambda pair: -sum(count for _, count in pair[1]),
            ),
            "action_name": "merge_selected",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/actors/actor/merge_preview.html", context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # The quoting model is reached through the relation: actors never import articles.
            .annotate(quote_total=related_count(Actor._meta.get_field("quotes").related_model.objects.all(), "speaker"))
            .prefetch_related("aliases")
        )

    def get_search_results(self, request, queryset, search_term):
        """
        Also match names written another way: "Jaafari" finds "Bashar al-Ja'afari", and
        "Dmitri Peskov" finds "Dmitry Peskov" (a name or alias spelled like every word).
        The autocomplete boxes that pick an actor search here too.
        """
        key = normalize_name(search_term)
        if not key:
            return super().get_search_results(request, queryset, search_term)
        by_fields, _ = super().get_search_results(request, self.model.objects.all(), search_term)
        by_name = self.model.objects.filter(Q(name_normalized__contains=key) | Q(aliases__normalized__contains=key))
        by_spelling = spelling.matching(self.model.objects.all(), search_term)
        matches = Q(pk__in=by_fields.values("pk")) | Q(pk__in=by_name.values("pk")) | Q(pk__in=by_spelling.values("pk"))
        return queryset.filter(matches), False

    @admin.display(description="aliases")
    def alias_names(self, actor):
        return ", ".join(alias.name for alias in actor.aliases.all())

    @admin.display(description="quotes")
    def quote_count(self, actor):
        return actor.quote_total


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    form = AffiliationForm
    fields = ["person", "organization", "role", "start_date", "end_date", "ended"]
    list_display = ["person", "role", "organization", "period_display"]
    list_filter = ["ended", "organization"]
    search_fields = ["person__name", "role", "organization__name"]
    list_select_related = ["person", "organization"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Alias)
class AliasAdmin(HistoryAdmin):
    list_display = ["name", "actor", "normalized"]
    list_filter = ["actor__kind"]
    search_fields = ["name", "normalized", "actor__name"]
    list_select_related = ["actor"]
    autocomplete_fields = ["actor"]
