"""
Leak sweep: a sentinel confidential note and a sentinel draft must never appear on a
public surface. Every public page, API list and detail, search, CSV export, schema
and docs page is fetched, and the logs are watched too.
"""

import logging

import pytest

from actors.models import Actor
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

NOTE = "SENTINEL-NOTE-kestrel"
DRAFT = "SENTINEL-DRAFT-osprey"


@pytest.fixture
def secrets(demo):
    Quote.objects.filter(anonymous=True).update(confidential_note=f"Identity: {NOTE}")
    draft = ArticleFactory(
        draft=True,
        headline=f"{DRAFT} headline",
        slug="draft-osprey",
        body=f'The {DRAFT} envoy said "{DRAFT} words here" quietly.',
    )
    QuoteFactory(
        article=draft, text=f"{DRAFT} words here", confidential_note=NOTE, speaker=Actor.objects.get(slug="russia")
    )
    QuoteFactory(
        article=ArticleFactory(status="withdrawn", headline=f"{DRAFT} withdrawn", slug="withdrawn-osprey"),
        speaker=Actor.objects.get(slug="russia"),
    )
    return draft


def public_urls(draft):
    urls = ["/", "/rounds/", "/api/v1/", "/api/schema/", "/api/docs/"]
    # Words of the sentinels (a page may echo the words searched for, never the records).
    for q in ["kestrel", "osprey", "SENTINEL", "Moscow", "hijacked", "Identity"]:
        for kind in ["quotes", "articles", "actors", "rounds"]:
            urls.append(f"/search/?q={q}&type={kind}")
        urls.append(f"/search/quotes.csv?q={q}")
        for resource in ["articles", "quotes", "actors", "rounds", "processes"]:
            urls.append(f"/api/v1/{resource}/?q={q}")
    urls += ["/search/quotes.csv", "/search/?type=quotes&speaker=russia", "/api/v1/quotes/?speaker=russia"]
    for resource in ["articles", "quotes", "actors", "rounds", "processes"]:
        urls += [f"/api/v1/{resource}/", f"/api/v1/{resource}/?cursor=&page_size=200"]
    for article in Article.objects.all():
        urls += [f"/articles/{article.slug}/", f"/api/v1/articles/{article.slug}/"]
    for quote in Quote.objects.all():
        urls += [f"/quotes/{quote.pk}/", f"/api/v1/quotes/{quote.pk}/"]
    for actor in Actor.objects.all():
        urls += [f"/actors/{actor.slug}/", f"/api/v1/actors/{actor.slug}/", f"/api/v1/quotes/?speaker={actor.slug}"]
    for round_ in NegotiationRound.objects.all():
        urls += [f"/rounds/{round_.slug}/", f"/api/v1/rounds/{round_.slug}/"]
    for process in NegotiationProcess.objects.all():
        urls += [f"/processes/{process.slug}/", f"/api/v1/processes/{process.slug}/"]
    urls += [f"/api/v1/quotes/?article={draft.slug}", "/articles/draft-osprey/", "/articles/withdrawn-osprey/"]
    return urls


def test_no_public_surface_shows_a_note_or_a_draft(client, secrets, caplog):
    caplog.set_level(logging.DEBUG)
    urls = public_urls(secrets)
    assert len(urls) > 150
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode()
        assert NOTE not in text, url
        assert DRAFT not in text, url
        assert "osprey" not in text.lower() or "osprey" in url, url  # only an echo of the request
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert NOTE not in logged
    assert DRAFT not in logged.replace(f"q={DRAFT}", "")


def test_default_export_has_no_note(secrets):
    from articles.interchange import records_export_text

    assert NOTE not in records_export_text()


def test_error_pages_do_not_reveal_drafts(client, secrets, settings):
    settings.DEBUG = False
    for url in ["/articles/draft-osprey/", "/api/v1/articles/draft-osprey/", "/quotes/999999/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert DRAFT not in response.content.decode()
