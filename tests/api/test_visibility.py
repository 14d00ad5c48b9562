"""Nothing that is not public reaches the API: not as a record, a summary, a count or a filter result."""

import pytest

from articles.models import Quote
from tests.api.conftest import SECRET_HEADLINE, SECRET_NOTE

LISTS = ["/api/v1/articles/", "/api/v1/quotes/", "/api/v1/actors/", "/api/v1/rounds/", "/api/v1/processes/"]
STATES = ["draft", "in_review", "withdrawn", "embargoed"]


def body_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_lists_never_show_hidden_articles_or_notes(client, hidden, visible, url):
    content = body_of(client, url)
    assert SECRET_HEADLINE not in content
    assert SECRET_NOTE not in content
    assert "hidden-" not in content.replace("hidden-round-", "").replace("hidden-speaker-", "").replace(
        "hidden-via-", ""
    ), "a hidden article slug leaked"


def test_only_the_public_article_is_listed(client, hidden, visible):
    results = client.get("/api/v1/articles/").json()["results"]
    assert [a["slug"] for a in results] == ["open-article"]


def test_only_public_quotes_are_listed(client, hidden, visible):
    results = client.get("/api/v1/quotes/").json()["results"]
    assert [q["article"]["slug"] for q in results] == ["open-article"]


def test_only_public_quotes_are_listed_in_cursor_mode(client, hidden, visible):
    body = client.get("/api/v1/quotes/?cursor=&page_size=200")
    assert [q["article"]["slug"] for q in body.json()["results"]] == ["open-article"]
    assert SECRET_NOTE not in body.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_lists_in_cursor_mode_never_show_hidden_articles(client, hidden, visible, url):
    content = body_of(client, url + "?cursor=")
    assert SECRET_HEADLINE not in content
    assert SECRET_NOTE not in content


@pytest.mark.parametrize("state", STATES)
def test_hidden_article_detail_is_404(client, hidden, state):
    response = client.get(f"/api/v1/articles/{hidden[state].slug}/")
    assert response.status_code == 404
    assert SECRET_HEADLINE not in response.content.decode()


@pytest.mark.parametrize("state", STATES)
def test_hidden_quote_detail_is_404(client, hidden, state):
    quote = hidden[state].quotes.get()
    assert client.get(f"/api/v1/quotes/{quote.pk}/").status_code == 404


@pytest.mark.parametrize("state", STATES)
def test_speaker_quoted_only_in_hidden_article_counts_no_quotes(client, hidden, state):
    actor = client.get(f"/api/v1/actors/hidden-speaker-{state}/").json()
    assert actor["quote_count"] == 0


def test_has_quotes_filter_ignores_hidden_quotes(client, hidden, visible):
    slugs = [a["slug"] for a in client.get("/api/v1/actors/?has_quotes=true").json()["results"]]
    assert slugs == ["open-speaker"]


@pytest.mark.parametrize("state", STATES)
def test_round_counts_ignore_hidden_articles(client, hidden, state):
    round_ = client.get(f"/api/v1/rounds/hidden-round-{state}/").json()
    assert (round_["quote_count"], round_["article_count"]) == (0, 0)


def test_round_counts_include_public_articles(client, visible):
    round_ = client.get("/api/v1/rounds/open-round/").json()
    assert (round_["quote_count"], round_["article_count"]) == (1, 1)


@pytest.mark.parametrize("state", STATES)
def test_filtering_by_a_hidden_article_is_refused_like_an_unknown_one(client, hidden, state):
    response = client.get(f"/api/v1/quotes/?article={hidden[state].slug}")
    assert response.status_code == 400
    assert response.json() == {"article": [f"Unknown article {hidden[state].slug}: no article has this slug."]}


@pytest.mark.parametrize("state", STATES)
def test_filters_on_hidden_speakers_and_relays_find_nothing(client, hidden, state):
    for url in [
        f"/api/v1/quotes/?speaker=hidden-speaker-{state}",
        f"/api/v1/quotes/?via=hidden-via-{state}",
        f"/api/v1/quotes/?round=hidden-round-{state}",
        f"/api/v1/articles/?actor=hidden-speaker-{state}",
        f"/api/v1/articles/?round=hidden-round-{state}",
    ]:
        assert client.get(url).json()["count"] == 0, url


def test_embargo_lifting_makes_the_article_appear(client, hidden):
    article = hidden["embargoed"]
    article.embargo_until = None
    article.save()
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_public_quote_detail_never_shows_the_note(client, visible):
    quote = Quote.objects.get(article=visible)
    content = body_of(client, f"/api/v1/quotes/{quote.pk}/")
    assert SECRET_NOTE not in content
    assert "confidential" not in content


def test_article_detail_never_shows_the_note(client, visible):
    assert SECRET_NOTE not in body_of(client, f"/api/v1/articles/{visible.slug}/")


def test_schema_never_mentions_confidential_notes(client):
    content = body_of(client, "/api/schema/")
    assert "confidential" not in content
