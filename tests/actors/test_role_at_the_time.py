"""
One function decides the role a person held on a day (actors.models.affiliation_on),
and every surface shows what it decides: the quote page, the API, the CSV export and
the quote finder's suggestion card. Pinned with overlapping affiliations.
"""

import datetime

import pytest
from django.urls import reverse

from actors.models import affiliation_on
from articles.quotefinder import quote_suggest
from tests.factories import ActorFactory, AffiliationFactory, ArticleFactory, GovernmentFactory, QuoteFactory

pytestmark = pytest.mark.django_db

D = datetime.date
BODY = '"We will keep talking," Lena Morrow said on Monday.'


@pytest.fixture
def morrow():
    """Envoy since 2015 and, from 2017 (overlapping), also minister: the later start wins from 2017."""
    person = ActorFactory(name="Lena Morrow", slug="lena-morrow")
    AffiliationFactory(
        person=person,
        organization=GovernmentFactory(name="Northland"),
        role="Special Envoy",
        start_date=D(2015, 1, 1),
        start_precision="year",
    )
    AffiliationFactory(
        person=person,
        organization=GovernmentFactory(name="Southland"),
        role="Foreign Minister",
        start_date=D(2017, 3, 1),
        start_precision="month",
        end_date=D(2019, 12, 31),
        end_precision="day",
    )
    return person


@pytest.fixture
def quote(morrow):
    article = ArticleFactory(body=BODY, published_at=datetime.datetime(2018, 1, 25, 18, tzinfo=datetime.UTC))
    return QuoteFactory(article=article, text="We will keep talking", speaker=morrow, speaker_label="Lena Morrow")


def test_the_latest_started_affiliation_valid_that_day_wins(morrow):
    affiliations = list(morrow.affiliations.all())
    assert affiliation_on(affiliations, D(2016, 6, 1)).role == "Special Envoy"
    assert affiliation_on(affiliations, D(2018, 1, 25)).role == "Foreign Minister"
    assert affiliation_on(affiliations, D(2020, 1, 1)).role == "Special Envoy"
    assert affiliation_on(affiliations, D(2014, 1, 1)) is None


def test_a_tie_goes_to_the_affiliation_recorded_first(morrow):
    AffiliationFactory(
        person=morrow,
        organization=GovernmentFactory(),
        role="Deputy Prime Minister",
        start_date=D(2017, 3, 1),
        start_precision="month",
    )
    assert affiliation_on(list(morrow.affiliations.all()), D(2018, 1, 25)).role == "Foreign Minister"


def test_the_quote_page_shows_that_role(client, quote):
    assert "Foreign Minister" in client.get(reverse("quote-page", args=[quote.pk])).content.decode()


def test_the_api_shows_that_role(client, quote):
    data = client.get(f"/api/v1/quotes/{quote.pk}/").json()
    assert "Foreign Minister" in data["speaker_display"]


def test_the_csv_shows_that_role(client, quote):
    response = client.get(reverse("search-quotes-csv"), {"q": "talking"})
    content = b"".join(response.streaming_content).decode()
    assert "Foreign Minister, Southland" in content


def test_the_suggestion_card_shows_that_role(quote):
    article = quote.article
    (suggestion,) = quote_suggest(article=article)
    assert suggestion.role_note == "Foreign Minister, Southland"
