"""Articles, with their quotes and corrections inline, and the actions that publish and withdraw."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from newsroom.admin import DeskItem, HistoryAdmin
from newsroom.models import related_count
from newsroom.search.engine import get_backend

from ..forms import ArticleForm, KnownLabelsAutocomplete, QuoteForm, paraphrases_of
from ..models import Article, ArticleStatus, Correction, PublicationPrecision, Quote
from ..querysets import public_article_q
from ..services import (
    article_publish,
    article_save,
    article_sync_quotes,
    article_withdraw,
    can_publish,
    correction_save,
    quote_save,
)
from ..views import render_article
from .common import COMPACT_TEXT, QUOTE_FIELDSETS, FullTextSearchAdmin, is_locked_for
from .suggestion import suggest_quotes


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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", KnownLabelsAutocomplete(db_field, self.admin_site, labels={}))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Every row's text box is in the article's language, and its words in the body being
        # saved (on a POST, as typed): told once, not read per row.
        told = {
            "article_language": obj.language if obj else "",
            "article_for_rows": obj,
            "paraphrase_choices": paraphrases_of(obj.pk) if obj and obj.pk else [],
        }
        formset.form = type(formset.form.__name__, (formset.form,), told)
        return formset

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


def orphaned_quotes(inline_admin_formsets) -> list[dict]:
    """
    The quote rows refused because the body no longer holds their words, for the banner
    at the top of the form: where each row is, its words, and the body's wording when a
    few characters changed.
    """
    rows = []
    for inline in inline_admin_formsets:
        formset = inline.formset
        if formset.model is not Quote:
            continue
        for index, form in enumerate(formset.forms):
            if "text" not in form.errors or not hasattr(form.instance, "closest_passage"):
                continue
            rows.append(
                {
                    "anchor": f"{formset.prefix}-{index}",
                    "text": form.instance.text,
                    "field": f"id_{formset.prefix}-{index}-text",
                    "now_reads": form.instance.closest_passage,
                }
            )
    return rows


class EmbargoFilter(admin.SimpleListFilter):
    title = "embargo"
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("pending", "Under embargo now")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.embargoed()
        return queryset


SUBMIT_FOR_REVIEW = "_submit_review"
# How the preview's banner says where an article stands ("This article is …").
PREVIEW_STATES = {
    ArticleStatus.DRAFT: "a draft",
    ArticleStatus.IN_REVIEW: "in review",
    ArticleStatus.PUBLISHED: "published",
    ArticleStatus.WITHDRAWN: "withdrawn",
}


def desk_items(request) -> list[DeskItem]:
    """The admin home's desk: articles waiting for an editor, and embargoes to lift (two indexed counts)."""
    if not request.user.has_perm("articles.view_article"):
        return []
    changelist = reverse("admin:articles_article_changelist")
    in_review = Article.objects.filter(status=ArticleStatus.IN_REVIEW).count()
    embargoed = Article.objects.embargoed()
    next_lift = embargoed.order_by("embargo_until").values_list("embargo_until", flat=True).first()
    note = ""
    if next_lift is not None:
        local = timezone.localtime(next_lift)
        note = f"next lifts at {local:%-d %B %Y, %H:%M} {local.tzname()}"
    return [
        DeskItem("In review", in_review, f"{changelist}?status__exact={ArticleStatus.IN_REVIEW}"),
        DeskItem("Embargoed", embargoed.count(), f"{changelist}?embargo=pending", note),
    ]


@admin.register(Article)
class ArticleAdmin(FullTextSearchAdmin, HistoryAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form_with_suggestions.html"
    list_display = ["headline", "status", "is_public", "outlet", "published", "embargo_until", "quote_count"]
    list_filter = ["status", EmbargoFilter, ("outlet", admin.RelatedOnlyFieldListFilter), "rounds", "published_at"]
    # Searched through the full-text index (see FullTextSearchAdmin): headline, standfirst, body,
    # and the quotes' words and speakers (names and aliases).
    search_fields = ["headline"]
    list_select_related = ["outlet"]
    # Newest records first, read backwards from the primary key: no sort of the table, and
    # the quote counts computed for the rows shown only. (No date drill-down: it listed the
    # distinct years of every article on each view; the published_at filter does that job.)
    ordering = ["-id"]
    # No slug filled in the browser as the headline is typed: its transliteration turned
    # Arabic headlines into strings like "-laalt-tntthr". ArticleForm makes it on save.
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

    class Media:
        js = ["articles/local-time.js", "articles/orphaned-quotes.js"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # published_at too: the form's own field for it is then left out.
            fields += ["published_at", "published", "embargo_until"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        # Read only, shown as a reader sees it: a day-only publication has no time.
        swap = lambda names: tuple("published" if name == "published_at" else name for name in names)  # noqa: E731
        return [
            (title, {**options, "fields": [swap(f) if isinstance(f, tuple) else f for f in options["fields"]]})
            for title, options in fieldsets
        ]

    @admin.display(description="published", ordering="published_at")
    def published(self, article):
        """'25 January 2018' when only the day is known, '25 January 2018, 18:00' when the time is."""
        if article.published_at is None:
            return "-"
        if article.published_precision == PublicationPrecision.DAY:
            return f"{article.published_day:%-d %B %Y}"
        return f"{timezone.localtime(article.published_at):%-d %B %Y, %H:%M}"

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

    def view_on_site(self, obj):
        """The public page once the article is public; until then the staff preview (never a 404)."""
        if Article.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if SUBMIT_FOR_REVIEW in request.POST and obj.status == ArticleStatus.DRAFT:
            obj.status = ArticleStatus.IN_REVIEW
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

    def response_add(self, request, obj, post_url_continue=None):
        return self._submitted(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._submitted(request, obj) or super().response_change(request, obj)

    def _submitted(self, request, obj):
        """After "Submit for review": its own message, and back to the list."""
        if SUBMIT_FOR_REVIEW not in request.POST:
            return None
        if obj.status == ArticleStatus.IN_REVIEW:
            self.message_user(
                request,
                f"“{obj}” was saved and submitted for review: editors find it under “In review” on the admin home.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"“{obj}” was saved; it is {obj.get_status_display().lower()}, not a draft to submit.",
                messages.INFO,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit_for_review"] = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        context["can_submit_for_review"] &= obj is None or obj.status == ArticleStatus.DRAFT
        context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk]) if obj else ""
        context["orphaned_quotes"] = orphaned_quotes(context.get("inline_admin_formsets", []))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id):
        """The article exactly as readers will see it, with a banner, for staff who may view it."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No article with this id.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if Article.objects.public().filter(pk=article.pk).exists():
            return HttpResponseRedirect(article.get_absolute_url())
        quotes = list(Quote.objects.with_related().filter(article=article))
        preview = {
            "state": PREVIEW_STATES[article.status],
            "embargo_until": article.embargo_until if article.status == ArticleStatus.PUBLISHED else None,
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
        }
        return render_article(request, article, quotes, preview=preview)

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
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/suggest-quotes/",
                self.admin_site.admin_view(self.suggest_quotes_view),
                name="articles_article_suggest_quotes",
            ),
            *super().get_urls(),
        ]

    def suggest_quotes_view(self, request, object_id):
        """The quote finder's proposals beside the text: accept (after editing) or reject each."""
        return suggest_quotes(self, request, self.get_object(request, object_id))

    @admin.action(description="Publish selected articles (embargoes still apply)", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, article_publish, "published")

    @admin.action(description="Withdraw selected articles", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._apply(request, queryset, article_withdraw, "withdrawn")
