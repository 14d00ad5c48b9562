import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from articles.models import Article, Quote
from tests.factories import (
    ActorFactory,
    AffiliationFactory,
    AliasFactory,
    ArticleFactory,
    MediaFactory,
    ParticipantFactory,
    ProcessFactory,
    QuoteFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

SECRET_HEADLINE = "SENTINEL-DRAFT-HEADLINE-page"
SECRET_NOTE = "SENTINEL-CONFIDENTIAL-page"

SOCHI_PARAPHRASE = "the Sochi meeting is meant to efficiently support the UN-led effort and bring results"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# -- every page renders from the demo ----------------------------------------

DEMO_PAGES = [
    "/",
    "/search/",
    "/search/?q=Jaafari",
    "/search/?q=Sochi&type=rounds",
    "/search/?q=Moscow&type=actors",
    "/search/?q=negotiation&type=articles",
    "/articles/vienna-talks-2018/",
    "/actors/bashar-al-jaafari/",
    "/actors/reuters/",
    "/rounds/",
    "/rounds/vienna-2018/",
    "/processes/geneva-process/",
]


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_page_renders(client, demo, url):
    content = page(client, url)
    assert "<main" in content


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_pages_have_no_inline_scripts_or_styles(client, demo, url):
    content = page(client, url)
    assert not re.search(r"<script(?![^>]*\bsrc=)", content), "inline script"
    assert "<style" not in content
    assert not re.search(r"\sstyle=", content)
    assert not re.search(r"\son[a-z]+=", content), "inline event handler"


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_pages_have_landmarks_and_a_single_h1(client, demo, url):
    content = page(client, url)
    assert content.count("<h1") == 1
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in content


def test_quote_pages_have_landmarks_a_single_h1_and_no_inline_code(client, demo):
    for quote in Quote.objects.all():
        content = page(client, quote.get_absolute_url())
        assert content.count("<h1") == 1
        assert "<main" in content and "<nav" in content
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=", content)


def test_every_form_field_on_the_search_page_has_a_label(client, demo):
    content = page(client, "/search/?q=Jaafari")
    ids = set(re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', content))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', content))
    assert ids <= labelled


def test_quote_page_shows_words_speaker_relay_round_context_and_citation(client, demo):
    quote = Quote.objects.get(text="The meeting was good")
    content = page(client, f"/quotes/{quote.pk}/")
    assert "The meeting was good" in content
    assert 'href="/actors/bashar-al-jaafari/"' in content
    assert "the head of the Syrian government delegation" in content
    assert 'href="/actors/reuters/"' in content
    assert 'href="/rounds/vienna-2018/"' in content
    assert "25 January 2018" in content
    assert "<mark>The meeting was good</mark>" in content
    assert "quoted by Reuters: “The meeting was good”." in content


def test_quote_page_shows_the_role_held_when_the_words_were_said(client, demo):
    quote = Quote.objects.get(kind="paraphrase", speaker__slug="staffan-de-mistura")
    content = page(client, f"/quotes/{quote.pk}/")
    assert "Special Envoy for Syria" in content


def test_anonymous_quote_page_shows_label_and_affiliation_never_the_note(client, demo):
    Quote.objects.filter(anonymous=True).update(confidential_note=SECRET_NOTE)
    quote = Quote.objects.get(anonymous=True)
    content = page(client, f"/quotes/{quote.pk}/")
    assert "a French diplomatic source" in content
    assert 'href="/actors/france/"' in content
    assert SECRET_NOTE not in content


def test_article_page_marks_each_quote_and_links_its_speaker(client, demo):
    content = page(client, "/articles/vienna-talks-2018/")
    assert content.count("<mark>") == 5  # the paraphrase is not in the body
    assert 'href="/actors/russia/" title="Moscow"><mark>efficiently</mark>' in content
    assert '<h2 class="subhead" dir="auto">Sochi in view</h2>' in content


def test_actor_page_lists_quotes_affiliations_and_rounds(client, demo):
    content = page(client, "/actors/staffan-de-mistura/")
    assert "Special Envoy for Syria" in content
    assert "July 2014 – December 2018" in content
    assert "demanded that opposition groups" in content
    assert 'href="/rounds/vienna-2018/"' in content
    assert "Mediator" in content


def test_actor_page_filters_quotes_by_round(client, demo):
    all_quotes = page(client, "/actors/russia/")
    assert "efficiently" in all_quotes and "results" in all_quotes
    assert "efficiently" not in page(client, "/actors/russia/?round=vienna-2018")


def test_round_page_shows_participants_by_role_quotes_and_coverage(client, demo):
    content = page(client, "/rounds/vienna-2018/")
    assert "Mediators" in content and "Parties" in content
    assert "Delegation led by" in content
    assert "The meeting was good" in content
    assert "Syria talks resume in Vienna" in content
    assert "25–26 January 2018" in content


def test_timeline_shows_dates_at_their_precision(client, demo):
    content = page(client, "/rounds/")
    for text in ("last month (December 2017)", "25–26 January 2018", "29–30 January 2018", "last year (2017)"):
        assert text in content


def test_timeline_shows_the_latest_rounds_of_a_long_process_earliest_first(client, monkeypatch):
    monkeypatch.setattr("articles.views.TIMELINE_ROUNDS_PER_PROCESS", 2)
    process = ProcessFactory(name="Long process", slug="long-process")
    for day in (1, 2, 3):
        RoundFactory(process=process, name=f"Round of day {day}", start_date=datetime.date(2018, 1, day))
    content = page(client, "/rounds/")
    assert "Round of day 1" not in content
    assert content.index("Round of day 2") < content.index("Round of day 3")
    assert 'href="/processes/long-process/">All 3 rounds of Long process' in content


def test_timeline_links_no_further_when_every_round_is_shown(client, demo):
    assert not re.search(r"All \d+ rounds of", page(client, "/rounds/"))


# -- visibility ----------------------------------------------------------------


@pytest.fixture
def hidden(db):
    made = []
    for fields in [
        {"status": "draft", "published_at": None},
        {"status": "in_review", "published_at": None},
        {"status": "withdrawn"},
        {"status": "published", "embargo_until": timezone.now() + timezone.timedelta(hours=1)},
    ]:
        article = ArticleFactory(headline=SECRET_HEADLINE, **fields)
        speaker = ActorFactory(slug=f"speaker-{len(made)}")
        QuoteFactory(article=article, speaker=speaker, confidential_note=SECRET_NOTE)
        made.append(article)
    return made


def test_non_public_article_and_quote_pages_are_404(client, hidden):
    for article in hidden:
        assert SECRET_HEADLINE not in page(client, f"/articles/{article.slug}/", status=404)
        assert SECRET_HEADLINE not in page(client, f"/quotes/{article.quotes.get().pk}/", status=404)


def test_non_public_articles_never_appear_on_public_pages(client, hidden, demo):
    urls = [
        "/",
        "/search/?q=thicket",
        "/search/?q=thicket&type=articles",
        "/rounds/",
        "/actors/speaker-0/",
        "/search/quotes.csv?q=thicket",
    ]
    for url in urls:
        content = page(client, url)
        assert SECRET_HEADLINE not in content, url
        assert SECRET_NOTE not in content, url
        assert "thicket" not in content or url.startswith("/search/?q=thicket"), url


def test_unknown_records_are_404_with_the_site_page(client, db):
    for url in ["/articles/nope/", "/quotes/999/", "/actors/nope/", "/rounds/nope/", "/processes/nope/"]:
        content = page(client, url, status=404)
        assert "There is no published record at this address" in content


# -- search page --------------------------------------------------------------


def test_search_tabs_count_each_type(client, demo):
    content = page(client, "/search/?q=Jaafari")
    assert re.search(r'Quotes <span class="count">1</span>', content)
    assert re.search(r'Articles <span class="count">1</span>', content)
    assert re.search(r'Actors <span class="count">1</span>', content)
    assert re.search(r'Rounds <span class="count">0</span>', content)


def test_search_highlights_matches(client, demo):
    content = page(client, '/search/?q="last hope"&type=articles')
    assert "<mark>last hope</mark>" in content


def test_search_escapes_what_users_typed(client, demo):
    content = page(client, "/search/?q=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_search_filters_quotes(client, demo):
    content = page(client, "/search/?type=quotes&via=afp")
    assert "hijacked" in content and "The meeting was good" not in content


def test_search_filters_by_date_range(client, demo):
    content = page(client, "/search/?type=quotes&said_after=2018-01-25&said_before=2018-01-25")
    assert "The meeting was good" in content
    assert "last hope" not in content  # said_on unknown


def test_search_bad_filter_is_shown_not_fatal(client, demo):
    content = page(client, "/search/?type=quotes&said_after=not-a-date")
    assert "Enter a valid date." in content
    assert "The meeting was good" in content


def test_search_sort_by_date(client):
    old = ArticleFactory(headline="Pelican pelican pelican", published_at=timezone.now() - timezone.timedelta(days=9))
    new = ArticleFactory(headline="Other news", body="A pelican.", published_at=timezone.now())
    relevance = page(client, "/search/?q=pelican&type=articles")
    by_date = page(client, "/search/?q=pelican&type=articles&sort=date")
    assert relevance.index(old.get_absolute_url()) < relevance.index(new.get_absolute_url())
    assert by_date.index(new.get_absolute_url()) < by_date.index(old.get_absolute_url())


def test_search_paginates(client):
    article = ArticleFactory(body=" ".join(f'"pelican {n}"' for n in range(30)))
    for n in range(25):
        QuoteFactory(article=article, text=f"pelican {n}")
    first = page(client, "/search/?q=pelican")
    assert "Page 1 of 2" in first
    assert 'href="?q=pelican&amp;page=2"' in first
    second = page(client, "/search/?q=pelican&page=2")
    assert "Page 2 of 2" in second


def test_search_url_is_a_permalink(client, demo):
    assert page(client, "/search/?q=Moscow&type=quotes&kind=partial") == page(
        client, "/search/?q=Moscow&type=quotes&kind=partial"
    )


# -- CSV export ----------------------------------------------------------------


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_has_every_column_and_matching_row(client, demo):
    rows = read_csv(client, "/search/quotes.csv?q=Jaafari")
    quote = Quote.objects.get(text="The meeting was good")
    assert rows == [
        [
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
        ],
        [
            "Bashar al-Ja'afari",
            "",
            "the head of the Syrian government delegation",
            "head of the government delegation, Syrian government",
            "The meeting was good",
            "direct",
            "stated",
            "",
            "Reuters",
            "",
            "2018-01-25",
            "Vienna special meeting",
            "Syria talks resume in Vienna with the constitution on the table",
            "2018-01-25",
            f"http://testserver/quotes/{quote.pk}/",
        ],
    ]


def test_csv_export_takes_the_filters(client, demo):
    rows = read_csv(client, "/search/quotes.csv?speaker=russia")
    assert sorted(row[4] for row in rows[1:]) == ["efficiently", "results", SOCHI_PARAPHRASE]


def test_csv_export_exports_every_result_not_one_page(client):
    article = ArticleFactory(body=" ".join(f'"pelican {n}"' for n in range(30)))
    for n in range(25):
        QuoteFactory(article=article, text=f"pelican {n}")
    assert len(read_csv(client, "/search/quotes.csv?q=pelican")) == 26


def test_csv_export_streams_every_row_across_chunks(client, monkeypatch):
    monkeypatch.setattr("newsroom.views.CSV_CHUNK", 2)
    article = ArticleFactory(body=" ".join(f'"heron {n}"' for n in range(5)))
    for n in range(5):
        QuoteFactory(article=article, text=f"heron {n}")
    rows = read_csv(client, "/search/quotes.csv?q=heron&sort=date")
    assert sorted(row[4] for row in rows[1:]) == [f"heron {n}" for n in range(5)]


def test_csv_export_by_relevance_holds_the_matches_the_page_ranks(client, three_quotes_over_a_cap_of_two):
    assert len(read_csv(client, "/search/quotes.csv?q=thicket")) == 3


def test_csv_export_newest_first_holds_every_match(client, three_quotes_over_a_cap_of_two):
    assert len(read_csv(client, "/search/quotes.csv?q=thicket&sort=date")) == 4


def test_csv_export_neutralizes_formulas(client):
    article = ArticleFactory(body='He said "=HYPERLINK(1)" loudly.')
    QuoteFactory(article=article, text="=HYPERLINK(1)", speaker_label="@someone")
    rows = read_csv(client, "/search/quotes.csv")
    assert rows[1][2] == "'@someone"
    assert rows[1][4] == "'=HYPERLINK(1)"


def test_csv_export_never_has_the_note(client, demo):
    Quote.objects.update(confidential_note=SECRET_NOTE)
    assert SECRET_NOTE not in str(read_csv(client, "/search/quotes.csv"))


# -- query counts ----------------------------------------------------------------


def make_world(size):
    """`size` articles, each with a quote by a speaker with an alias and an affiliation, in one process."""
    process = ProcessFactory(slug="world-process", convener=ActorFactory(kind="organization"))
    speaker = ActorFactory(slug="world-speaker")
    AliasFactory(actor=speaker, name="Speaker alias")
    AffiliationFactory(person=speaker)
    round_ = RoundFactory(slug="world-round", process=process, status="ongoing")
    ParticipantFactory(round=round_, delegation_head=speaker)
    for _ in range(size):
        article = ArticleFactory(outlet=MediaFactory())
        article.rounds.add(round_)
        QuoteFactory(article=article, speaker=speaker, round=round_, via=MediaFactory())
        RoundFactory(process=process)
    return Article.objects.first()


# Each page costs a fixed number of queries whatever the data size (prevent an n+1).
PAGE_QUERIES = {
    "/": 6,  # latest articles, current rounds, three counts, the next embargo lift (once per generation)
    # Other spellings of the words (once), latest matches, 3 other tab counts, page count, page, prefetches, marks...
    "/search/?q=thicket": 12,
    "/search/?q=thicket&type=articles": 9,
    "/search/?type=quotes": 8,  # the filter form lists no choices: its boxes suggest as you type
    # And the speaker named by the filter, and the joint statements they are a co-speaker of.
    "/search/?type=quotes&speaker=world-speaker": 10,
    # The latest matches; streamed: the quotes, then per chunk the speakers' affiliations,
    # the co-speakers and the relay steps.
    "/search/quotes.csv?q=thicket": 6,  # and first, other spellings of the words
    "/search/quotes.csv?q=thicket&sort=date": 5,  # other spellings, then every match, streamed
    "/actors/world-speaker/": 12,
    "/rounds/": 2,  # processes with conveners, rounds
    "/articles/": 2,  # the capped count, the page with outlets
    "/actors/": 2,  # the capped count, the page
    "/actors/?kind=person": 2,
    "/processes/": 2,  # the capped count, the page with conveners and round counts
    # The round, participants, identifiers, sources, quote count and page, co-speakers, coverage...
    "/rounds/world-round/": 12,
    "/processes/world-process/": 4,
    "ARTICLE": 8,  # article, rounds+processes, corrections, quotes+relations, 2 speaker prefetches, co-speakers...
    "QUOTE": 5,  # the quote with its relations, 2 speaker prefetches, co-speakers, relay steps
}


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("url", PAGE_QUERIES)
def test_page_query_count_is_constant(client, django_assert_num_queries, url, size, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page's own work (tests/pages/test_page_cache.py for the cache)
    # PostgreSQL reads the search window in one query when the walk covers every entry (the
    # second query, past the walk, is tested in tests/search/test_contract.py).
    settings.SEARCH_RECENT_ENTRIES = 10**12
    article = make_world(size)
    target = {"ARTICLE": article.get_absolute_url(), "QUOTE": Quote.objects.first().get_absolute_url()}.get(url, url)
    with django_assert_num_queries(PAGE_QUERIES[url]):
        response = client.get(target)
        if url.endswith(".csv") or ".csv?" in url:
            b"".join(response.streaming_content)
    assert response.status_code == 200


def test_round_page_shows_its_quotes_a_page_at_a_time(client):
    from articles.views import ROUND_QUOTES_PER_PAGE

    round_ = RoundFactory(slug="long-round")
    for _ in range(ROUND_QUOTES_PER_PAGE + 2):
        QuoteFactory(article=ArticleFactory(), round=round_)
    first = page(client, "/rounds/long-round/")
    second = page(client, "/rounds/long-round/?page=2")
    assert first.count('class="card quote-card"') == ROUND_QUOTES_PER_PAGE
    assert second.count('class="card quote-card"') == 2
    assert f"({ROUND_QUOTES_PER_PAGE + 2}, newest first)" in first
    assert "/search/?type=quotes&amp;round=long-round" in first


def test_round_page_lists_the_latest_coverage_and_links_to_the_rest(client):
    from articles.views import ROUND_COVERAGE_SHOWN

    round_ = RoundFactory(slug="covered-round")
    for _ in range(ROUND_COVERAGE_SHOWN + 1):
        ArticleFactory().rounds.add(round_)
    content = page(client, "/rounds/covered-round/")
    assert "/search/?type=articles&amp;round=covered-round" in content


def test_home_counts_are_cached_between_views(client, django_assert_num_queries, demo, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered again, its counts from the cache
    client.get("/")
    with django_assert_num_queries(2):  # latest articles and current rounds; the counts come from the cache
        assert client.get("/").status_code == 200


def test_a_withdrawal_is_never_counted_afterwards(client, demo):
    from articles.models import Article
    from articles.services import article_withdraw

    before = client.get("/").context["quote_count"]
    article_withdraw(article=Article.objects.get())
    assert client.get("/").context["quote_count"] == 0 < before


# -- counts stop at the cap ----------------------------------------------------


@pytest.fixture
def three_quotes_over_a_cap_of_two(monkeypatch):
    monkeypatch.setattr("newsroom.views.SEARCH_PAGE_CAP", 2)
    for _ in range(3):
        QuoteFactory(text="thicket of talks", article=ArticleFactory(body="A thicket of talks went on."))


def test_search_heading_says_more_than_the_cap(client, three_quotes_over_a_cap_of_two):
    html = page(client, "/search/?q=thicket")
    assert re.search(r"More than 2\s+quotes", html)


def test_search_tabs_show_a_capped_count_with_a_plus(client, three_quotes_over_a_cap_of_two):
    html = page(client, "/search/?q=thicket&type=actors")
    assert re.search(r'Quotes <span class="count">2\+</span>', html)


def test_search_by_relevance_over_the_cap_links_to_newest_first(client, three_quotes_over_a_cap_of_two):
    html = page(client, "/search/?q=thicket&kind=direct&page=2")
    assert "Ranked by relevance among the latest 2 matches" in html
    assert 'href="?q=thicket&amp;kind=direct&amp;sort=date">Newest first</a>' in html


def test_search_counts_below_the_cap_are_exact(client):
    QuoteFactory(text="thicket of talks", article=ArticleFactory(body="A thicket of talks went on."))
    html = page(client, "/search/?q=thicket")
    assert re.search(r'Quotes <span class="count">1</span>', html)
    assert "More than" not in html
