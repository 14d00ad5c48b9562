"""
Every list and detail costs a fixed number of queries whatever the number of
records (prevent an n+1): each count is pinned and checked with 1 and 50 records.
"""

import pytest

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


def make_records(size):
    process = ProcessFactory(convener=ActorFactory(kind="organization"))
    for _ in range(size):
        speaker = ActorFactory()
        AliasFactory(actor=speaker)
        AffiliationFactory(person=speaker)
        round_ = RoundFactory(process=process)
        ParticipantFactory(round=round_, delegation_head=ActorFactory())
        article = ArticleFactory(outlet=MediaFactory())
        article.rounds.add(round_)
        QuoteFactory(article=article, speaker=speaker, round=round_, via=MediaFactory())
        ProcessFactory()


# Lists: the page with its capped count (one query) + one query per prefetched relation.
LIST_QUERIES = {
    "/api/v1/articles/": 4,  # articles+outlet+count, rounds, quotes+speaker+via, corrections
    # Quotes+relations+count, speaker aliases, speaker affiliations+organization, co-speakers, relay steps.
    "/api/v1/quotes/": 5,
    "/api/v1/actors/": 4,  # actors+quote count+count, aliases, identifiers, affiliations+organization
    "/api/v1/rounds/": 4,  # rounds+process+counts+count, participants+actors, identifiers, sources
    "/api/v1/processes/": 4,  # processes+convener+count, rounds, identifiers, sources
}
CURSOR_QUERIES = LIST_QUERIES  # no count in cursor mode, and the same prefetches


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("url", LIST_QUERIES)
def test_list_query_count_is_constant(client, django_assert_num_queries, url, size):
    make_records(size)
    with django_assert_num_queries(LIST_QUERIES[url]):
        response = client.get(url)
    assert response.json()["count"] >= size


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("url", CURSOR_QUERIES)
def test_cursor_page_query_count_is_constant(client, django_assert_num_queries, url, size):
    make_records(size)
    with django_assert_num_queries(CURSOR_QUERIES[url]):
        response = client.get(url, {"cursor": ""})
    assert len(response.json()["results"]) >= size


# Searched by relevance: other spellings of the words (actors' name keys, one indexed
# query), the window of latest matches with their ranks, then the list.
SEARCHED_QUERIES = {
    "/api/v1/articles/?q=lakeside": 6,
    "/api/v1/quotes/?q=thicket": 7,
    "/api/v1/actors/?q=actor": 6,
    "/api/v1/rounds/?q=round": 6,
    "/api/v1/processes/?q=process": 6,
}


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("url", SEARCHED_QUERIES)
def test_searched_list_query_count_is_constant(client, django_assert_num_queries, url, size, settings):
    # PostgreSQL reads the window in one query when its walk covers every entry.
    settings.SEARCH_RECENT_ENTRIES = 10**12
    make_records(size)
    with django_assert_num_queries(SEARCHED_QUERIES[url]):
        response = client.get(url)
    assert response.json()["count"] >= size


DETAIL_QUERIES = {
    "articles": 4,  # article+outlet, rounds, quotes+speaker+via, corrections
    "quotes": 5,  # quote+relations, speaker aliases, speaker affiliations, co-speakers, relay steps
    "actors": 4,  # actor+quote count, aliases, identifiers, affiliations
    "rounds": 4,  # round+process+counts, participants, identifiers, sources
    "processes": 4,  # process+convener, rounds, identifiers, sources
}


def detail_url(resource):
    from articles.models import Article, NegotiationProcess, NegotiationRound, Quote

    if resource == "quotes":
        return f"/api/v1/quotes/{Quote.objects.first().pk}/"
    if resource == "actors":
        return f"/api/v1/actors/{Quote.objects.first().speaker.slug}/"
    model = {"articles": Article, "rounds": NegotiationRound, "processes": NegotiationProcess}[resource]
    return f"/api/v1/{resource}/{model.objects.first().slug}/"


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("resource", DETAIL_QUERIES)
def test_detail_query_count_is_constant(client, django_assert_num_queries, resource, size):
    make_records(size)
    url = detail_url(resource)
    with django_assert_num_queries(DETAIL_QUERIES[resource]):
        assert client.get(url).status_code == 200
