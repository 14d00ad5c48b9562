"""Cross-app pages: home, search with its suggestions and CSV export, and the 404 page."""

import csv
from collections import defaultdict
from itertools import islice

from django.db.models import Exists, F, Model, OuterRef, Q
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found
from django_countries import countries

from actors.models import Actor, ActorKind, Affiliation, affiliation_on
from actors.spelling import matching as spelled_like
from articles.filters import ArticleFilterSet, PublicActorFilterSet, QuoteFilterSet, RoundFilterSet
from articles.models import (
    Article,
    CoSpeaker,
    NegotiationProcess,
    NegotiationRound,
    Quote,
    RelayStep,
    RoundStatus,
    channel_label,
    publication_iso,
    role_day,
)
from newsroom.api.links import absolute_link
from newsroom.counts import home_counts
from newsroom.dates import format_iso_partial
from newsroom.paging import CappedPaginator, capped_count
from newsroom.search.engine import RANK_WINDOW, did_you_mean, mark_results, prepare, search
from newsroom.text import normalize_name

PAGE_SIZE = 20
# The search page counts up to this many matches per tab ("1,000+") and pages through as
# many; relevance ranks the latest this many to enter the index (see search()), and so
# does the CSV export. Filters narrow further; newest first reaches every match.
SEARCH_PAGE_CAP = RANK_WINDOW
FILTER_LABELS = {
    "speaker": "Speaker",
    "speaker_kind": "Kind of speaker",
    "via": "Relayed by",
    "round": "Round",
    "process": "Process",
    "kind": "Kind",
    "said_after": "Said from",
    "said_before": "Said until",
    "actor": "Actor quoted",
    "published_after": "Published from",
    "published_before": "Published until",
    "country": "Country",
    "has_quotes": "Quoted in articles",
    "status": "Status",
    "held_from": "Held from",
    "held_until": "Held until",
}
QUERY_MAX = 200


def not_found(request, exception=None):
    """JSON for API addresses, the site's page elsewhere (marked as the project's, see ProjectNotFoundMiddleware)."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": "Not found."}, status=404)
    else:
        response = page_not_found(request, exception, template_name="404.html")
    response.project_page = True
    return response


def home(request):
    current = [RoundStatus.ONGOING, RoundStatus.PLANNED]
    context = {
        # Newest first along the public-by-date index (public articles all have a date).
        "latest": Article.objects.public().select_related("outlet").order_by("-published_at", "-pk")[:8],
        "current_rounds": NegotiationRound.objects.filter(status__in=current)
        .select_related("process")
        .order_by(F("start_date").asc(nulls_last=True), "name")[:8],
        **home_counts(),
    }
    return render(request, "home.html", context)


SUGGESTIONS_MAX = 20


def _suggest_actors(term):
    key = normalize_name(term)
    matching = Q(name__icontains=term) | Q(slug__startswith=term.lower()) | Q(aliases__normalized__contains=key)
    matching |= Q(pk__in=spelled_like(Actor.objects.all(), term).values("pk"))  # "Dmitri" for "Dmitry"
    return Actor.objects.filter(matching).distinct().order_by("name").values_list("slug", "name")


def _suggest_speakers(term):
    """Actors as _suggest_actors finds them, quoted in a published article at least once."""
    quoted = Quote.objects.public_for_counts().filter(speaker=OuterRef("pk"))
    return _suggest_actors(term).filter(Exists(quoted))


def _suggest_media(term):
    return _suggest_actors(term).filter(kind=ActorKind.MEDIA)


def _suggest_named(model):
    def suggest(term):
        matching = Q(name__icontains=term) | Q(slug__startswith=term.lower())
        return model.objects.filter(matching).order_by("name").values_list("slug", "name")

    return suggest


def _suggest_countries(term):
    term = term.casefold()
    found = [(code, name) for code, name in countries if code.casefold() == term or term in name.casefold()]
    return sorted(found, key=lambda country: country[0].casefold() != term)  # the exact code first


SUGGEST = {
    "actors": _suggest_actors,
    "speakers": _suggest_speakers,  # the quotes' speaker filter
    "media": _suggest_media,  # the quotes' "relayed by" filter
    "rounds": _suggest_named(NegotiationRound),
    "processes": _suggest_named(NegotiationProcess),
    "countries": _suggest_countries,
}


def suggest(request, source):
    """
    Up to 20 records whose name, alias or slug contains `term` (two characters or more),
    for the search filters' text boxes: {"results": [{"value": slug, "label": name}]}.
    Actors, rounds, processes and countries are public reference data; "speakers" are
    the actors quoted in a published article, "media" the media actors.
    """
    if source not in SUGGEST:
        raise Http404(f"No suggestions for {source!r}.")
    term = request.GET.get("term", "").strip()[:100]
    found = SUGGEST[source](term)[:SUGGESTIONS_MAX] if len(term) >= 2 else []
    response = JsonResponse({"results": [{"value": value, "label": label} for value, label in found]})
    response["Cache-Control"] = "public, max-age=300"
    return response


class SearchType:
    def __init__(self, key, label, filterset_class, fields, queryset, recency):
        self.key, self.label, self.filterset_class, self.fields = key, label, filterset_class, fields
        self.singular = label[:-1].lower()
        self.queryset, self.recency = queryset, recency


SEARCH_TYPES = {
    t.key: t
    for t in [
        SearchType(
            "quotes",
            "Quotes",
            QuoteFilterSet,
            ["speaker", "speaker_kind", "via", "round", "process", "kind", "said_after", "said_before"],
            lambda: Quote.objects.public().with_related(),
            [F("article__published_at").desc(nulls_last=True), "span_start", "pk"],
        ),
        SearchType(
            "articles",
            "Articles",
            ArticleFilterSet,
            ["round", "actor", "published_after", "published_before"],
            lambda: Article.objects.public().select_related("outlet"),
            ["-published_at", "-pk"],
        ),
        SearchType(
            "actors",
            "Actors",
            PublicActorFilterSet,
            ["kind", "country", "has_quotes"],
            lambda: Actor.objects.prefetch_related("aliases"),
            ["name", "pk"],
        ),
        SearchType(
            "rounds",
            "Rounds",
            RoundFilterSet,
            ["process", "status", "country", "held_from", "held_until"],
            lambda: NegotiationRound.objects.select_related("process"),
            [F("start_date").desc(nulls_last=True), "name", "pk"],
        ),
    ]
}


def search_results(request, search_type, *, rank_window=None):
    """
    The query (parsed, other spellings added), the order, the FilterSet bound to the
    request and the matching records, ranked or by date.
    """
    query = prepare(request.GET.get("q", "").strip()[:QUERY_MAX])
    order = "date" if request.GET.get("sort") == "date" else "relevance"
    data = request.GET.copy()
    for key in ("q", "sort", "type", "page", "ordering"):
        data.pop(key, None)
    filterset = search_type.filterset_class(data, queryset=search_type.queryset(), request=request)
    records = filterset.qs
    if query.raw:
        records = search(records, query, order=order, rank_window=rank_window)
    else:
        records = records.order_by(*search_type.recency)
    return query, order, filterset, records


def _named_record(value):
    """The record a slug filter chose (shown by name beside its box), or None for other values."""
    return value if isinstance(value, Model) else None


def search_page(request):
    search_type = SEARCH_TYPES.get(request.GET.get("type"), SEARCH_TYPES["quotes"])
    # One match beyond the cap in the window, so the page's count can tell there are more.
    query, order, filterset, records = search_results(request, search_type, rank_window=SEARCH_PAGE_CAP + 1)
    page = CappedPaginator(records, PAGE_SIZE, cap=SEARCH_PAGE_CAP).get_page(request.GET.get("page"))
    mark_results(page.object_list, query)
    tabs = []  # (type, count up to SEARCH_PAGE_CAP, whether more match)
    for other in SEARCH_TYPES.values():
        if other is search_type:
            tabs.append((other, page.paginator.count, page.paginator.capped))
        else:
            base = other.queryset()
            tabs.append((other, *capped_count(search(base, query) if query.raw else base, cap=SEARCH_PAGE_CAP)))
    form = filterset.form
    chosen = getattr(form, "cleaned_data", {})
    newest_first = request.GET.copy()
    newest_first["sort"] = "date"
    newest_first.pop("page", None)
    suggestion = did_you_mean(query) if query.raw and not page.paginator.count else None
    # For a tab that found nothing: the first other tab that did, to point to.
    elsewhere = next((tab for tab in tabs if tab[0] is not search_type and tab[1]), None)
    context = {
        "q": query.raw,
        # Other spellings searched for too, and for a search that found nothing, a query spelled closer to a name.
        "respelled": query.respelled,
        "did_you_mean": suggestion and _suggestion(request, *suggestion),
        "elsewhere": elsewhere,
        "order": order,
        "type": search_type,
        "tabs": tabs,
        # Each filter with its label and, for a record named by slug, the record's name.
        "fields": [(form[name], FILTER_LABELS[name], _named_record(chosen.get(name))) for name in search_type.fields],
        "filters_active": any(request.GET.get(name) for name in search_type.fields),
        "page": page,
        "newest_first_query": newest_first.urlencode(),
        "results": page.object_list,
        "errors": form.errors,
    }
    return render(request, "search.html", context)


def _suggestion(request, query, respellings):
    """
    "Did you mean": the query suggested, its address (the same type, filters and order
    with `query` in place of the words typed) and the names that suggest it.
    """
    params = request.GET.copy()
    params["q"] = query
    params.pop("page", None)
    return {"query": query, "address": params.urlencode(), "respellings": respellings}


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Neutralize spreadsheet formulas: a cell must never start with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = [
    "speaker",
    "co-speakers",
    "label",
    "role",
    "text",
    "kind",
    "attribution",
    "relayed through",
    "via",
    "channel",
    "date",
    "round",
    "article",
    "published",
    "link",
]
# What a CSV row is made of, read as plain values: building a quote, its speaker, relay,
# round and article as models took most of an export's time.
CSV_VALUES = (
    "pk speaker_id speaker__name speaker_label text kind attribution_basis via__name channel channel_other said_on "
    "said_on_precision "
    "round__name "
    "article__headline article__published_at article__published_precision"
).split()
CSV_CHUNK = 2_000


def quotes_csv(request):
    """
    Every quote result (not only the page shown), with the same words, filters and order:
    ranked by relevance, the matches the page ranks (the latest SEARCH_PAGE_CAP); newest
    first, every match. Streamed a chunk at a time, in constant memory.
    """
    query, order, _, records = search_results(request, SEARCH_TYPES["quotes"], rank_window=SEARCH_PAGE_CAP + 1)
    values = records.prefetch_related(None).values_list(*CSV_VALUES)
    if query.raw and order == "relevance":
        values = values[:SEARCH_PAGE_CAP]

    def rows():
        yield CSV_COLUMNS
        found = values.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(islice(found, CSV_CHUNK)):
            yield from _csv_rows(request, chunk)

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_cell(value) for value in row]) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsroom-quotes.csv"'
    return response


def _csv_rows(request, chunk):
    """
    The CSV rows of a chunk of CSV_VALUES, with the speakers' roles at the time, the
    co-speakers of joint statements and the relay chains (a query each).
    """
    affiliations = defaultdict(list)
    speakers = {values[1] for values in chunk if values[1] is not None}
    for affiliation in Affiliation.objects.filter(person__in=speakers).select_related("organization"):
        affiliations[affiliation.person_id].append(affiliation)
    co_speakers = defaultdict(list)
    joint = CoSpeaker.objects.filter(quote__in=[values[0] for values in chunk]).select_related("actor")
    for co in joint.order_by("quote_id", "position"):
        co_speakers[co.quote_id].append(co.actor.name)
    steps = defaultdict(list)
    chained = RelayStep.objects.filter(quote__in=[values[0] for values in chunk]).select_related("actor")
    for step in chained.order_by("quote_id", "position"):
        steps[step.quote_id].append(step.display)
    for row in chunk:
        pk, speaker_id, speaker, label, text, kind, basis, via, channel, other, said_on, precision = row[:12]
        round_name, headline, published, published_precision = row[12:]
        role = affiliation_on(affiliations[speaker_id], role_day(said_on, published)) if speaker_id else None
        yield [
            speaker or "",
            "; ".join(co_speakers[pk]),
            label,
            f"{role.role}, {role.organization.name}" if role else "",
            text,
            kind,
            basis,
            " → ".join(steps[pk]),
            via or "",
            channel_label(channel, other),
            format_iso_partial(said_on, precision) or "",
            round_name or "",
            headline,
            publication_iso(published, published_precision),
            absolute_link(request, "quote-page", pk),
        ]
