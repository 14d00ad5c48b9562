"""
The quote finder in the admin: its proposals for an article beside the text, each to
accept (after editing) or reject, a page of cards at a time, and the words rejected so far.

At the size of real copy (a 200 KB body, a thousand proposals, a thousand actors) the
finder reads an article version once (kept in the cache; "Read again" forgets it), a page
shows CARDS_PER_PAGE cards whose actor and round boxes are autocompletes, and after an
accept or a reject the page opens at the next card.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..forms import SuggestionForm, SuggestionLabels
from ..models import Quote, RejectedSuggestion
from ..quotefinder import quote_suggest
from ..quotefinder.database import forget
from ..rendering import body_blocks
from ..services import suggestion_accept, suggestion_reject

CARDS_PER_PAGE = 20
# "Accept every suggestion with a confidence of at least …": the choices offered.
THRESHOLDS = [0.9, 0.8, 0.7, 0.6, 0.5]


@dataclass(frozen=True)
class Span:
    """A suggestion's place in the body, highlighted there and linked to its card by `index`."""

    span_start: int
    span_end: int
    index: int
    page: int  # the first card number of the page that shows it


def suggest_quotes(model_admin, request, article):
    if article is None:
        raise Http404("No such article.")
    if not (model_admin.has_change_permission(request, article) and request.user.has_perm("articles.add_quote")):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "refresh":
        forget(article)
        model_admin.message_user(request, "The finder read the article again.", messages.SUCCESS)
        return HttpResponseRedirect(request.path)
    suggestions = quote_suggest(article=article, cached=True)
    if request.method == "POST" and request.POST.get("action") == "accept_all":
        return accept_all(model_admin, request, article, suggestions)
    form = None
    if request.method == "POST":
        index = _whole(request.POST.get("suggestion"), default=-1)
        if not 0 <= index < len(suggestions) or suggestions[index].text != request.POST.get("words", ""):
            model_admin.message_user(
                request, "That suggestion is no longer proposed here: the list changed since.", messages.WARNING
            )
            return HttpResponseRedirect(request.path)
        if request.POST.get("action") == "reject":
            reject(model_admin, request, article, suggestions[index])
            return _at_card(request, index)  # the next one now has this number
        known = SuggestionLabels([suggestions[index]])
        form = SuggestionForm.for_suggestion(
            suggestions[index], known, index=index, admin_site=model_admin.admin_site, data=request.POST
        )
        if accept(model_admin, request, article, form):
            return _at_card(request, index + 1)
        start = _page_of(index)
    else:
        start = _page_of(_whole(request.GET.get("from"), default=0))
    return render(model_admin, request, article, suggestions, start, failed=form)


def _whole(text, *, default):
    return int(text) if text and text.isdigit() else default


def _page_of(index):
    return max(0, index) // CARDS_PER_PAGE * CARDS_PER_PAGE


def _at_card(request, index):
    return HttpResponseRedirect(f"{request.path}?from={_page_of(index)}#suggestion-{index}")


def reject(model_admin, request, article, suggestion):
    suggestion_reject(article=article, text=suggestion.text, user=request.user)
    model_admin.message_user(
        request, f"Rejected “{suggestion.text[:60]}”: it will not be proposed again.", messages.SUCCESS
    )


def accept(model_admin, request, article, form):
    """Record the suggestion as the editor corrected it; False, with the errors on `form`, if refused."""
    quote = record(request, article, form)
    if quote is not None:
        model_admin.message_user(request, f"Recorded {quote}.", messages.SUCCESS)
    return quote is not None


def record(request, article, form):
    """The quote `form` records through suggestion_accept, or None with the errors on `form`."""
    form.instance.article = article
    if not form.is_valid():
        return None
    speaker_given = form.cleaned_data["speaker"]
    try:
        return suggestion_accept(
            quote=form.save(commit=False),
            user=request.user,
            new_speaker_name="" if speaker_given else form.cleaned_data["new_speaker_name"],
        )
    except (ValidationError, PermissionDenied) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        form.add_error(None, " ".join(problems))
        return None


def acceptable(suggestions, threshold):
    """What "accept all" takes: not recorded, sure enough, and with a speaker to give the words to."""
    return [
        (index, s)
        for index, s in enumerate(suggestions)
        if not s.recorded and s.confidence >= threshold and (s.speaker is not None or s.anonymous or s.new_speaker_name)
    ]


def accept_all(model_admin, request, article, suggestions):
    """Accept every suggestion at or above the chosen confidence as proposed, each through the service."""
    try:
        threshold = float(request.POST.get("threshold", ""))
    except ValueError:
        threshold = -1.0
    if threshold not in THRESHOLDS:
        model_admin.message_user(request, "Choose one of the confidence levels offered.", messages.ERROR)
        return HttpResponseRedirect(request.path)
    chosen = acceptable(suggestions, threshold)
    known = SuggestionLabels([s for _, s in chosen])
    recorded, refused = 0, []
    for index, suggestion in chosen:
        proposed = SuggestionForm.for_suggestion(suggestion, known, index=index)
        data = {
            f"{proposed.prefix}-{name}": value for name, value in proposed.initial.items() if value not in (None, False)
        }
        form = SuggestionForm(data, initial=proposed.initial, prefix=proposed.prefix)
        if record(request, article, form) is not None:
            recorded += 1
        else:
            refused.append(f"“{suggestion.text[:40]}”")
    text = f"Accepted {recorded} suggestion{'s' if recorded != 1 else ''} with a confidence of {threshold:.1f} or more."
    if refused:
        text += f" {len(refused)} could not be recorded as proposed and wait below: {', '.join(refused[:5])}"
        text += "…" if len(refused) > 5 else "."
    model_admin.message_user(request, text, messages.SUCCESS if not refused else messages.WARNING)
    return HttpResponseRedirect(request.path)


def render(model_admin, request, article, suggestions, start, *, failed=None):
    page = suggestions[start : start + CARDS_PER_PAGE]
    known = SuggestionLabels(page)
    site = model_admin.admin_site
    cards = []
    for offset, suggestion in enumerate(page):
        index = start + offset
        if failed is not None and failed.prefix == f"s{index}":
            cards.append((index, suggestion, failed))
        elif suggestion.recorded:
            cards.append((index, suggestion, None))
        else:
            cards.append(
                (index, suggestion, SuggestionForm.for_suggestion(suggestion, known, index=index, admin_site=site))
            )
    recorded = Quote.objects.select_related("speaker", "via", "round").in_bulk(
        [s.recorded_id for s in page if s.recorded_id]
    )
    highlights = [Span(s.start, s.end, i, _page_of(i)) for i, s in enumerate(suggestions) if not s.in_headline]
    forms_media = next((form.media for _, _, form in cards if form is not None), forms.Media())
    context = {
        **site.each_context(request),
        "title": f"Suggested quotes: {article}",
        "opts": model_admin.model._meta,
        "original": article,
        "article": article,
        "blocks": body_blocks(article.body, highlights),
        "cards": [(index, s, form, recorded.get(s.recorded_id)) for index, s, form in cards],
        "total": len(suggestions),
        "start": start,
        "end": start + len(page),
        "previous": start - CARDS_PER_PAGE if start > 0 else None,
        "next": start + CARDS_PER_PAGE if start + CARDS_PER_PAGE < len(suggestions) else None,
        "thresholds": [(level, len(acceptable(suggestions, level))) for level in THRESHOLDS],
        "change_url": reverse("admin:articles_article_change", args=[article.pk]),
        "media": model_admin.media + forms_media,
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
