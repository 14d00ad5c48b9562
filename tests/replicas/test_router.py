"""Which database a request reads from, with replicas configured (newsroom/replicas.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.replicas import PIN_COOKIE, PRIMARY, ReplicaReadsMiddleware, ReplicaRouter, reads_from
from tests.test_project import settings_in_subprocess

pytestmark = pytest.mark.usefixtures("one_replica")


@pytest.fixture
def one_replica(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    settings.REPLICA_PIN_SECONDS = 45


def serve(request, view=None):
    """Run the middleware; return (the alias the view read from, the response)."""
    seen = {}

    def view_reading(request):
        if view:
            view()
        seen["alias"] = reads_from()
        return HttpResponse()

    response = ReplicaReadsMiddleware(view_reading)(request)
    return seen["alias"], response


def test_a_public_get_reads_from_a_replica():
    alias, _ = serve(RequestFactory().get("/api/v1/articles/"))
    assert alias == "replica_1"


def test_a_search_page_reads_from_a_replica():
    alias, _ = serve(RequestFactory().get("/search/", {"q": "ceasefire"}))
    assert alias == "replica_1"


def test_the_admin_reads_from_the_primary():
    alias, _ = serve(RequestFactory().get("/admin/articles/article/"))
    assert alias == PRIMARY


def test_a_post_reads_from_the_primary():
    alias, _ = serve(RequestFactory().post("/admin/articles/article/1/change/"))
    assert alias == PRIMARY


def test_a_post_pins_the_client_to_the_primary_for_the_configured_time():
    _, response = serve(RequestFactory().post("/admin/articles/article/1/delete/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 45
    assert response.cookies[PIN_COOKIE]["httponly"]


def test_a_get_does_not_pin_the_client():
    _, response = serve(RequestFactory().get("/api/v1/articles/"))
    assert PIN_COOKIE not in response.cookies


def test_a_pinned_client_reads_public_pages_from_the_primary():
    request = RequestFactory().get("/api/v1/articles/")
    request.COOKIES[PIN_COOKIE] = "1"
    alias, _ = serve(request)
    assert alias == PRIMARY


def test_a_request_that_writes_reads_from_the_primary_afterwards():
    alias, _ = serve(RequestFactory().get("/api/v1/articles/"), view=lambda: ReplicaRouter().db_for_write(None))
    assert alias == PRIMARY


def test_reads_outside_a_request_use_the_primary():
    assert ReplicaRouter().db_for_read(None) is None
    assert reads_from() == PRIMARY


def test_writes_always_go_to_the_primary():
    def write():
        assert ReplicaRouter().db_for_write(None) == PRIMARY

    serve(RequestFactory().get("/api/v1/articles/"), view=write)


def test_without_replicas_every_read_uses_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    alias, _ = serve(RequestFactory().get("/api/v1/articles/"))
    assert alias == PRIMARY


def test_without_replicas_a_post_sets_no_cookie(settings):
    settings.DATABASE_REPLICAS = []
    _, response = serve(RequestFactory().post("/admin/articles/article/1/change/"))
    assert PIN_COOKIE not in response.cookies


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate(PRIMARY, "articles")
    assert not ReplicaRouter().allow_migrate("replica_1", "articles")


def test_replica_urls_become_aliases_that_mirror_the_primary_in_tests():
    result = settings_in_subprocess(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://u@primary.invalid/newsroom",
            "DATABASE_REPLICA_URLS": "postgres://u@r1.invalid/newsroom, postgres://u@r2.invalid/newsroom",
        },
        "settings.DATABASE_REPLICAS, settings.DATABASES['replica_2']['HOST'], "
        "settings.DATABASES['replica_1']['TEST']['MIRROR']",
    )
    assert result.stdout.strip() == "['replica_1', 'replica_2'] r2.invalid default"
