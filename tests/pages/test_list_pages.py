"""
The list pages (/articles/, /actors/, /processes/), the project's own 404 page when
DEBUG is on, as `make run` serves, and the search page's filter labels, skip link and
empty tabs.
"""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ActorFactory, ArticleFactory, MediaFactory, ProcessFactory, RoundFactory

pytestmark = pytest.mark.django_db


def content(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_articles_page_lists_published_articles_newest_first(client):
    ArticleFactory(headline="Older talks", published_at=timezone.now() - datetime.timedelta(days=3))
    ArticleFactory(headline="Newer talks", published_at=timezone.now() - datetime.timedelta(days=1))
    page = content(client, "/articles/")
    assert page.index("Newer talks") < page.index("Older talks")


@pytest.mark.parametrize(
    "state",
    [
        {"draft": True},
        {"status": "in_review", "published_at": None},
        {"status": "published", "embargo_until": timezone.now() + datetime.timedelta(hours=1)},
        {"status": "withdrawn"},
    ],
    ids=["draft", "in review", "embargoed", "withdrawn"],
)
def test_the_articles_page_never_lists_an_article_that_is_not_public(client, state):
    ArticleFactory(headline="SENTINEL-headline", **state)
    assert "SENTINEL-headline" not in content(client, "/articles/")


def test_the_articles_page_stops_at_its_cap_and_points_to_search(client, monkeypatch):
    monkeypatch.setattr("articles.views.LIST_CAP", 2)
    for _ in range(3):
        ArticleFactory()
    page = content(client, "/articles/")
    assert "The latest 2 are listed here" in page
    assert 'href="/search/?type=articles"' in page


def test_the_actors_page_lists_actors_by_name_whatever_their_accents(client):
    for name in ["Zeynep Arslan", "Émile Dubois", "Bashar al-Ja'afari"]:
        ActorFactory(name=name)
    page = content(client, "/actors/")
    assert page.index("Bashar") < page.index("Émile") < page.index("Zeynep")


def test_the_actors_page_shows_one_kind_when_asked(client):
    ActorFactory(name="Hana Lind")
    MediaFactory(name="Meridian News")
    page = content(client, "/actors/", kind="media")
    assert "Meridian News" in page and "Hana Lind" not in page


def test_an_unknown_kind_lists_every_actor(client):
    ActorFactory(name="Hana Lind")
    assert "Hana Lind" in content(client, "/actors/", kind="nonsense")


def test_the_processes_page_counts_each_process_rounds(client):
    process = ProcessFactory(name="Coastal talks", convener=ActorFactory(name="Council of Lakes", kind="organization"))
    RoundFactory(process=process)
    RoundFactory(process=process)
    page = content(client, "/processes/")
    assert "2 rounds" in page and "convened by" in page and "Council of Lakes" in page


def test_the_footer_links_the_list_pages(client):
    page = content(client, "/")
    assert all(f'href="/{name}/"' in page for name in ["articles", "actors", "processes"])


# -- the 404 page under DEBUG ------------------------------------------------------


def test_a_missing_page_shows_the_projects_404_when_debug_is_on(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no published record at this address" in response.content.decode()


def test_a_missing_record_shows_the_projects_404_when_debug_is_on(client, settings):
    settings.DEBUG = True
    response = client.get("/articles/no-such-article/")
    assert "There is no published record at this address" in response.content.decode()


def test_a_missing_api_address_answers_json_when_debug_is_on(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/no-such-resource/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_a_missing_api_record_keeps_the_apis_own_answer_when_debug_is_on(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/articles/no-such-article/")
    assert response.status_code == 404 and "detail" in response.json()


def test_the_admin_keeps_djangos_404_for_developers(admin_client, settings):
    settings.DEBUG = True
    response = admin_client.get("/admin/no-such-app/")
    assert "There is no published record" not in response.content.decode()


# -- the search page's filters and empty tabs (issue 13, point 6) ---------------------


def test_filter_selects_offer_any_rather_than_dashes(client):
    page = content(client, "/search/", type="quotes")
    assert '<option value="" selected>Any kind of speaker</option>' in page
    assert '<option value="" selected>Any kind</option>' in page
    assert "---------" not in page


def test_the_search_page_has_a_link_that_skips_to_the_results(client):
    assert '<a class="skip-link" href="#results-heading">Skip to results</a>' in content(client, "/search/")


def test_an_empty_tab_points_to_the_tab_that_has_hits(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(body="The lakeside villa hosted the talks.")
    page = content(client, "/search/", q="lakeside", type="rounds")
    assert "Nothing found for “lakeside” in rounds." in page
    assert '<a href="?q=lakeside&amp;type=articles">1 article matches: see them →</a>' in page


def test_an_empty_search_everywhere_suggests_other_words(client):
    assert "Try fewer words or another spelling." in content(client, "/search/", q="xylophone")
