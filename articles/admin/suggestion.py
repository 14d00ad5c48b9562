"""
The quote finder in the admin: its proposals for an article beside the text, each to
accept (after editing) or reject, and the words rejected so far.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from actors.models import Actor

from ..forms import SuggestionForm
from ..models import NegotiationRound, RejectedSuggestion
from ..quotefinder import quote_suggest
from ..rendering import body_blocks
from ..services import suggestion_accept, suggestion_reject


@dataclass(frozen=True)
class Span:
    """A suggestion's place in the body, highlighted there and linked to its card by `index`."""

    span_start: int
    span_end: int
    index: int


def suggest_quotes(model_admin, request, article):
    if article is None:
        raise Http404("No such article.")
    if not (model_admin.has_change_permission(request, article) and request.user.has_perm("articles.add_quote")):
        raise PermissionDenied
    suggestions = quote_suggest(article=article)
    actor_ids = dict(Actor.objects.values_list("slug", "pk"))
    round_ids = dict(NegotiationRound.objects.values_list("slug", "pk"))
    cards = [SuggestionForm.for_suggestion(s, actor_ids, round_ids, index=i) for i, s in enumerate(suggestions)]
    if request.method == "POST":
        index = int(request.POST.get("suggestion", -1))
        if not 0 <= index < len(suggestions):
            model_admin.message_user(request, "That suggestion is no longer proposed.", messages.WARNING)
            return HttpResponseRedirect(request.path)
        if request.POST.get("action") == "reject":
            return reject(model_admin, request, article, suggestions[index])
        form = SuggestionForm.for_suggestion(suggestions[index], actor_ids, round_ids, index=index, data=request.POST)
        if accept(model_admin, request, article, form):
            return HttpResponseRedirect(request.path)
        cards[index] = form  # shown again with its errors
    return render(model_admin, request, article, suggestions, cards)


def reject(model_admin, request, article, suggestion):
    suggestion_reject(article=article, text=suggestion.text, user=request.user)
    model_admin.message_user(request, f"Rejected “{suggestion.text[:60]}”.", messages.SUCCESS)
    return HttpResponseRedirect(request.path)


def accept(model_admin, request, article, form):
    """Record the suggestion as the editor corrected it; False, with the errors on `form`, if refused."""
    form.instance.article = article
    if not form.is_valid():
        return False
    speaker_given = form.cleaned_data["speaker"]
    try:
        quote = suggestion_accept(
            quote=form.save(commit=False),
            user=request.user,
            new_speaker_name="" if speaker_given else form.cleaned_data["new_speaker_name"],
        )
    except (ValidationError, PermissionDenied) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        form.add_error(None, " ".join(problems))
        return False
    model_admin.message_user(request, f"Recorded {quote}.", messages.SUCCESS)
    return True


def render(model_admin, request, article, suggestions, cards):
    highlights = [Span(s.start, s.end, i) for i, s in enumerate(suggestions) if not s.in_headline]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Suggested quotes: {article}",
        "opts": model_admin.model._meta,
        "original": article,
        "article": article,
        "blocks": body_blocks(article.body, highlights),
        "cards": list(zip(suggestions, cards, strict=True)),
        "change_url": reverse("admin:articles_article_change", args=[article.pk]),
        "media": model_admin.media + (cards[0].media if cards else forms.Media()),
    }
    return TemplateResponse(request, "admin/articles/article/suggest_quotes.html", context)


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
