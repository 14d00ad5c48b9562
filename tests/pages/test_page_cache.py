"""Anonymous public pages from the shared cache, forgotten on any save (newsroom/pagecache.py)."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from articles.models import Article
from articles.services import article_save, article_withdraw
from newsroom import pagecache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(headline="Envoys meet at the lakeside", slug="lakeside")


def test_a_second_anonymous_view_is_answered_from_the_cache(client, article, django_assert_num_queries):
    client.get("/articles/lakeside/")
    with django_assert_num_queries(0):
        assert client.get("/articles/lakeside/").status_code == 200


def test_each_host_gets_its_own_absolute_links(client, article):
    from tests.factories import QuoteFactory

    quote = QuoteFactory(article=article)
    client.get(f"/quotes/{quote.pk}/", headers={"host": "testserver"})
    page = client.get(f"/quotes/{quote.pk}/", headers={"host": "localhost"}).content.decode()
    assert f"http://localhost/quotes/{quote.pk}/" in page
    assert "http://testserver/" not in page


def test_an_edit_shows_on_the_next_view(client, article):
    client.get("/articles/lakeside/")
    article.headline = "Envoys leave the lakeside"
    article_save(article=article)
    assert "Envoys leave the lakeside" in client.get("/articles/lakeside/").content.decode()


def test_a_withdrawal_leaves_every_cached_page_at_once(client, article):
    assert "Envoys meet" in client.get("/search/?q=lakeside&type=articles").content.decode()
    article_withdraw(article=Article.objects.get(slug="lakeside"))
    assert "Envoys meet" not in client.get("/search/?q=lakeside&type=articles").content.decode()
    assert client.get("/articles/lakeside/").status_code == 404


def test_an_embargo_lifts_on_time_on_a_cached_page(client):
    lift = datetime.datetime(2031, 3, 1, 9, 0, tzinfo=datetime.UTC)
    ArticleFactory(headline="Embargoed lakeside news", slug="embargoed", embargo_until=lift)
    with time_machine.travel(lift - datetime.timedelta(seconds=1), tick=False):
        assert "Embargoed lakeside news" not in client.get("/").content.decode()
    with time_machine.travel(lift, tick=False):
        assert "Embargoed lakeside news" in client.get("/").content.decode()


def test_a_staff_session_is_never_served_from_the_cache(admin_client, article, django_assert_max_num_queries):
    admin_client.get("/articles/lakeside/")
    with django_assert_max_num_queries(100) as queries:
        admin_client.get("/articles/lakeside/")
    assert len(queries) > 0


def test_the_api_is_not_cached(client, article, django_assert_max_num_queries):
    client.get("/api/v1/articles/")
    with django_assert_max_num_queries(100) as queries:
        client.get("/api/v1/articles/")
    assert len(queries) > 0


def test_a_missing_page_is_not_cached(client, django_assert_max_num_queries):
    client.get("/articles/not-yet/")
    with django_assert_max_num_queries(100) as queries:
        assert client.get("/articles/not-yet/").status_code == 404
    assert len(queries) > 0


def test_a_lost_generation_never_comes_back_to_an_older_number():
    before = pagecache.generation()
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.generation() > before


def test_a_zero_lifetime_turns_the_cache_off(client, article, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/articles/lakeside/")
    with django_assert_max_num_queries(100) as queries:
        client.get("/articles/lakeside/")
    assert len(queries) > 0
