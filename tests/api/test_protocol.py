"""Pagination, conditional GET, read-only methods, throttling, CORS, the schema and the docs page."""

import io

import pytest
from django.core.management import call_command

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(db):
    return [ActorFactory(slug=f"actor-{n:03d}", name=f"Actor {n:03d}") for n in range(120)]


def test_pages_default_to_fifty(client, actors):
    body = client.get("/api/v1/actors/").json()
    assert (body["count"], len(body["results"])) == (120, 50)
    assert "page=2" in body["next"]


def test_page_size_is_honoured_up_to_the_cap(client, actors):
    body = client.get("/api/v1/actors/?page_size=200").json()
    assert len(body["results"]) == 120
    assert body["next"] is None


def test_pages_do_not_overlap(client, actors):
    seen = []
    url = "/api/v1/actors/?page_size=40&ordering=-updated_at"
    while url:
        body = client.get(url).json()
        seen += [a["slug"] for a in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(a.slug for a in actors)


def test_page_past_the_end_is_404(client, actors):
    response = client.get("/api/v1/actors/?page=99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_cursor_mode_walks_every_record_once(client, actors):
    seen, url = [], "/api/v1/actors/?cursor=&page_size=50"
    while url:
        body = client.get(url).json()
        assert "count" not in body
        seen += [a["slug"] for a in body["results"]]
        url = body["next"]
    assert seen == [a.slug for a in actors]  # id order


def test_etag_lets_a_client_skip_an_unchanged_page(client, actors):
    first = client.get("/api/v1/actors/")
    assert first.has_header("ETag")
    again = client.get("/api/v1/actors/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_a_record_changes(client, actors):
    first = client.get("/api/v1/actors/")
    actors[0].description = "Changed"
    actors[0].save()
    again = client.get("/api/v1/actors/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/actors/", "/api/v1/actors/actor-000/"])
def test_writes_are_refused_with_405(client, actors, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "not allowed" in response.json()["detail"]


def test_head_and_options_are_allowed(client, actors):
    assert client.head("/api/v1/actors/").status_code == 200
    options = client.options("/api/v1/actors/")
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/actors/nobody/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_slug_with_a_nul_byte_is_a_json_400(client):
    response = client.get("/api/v1/actors/a%00b/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_unknown_api_address_is_a_json_404(client, settings):
    settings.DEBUG = False
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_anonymous_clients_are_throttled(client, settings):
    settings.API_ANON_RATE = "3/minute"
    statuses = [client.get("/api/v1/processes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_cors_allows_get_from_a_configured_origin(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://tools.example"]
    response = client.get("/api/v1/processes/", headers={"Origin": "https://tools.example"})
    assert response["Access-Control-Allow-Origin"] == "https://tools.example"


def test_cors_ignores_other_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://tools.example"]
    response = client.get("/api/v1/processes/", headers={"Origin": "https://evil.example"})
    assert not response.has_header("Access-Control-Allow-Origin")


def test_api_root_lists_the_resources(client):
    body = client.get("/api/v1/").json()
    assert sorted(body) == ["actors", "articles", "processes", "quotes", "rounds"]


def test_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"), stderr=io.StringIO()
    )
    assert "/api/v1/quotes/" in (tmp_path / "schema.yaml").read_text()


def test_schema_documents_every_filter(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/quotes/"]["get"]["parameters"]}
    for name in [
        "speaker",
        "speaker_kind",
        "via",
        "round",
        "process",
        "article",
        "kind",
        "anonymous",
        "said_after",
        "said_before",
        "updated_since",
        "ordering",
        "page",
        "page_size",
        "cursor",
    ]:
        assert parameters[name].get("description"), name


def test_docs_page_serves_its_assets_locally(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


@pytest.fixture
def count_cap_of_100(monkeypatch):
    monkeypatch.setattr("newsroom.paging.COUNT_CAP", 100)


def test_count_is_exact_below_the_cap(client, actors):
    body = client.get("/api/v1/actors/").json()
    assert (body["count"], body["count_capped"]) == (120, False)


def test_count_stops_at_the_cap_and_says_so(client, actors, count_cap_of_100):
    body = client.get("/api/v1/actors/").json()
    assert (body["count"], body["count_capped"]) == (100, True)


def test_the_last_page_under_the_cap_ends_at_the_cap(client, actors, count_cap_of_100):
    body = client.get("/api/v1/actors/?page=2").json()
    assert [actor["slug"] for actor in body["results"]][-1] == "actor-099"
    assert body["next"] is None


def test_a_page_beyond_the_cap_points_to_cursor_mode(client, actors, count_cap_of_100):
    response = client.get("/api/v1/actors/?page=3")
    assert response.status_code == 404
    assert "cursor mode" in response.json()["detail"]


def test_the_count_reads_no_more_rows_than_the_cap(client, actors, count_cap_of_100):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/actors/")
    counting = [query["sql"] for query in queries if "SELECT COUNT(*) FROM (SELECT" in query["sql"]]
    assert len(counting) == 1
    assert "LIMIT 101) capped_rows" in counting[0]


def test_the_count_leaves_out_the_rows_annotations(client, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/actors/")
    page = next(query["sql"] for query in queries if "capped_rows" in query["sql"])
    counting = page[page.index("SELECT COUNT(*) FROM (SELECT") : page.index("capped_rows")]
    assert "quote_count" not in counting and "total" not in counting


@pytest.fixture
def quoted_on_page_two(actors):
    """actor-060 (on the second page of 50) quoted twice."""
    from tests.factories import QuoteFactory

    speaker = actors[60]
    QuoteFactory(speaker=speaker)
    QuoteFactory(speaker=speaker)
    return speaker


def test_counts_on_a_later_page_belong_to_its_rows(client, quoted_on_page_two):
    body = client.get("/api/v1/actors/?page=2").json()
    counts = {actor["slug"]: actor["quote_count"] for actor in body["results"]}
    assert counts["actor-060"] == 2
    assert counts["actor-061"] == 0


def test_counts_in_cursor_mode_belong_to_their_rows(client, quoted_on_page_two):
    body = client.get("/api/v1/actors/?cursor=&page_size=200").json()
    counts = {actor["slug"]: actor["quote_count"] for actor in body["results"]}
    assert (counts["actor-060"], counts["actor-059"]) == (2, 0)


def test_a_list_computes_counts_for_the_rows_shown_only(client, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/actors/?page_size=10")
    rows = next(query["sql"] for query in queries if "quote_count" in query["sql"])
    # The counted rows are the page's ids, chosen by a subquery with its LIMIT.
    assert "IN (SELECT" in rows.upper() and "LIMIT 10" in rows
