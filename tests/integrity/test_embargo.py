"""
An embargoed article appears on every public surface at the embargo time, with no
job running, and not one second before. The clock is frozen with time-machine.
"""

import datetime

import pytest
import time_machine

from articles.models import Article, Quote

pytestmark = pytest.mark.django_db

LIFT = datetime.datetime(2031, 3, 1, 9, 0, 0, tzinfo=datetime.UTC)
BEFORE = LIFT - datetime.timedelta(seconds=1)


@pytest.fixture
def embargoed(demo):
    Article.objects.update(embargo_until=LIFT)
    return Article.objects.get(), Quote.objects.get(text="last hope")


def surfaces(article, quote):
    """Each public surface and a string present when the article shows there."""
    return {
        "api article list": ("/api/v1/articles/", article.slug),
        "api article detail": (f"/api/v1/articles/{article.slug}/", article.slug),
        "api quote list": ("/api/v1/quotes/?q=hope", "last hope"),
        "api quote detail": (f"/api/v1/quotes/{quote.pk}/", "last hope"),
        "api actor quote count": ("/api/v1/actors/?has_quotes=true", "jean-yves-le-drian"),
        "api round counts": ("/api/v1/rounds/vienna-2018/", '"quote_count":2'),
        "home": ("/", article.headline),
        "article page": (article.get_absolute_url(), article.headline),
        "quote page": (quote.get_absolute_url(), "last hope"),
        "search quotes": ("/search/?q=hope", quote.get_absolute_url()),
        "search articles": ("/search/?q=Vienna&type=articles", article.get_absolute_url()),
        "actor page": ("/actors/jean-yves-le-drian/", "last hope"),
        "round page": ("/rounds/vienna-2018/", article.headline),
        "csv export": ("/search/quotes.csv?q=hope", "last hope"),
    }


def body(client, url):
    response = client.get(url)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    "surface",
    list(surfaces(Article(slug="x", headline="x"), Quote(pk=1)).keys()),  # names only
)
def test_surface_shows_the_article_exactly_at_the_embargo(client, embargoed, surface):
    url, marker = surfaces(*embargoed)[surface]
    with time_machine.travel(BEFORE, tick=False):
        assert marker not in body(client, url), f"{surface} shows it a second early"
    with time_machine.travel(LIFT, tick=False):
        assert marker in body(client, url), f"{surface} does not show it on time"
