"""Admin changelists count from the database's statistics when unfiltered (newsroom/paging.py)."""

import pytest
from django.db import connection

from articles.models import Quote
from newsroom.paging import EstimatedCountPaginator, estimated_table_rows
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyzed_quotes(monkeypatch):
    """Five quotes, statistics gathered, and a threshold low enough to use them."""
    for _ in range(5):
        QuoteFactory()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    monkeypatch.setattr("newsroom.paging.EXACT_BELOW", 1)


def test_the_statistics_know_the_table_size(analyzed_quotes):
    assert estimated_table_rows(Quote, "default") == 5


def test_an_unfiltered_list_is_counted_from_the_statistics(analyzed_quotes):
    paginator = EstimatedCountPaginator(Quote.objects.all(), 100)
    QuoteFactory()  # not in the statistics until the next ANALYZE
    assert (paginator.count, paginator.estimated) == (5, True)


def test_a_filtered_list_is_counted_exactly(analyzed_quotes):
    paginator = EstimatedCountPaginator(Quote.objects.filter(kind="direct"), 100)
    assert paginator.count == Quote.objects.filter(kind="direct").count()
    assert paginator.estimated is False


def test_a_small_table_is_counted_exactly(analyzed_quotes, monkeypatch):
    monkeypatch.setattr("newsroom.paging.EXACT_BELOW", 10_000)
    paginator = EstimatedCountPaginator(Quote.objects.all(), 100)
    QuoteFactory()
    assert (paginator.count, paginator.estimated) == (6, False)


def test_without_statistics_the_count_is_exact(monkeypatch):
    monkeypatch.setattr("newsroom.paging.estimated_table_rows", lambda model, using: None)
    QuoteFactory()
    assert EstimatedCountPaginator(Quote.objects.all(), 100).count == 1


def test_the_quote_changelist_shows_the_estimate(admin_client, analyzed_quotes):
    QuoteFactory()  # six rows now; the statistics still say five
    response = admin_client.get("/admin/articles/quote/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 5


def test_the_quote_changelist_lists_newest_first(admin_client):
    first, second = QuoteFactory(), QuoteFactory()
    rows = list(admin_client.get("/admin/articles/quote/").context["cl"].result_list)
    assert [quote.pk for quote in rows[:2]] == [second.pk, first.pk]
