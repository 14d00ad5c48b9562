"""A public read's statements stop at PUBLIC_QUERY_TIMEOUT, with a 503 that says so (newsroom/deadline.py)."""

import json
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.deadline import PublicQueryDeadlineMiddleware

pytestmark = pytest.mark.django_db


def slow_statement(seconds):
    """A statement that takes about `seconds` on the database under test."""
    if connection.vendor == "postgresql":
        return f"SELECT pg_sleep({seconds})"
    rows = int(seconds * 10_000_000)  # at least `seconds` on this machine (about 8 million rows/s)
    return f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT count(*) FROM c"


def slow_view(seconds):
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute(slow_statement(seconds))
            cursor.fetchall()
        return HttpResponse("done")

    return view


def serve(request, view):
    middleware = PublicQueryDeadlineMiddleware(view)
    try:
        return middleware(request)
    except Exception as exception:  # as Django's handler does: ask the middleware first
        response = middleware.process_exception(request, exception)
        if response is None:
            raise
        return response


@pytest.fixture
def short_deadline(settings):
    settings.PUBLIC_QUERY_TIMEOUT = 0.05


def test_a_slow_page_gets_a_503_that_says_why(short_deadline):
    started = time.monotonic()
    response = serve(RequestFactory().get("/search/", {"q": "talks"}), slow_view(5))
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert "was stopped" in response.content.decode()
    assert response["Retry-After"] == "10"


def test_a_slow_api_request_gets_a_json_503(short_deadline):
    response = serve(RequestFactory().get("/api/v1/quotes/"), slow_view(5))
    assert response.status_code == 503
    assert "Narrow it down" in json.loads(response.content)["detail"]


def test_a_fast_statement_is_not_stopped(settings):
    settings.PUBLIC_QUERY_TIMEOUT = 5
    response = serve(RequestFactory().get("/search/"), slow_view(0.01))
    assert response.status_code == 200


def test_the_admin_has_no_deadline(short_deadline):
    response = serve(RequestFactory().get("/admin/articles/article/"), slow_view(0.3))
    assert response.status_code == 200


def test_a_write_has_no_deadline(short_deadline):
    response = serve(RequestFactory().post("/search/"), slow_view(0.3))
    assert response.status_code == 200


def test_the_deadline_ends_with_the_request(short_deadline):
    serve(RequestFactory().get("/search/"), slow_view(0.001))
    started = time.monotonic()
    assert slow_view(0.3)(None).content == b"done"  # after the request: not stopped at 0.05 s
    assert time.monotonic() - started > 0.05


def test_a_zero_timeout_turns_the_deadline_off(settings):
    settings.PUBLIC_QUERY_TIMEOUT = 0
    response = serve(RequestFactory().get("/search/"), slow_view(0.3))
    assert response.status_code == 200
