"""
Public pages for articles, quotes, actors, rounds and processes. Only public articles
and quotes appear. The actor page lives here, not in actors/, because it lists quotes
(articles -> actors, never back); so does the actor API (articles/api/views.py).
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404, render

from actors.models import Actor, ActorKind, Affiliation
from newsroom.paging import CappedPaginator

from .models import (
    Article,
    NegotiationProcess,
    NegotiationRound,
    ParticipantRole,
    Quote,
    QuoteKind,
    RelayStep,
    speakers_display,
)
from .rendering import body_blocks, sentence_around

ROLE_PLURALS = {
    "mediator": "Mediators",
    "party": "Parties",
    "host": "Hosts",
    "sponsor": "Sponsors",
    "guarantor": "Guarantors",
    "observer": "Observers",
    "backer": "Backers",
}
ROUND_ORDER = [F("start_date").asc(nulls_last=True), "number", "name"]


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.public().select_related("outlet").prefetch_related("rounds__process", "corrections"),
        slug=slug,
    )
    quotes = list(Quote.objects.public().with_related().filter(article=article))
    return render_article(request, article, quotes)


def render_article(request, article, quotes, *, preview=None):
    """The public article page; `preview` (staff only) is the banner's context for an article not public yet."""
    context = {"article": article, "quotes": quotes, "blocks": body_blocks(article.body, quotes), "preview": preview}
    return render(request, "articles/article_detail.html", context)


def quote_detail(request, pk):
    quote = get_object_or_404(
        Quote.objects.public()
        .with_related()
        .select_related("article__outlet", "round__process", "within")
        .prefetch_related(Prefetch("relay_steps", RelayStep.objects.select_related("actor").order_by("position"))),
        pk=pk,
    )
    context = {"quote": quote, "citation": citation(quote, request.build_absolute_uri(quote.get_absolute_url()))}
    if quote.kind == QuoteKind.PARAPHRASE:
        # The partial quotes inside it, of the same (public) article.
        context["partials"] = list(quote.partials.order_by("span_start", "pk"))
    if quote.span_start is not None:
        context["before"], context["words"], context["after"] = sentence_around(
            quote.article.body, quote.span_start, quote.span_end
        )
    return render(request, "articles/quote_detail.html", context)


def citation(quote, url):
    """A line to paste into a story or a note: who, what, where published, when, link."""
    article = quote.article
    published = f"{article.published_day:%-d %B %Y}" if article.published_at else ""
    outlet = article.outlet.name if article.outlet else "Newsroom"
    relay = f", quoted by {quote.via.name}" if quote.via else ""
    words = quote.text if quote.kind != "paraphrase" else f"(paraphrase) {quote.text}"
    others = [co.actor.name for co in quote.co_speakers.all()]
    # A joint statement is cited by its speakers' names ("Russia and Turkey"), whatever its label.
    speakers = speakers_display(quote.speaker.name, others) if others and quote.speaker else quote.speaker_display()
    return f"{speakers}{relay}: “{words}”. In “{article.headline}”, {outlet}, {published}. {url}"


# The timeline shows each process's latest rounds; its page lists them all.
TIMELINE_ROUNDS_PER_PROCESS = 10
# ROUND_ORDER backwards: the latest first (rounds without a date count as the latest).
LATEST_ROUNDS_FIRST = [F("start_date").desc(nulls_first=True), "-number", "-name"]


def round_timeline(request):
    """Each process with its latest rounds, earliest first: a long process no longer renders all of its rounds."""
    latest = NegotiationRound.objects.order_by(*LATEST_ROUNDS_FIRST)[:TIMELINE_ROUNDS_PER_PROCESS]
    processes = list(
        NegotiationProcess.objects.select_related("convener")
        .annotate(round_count=Count("rounds"))
        .prefetch_related(Prefetch("rounds", queryset=latest, to_attr="latest_rounds"))
    )
    for process in processes:
        process.latest_rounds.reverse()
    return render(request, "articles/round_timeline.html", {"processes": processes})


def process_detail(request, slug):
    rounds = NegotiationRound.objects.order_by(*ROUND_ORDER)
    process = get_object_or_404(
        NegotiationProcess.objects.select_related("convener").prefetch_related(
            Prefetch("rounds", queryset=rounds), "identifiers", "sources"
        ),
        slug=slug,
    )
    return render(request, "articles/process_detail.html", {"process": process})


ROUND_QUOTES_PER_PAGE = 30
ROUND_COVERAGE_SHOWN = 25


def round_detail(request, slug):
    round_ = get_object_or_404(
        NegotiationRound.objects.select_related("process").prefetch_related(
            "participants__actor",
            "participants__represents",
            "participants__delegation_head",
            "identifiers",
            "sources",
        ),
        slug=slug,
    )
    by_role = []
    for role, label in ParticipantRole.choices:
        members = [p for p in round_.participants.all() if p.role == role]
        if members:
            by_role.append((ROLE_PLURALS[role] if len(members) > 1 else label, members))
    quotes = (
        Quote.objects.public()
        .with_related()
        .filter(round=round_)
        .order_by(F("said_on").desc(nulls_last=True), "-article__published_at", "span_start", "pk")
    )
    # A round of a long process can have thousands of quotes and articles: show them a page at a time.
    page = Paginator(quotes, ROUND_QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    coverage = (
        Article.objects.public()
        .filter(rounds=round_)
        .select_related("outlet")
        .order_by("-published_at", "-pk")[: ROUND_COVERAGE_SHOWN + 1]
    )
    coverage = list(coverage)
    return render(
        request,
        "articles/round_detail.html",
        {
            "round": round_,
            "by_role": by_role,
            "page": page,
            "coverage": coverage[:ROUND_COVERAGE_SHOWN],
            "more_coverage": len(coverage) > ROUND_COVERAGE_SHOWN,
        },
    )


ACTOR_QUOTES_PER_PAGE = 20


def actor_detail(request, slug):
    actor = get_object_or_404(
        Actor.objects.prefetch_related(
            "aliases",
            "identifiers",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization").order_by(
                    F("start_date").desc(nulls_last=True), "role"
                ),
            ),
        ),
        slug=slug,
    )
    quotes = Quote.objects.public().with_related().filter(speaker=actor)
    rounds_quoted = NegotiationRound.objects.filter(quotes__in=quotes).distinct().order_by("name")
    chosen_round = request.GET.get("round", "")
    if chosen_round:
        quotes = quotes.filter(round__slug=chosen_round)
    quotes = quotes.annotate(day=Coalesce("said_on", TruncDate("article__published_at"))).order_by(
        F("day").desc(nulls_last=True), "span_start", "pk"
    )
    page = Paginator(quotes, ACTOR_QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "actor": actor,
        "page": page,
        "quotes": page.object_list,
        "rounds_quoted": rounds_quoted,
        "chosen_round": chosen_round,
        "participations": actor.participations.select_related("round__process").order_by(
            F("round__start_date").desc(nulls_last=True)
        ),
        "headed": actor.delegations_headed.select_related("round", "actor"),
        "relayed_count": Quote.objects.public().filter(via=actor).count() if actor.kind == "media" else None,
    }
    return render(request, "articles/actor_detail.html", context)


# The list pages page through at most this many records ("More than 1,000 articles"):
# skipping further costs a scan; search's date and kind filters reach the rest.
LIST_CAP = 1_000
ARTICLES_PER_PAGE = 20
ACTORS_PER_PAGE = 50
PROCESSES_PER_PAGE = 50


def article_list(request):
    """Public articles, newest first (along the public-by-date index)."""
    articles = Article.objects.public().select_related("outlet").order_by("-published_at", "-pk")
    page = CappedPaginator(articles, ARTICLES_PER_PAGE, cap=LIST_CAP).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def actor_list(request):
    """Actors by name (along the folded-name index), of one kind when `kind` names one."""
    kind = request.GET.get("kind", "")
    actors = Actor.objects.order_by("name_normalized", "pk")
    if kind in ActorKind.values:
        actors = actors.filter(kind=kind)
    else:
        kind = ""
    page = CappedPaginator(actors, ACTORS_PER_PAGE, cap=LIST_CAP).get_page(request.GET.get("page"))
    return render(request, "articles/actor_list.html", {"page": page, "kind": kind, "kinds": ActorKind.choices})


def process_list(request):
    """Negotiation processes by name, each with its convener and number of rounds."""
    processes = (
        NegotiationProcess.objects.select_related("convener").annotate(round_count=Count("rounds")).order_by("name")
    )
    page = CappedPaginator(processes, PROCESSES_PER_PAGE, cap=LIST_CAP).get_page(request.GET.get("page"))
    return render(request, "articles/process_list.html", {"page": page})
