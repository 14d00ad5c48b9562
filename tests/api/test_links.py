"""
Every record's api_url and page_url are the addresses reverse() gives, though a page
reverses each route once (newsroom.api.links).
"""

from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from newsroom.api import links
from tests.factories import ArticleFactory, ProcessFactory, QuoteFactory, RoundFactory

pytestmark = pytest.mark.django_db


def absolute(path):
    return f"http://testserver{path}"


@pytest.fixture
def quote():
    round_ = RoundFactory()
    quote = QuoteFactory(round=round_)
    quote.article.rounds.add(round_)
    return quote


def test_a_quotes_links_are_the_reversed_addresses(client, quote):
    data = client.get(f"/api/v1/quotes/{quote.pk}/").json()
    assert (data["api_url"], data["page_url"]) == (
        absolute(reverse("api:quote-detail", kwargs={"pk": quote.pk})),
        absolute(quote.get_absolute_url()),
    )


def test_an_articles_links_are_the_reversed_addresses(client, quote):
    article = quote.article
    data = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert (data["api_url"], data["page_url"]) == (
        absolute(reverse("api:article-detail", kwargs={"slug": article.slug})),
        absolute(article.get_absolute_url()),
    )


def test_embedded_records_link_to_their_own_addresses(client, quote):
    data = client.get(f"/api/v1/quotes/{quote.pk}/").json()
    speaker, round_ = quote.speaker, quote.round
    assert data["speaker"]["api_url"] == absolute(reverse("api:actor-detail", kwargs={"slug": speaker.slug}))
    assert data["speaker"]["page_url"] == absolute(speaker.get_absolute_url())
    assert data["round"]["page_url"] == absolute(round_.get_absolute_url())
    process = client.get(f"/api/v1/rounds/{round_.slug}/").json()["process"]
    assert process["api_url"] == absolute(reverse("api:process-detail", kwargs={"slug": round_.process.slug}))


def test_a_key_reverse_would_escape_goes_through_reverse():
    request = RequestFactory().get("/")
    assert links.absolute_link(request, "api:actor-detail", "a b é", kwarg="slug") == absolute(
        reverse("api:actor-detail", kwargs={"slug": "a b é"})
    )


def test_a_list_reverses_each_route_once(client):
    process = ProcessFactory()
    for _ in range(3):
        RoundFactory(process=process)
    ArticleFactory()
    with mock.patch.object(links, "reverse", wraps=reverse) as reversed_:
        client.get("/api/v1/processes/")
    # api:process-detail, process-page, api:round-detail, round-page
    assert reversed_.call_count == 4
