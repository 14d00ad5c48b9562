"""A process runs a few requests at once; one that waits too long for its turn gets a 503 (newsroom/shedding.py)."""

import json
import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.shedding import ConcurrencyLimitMiddleware


@pytest.fixture
def one_at_a_time(settings):
    settings.MAX_CONCURRENT_REQUESTS = 1
    settings.REQUEST_QUEUE_SECONDS = 0.05


class HeldView:
    """A view that holds its turn until released."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def __call__(self, request):
        if request.path == "/held/":
            self.entered.set()
            self.release.wait(5)
        return HttpResponse("ok")


@pytest.fixture
def busy_server(one_at_a_time):
    view = HeldView()
    middleware = ConcurrencyLimitMiddleware(view)
    holder = threading.Thread(target=middleware, args=[RequestFactory().get("/held/")])
    holder.start()
    assert view.entered.wait(5)
    yield middleware
    view.release.set()
    holder.join(5)


def test_a_request_that_cannot_get_a_turn_gets_a_503(busy_server):
    response = busy_server(RequestFactory().get("/search/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.content.decode()


def test_the_api_gets_its_503_as_json(busy_server):
    response = busy_server(RequestFactory().get("/api/v1/quotes/"))
    assert response.status_code == 503
    assert "try again" in json.loads(response.content)["detail"]


def test_the_admin_is_not_held_back(busy_server):
    assert busy_server(RequestFactory().get("/admin/")).status_code == 200


def test_a_request_runs_once_a_turn_is_free(one_at_a_time):
    middleware = ConcurrencyLimitMiddleware(HeldView())
    assert middleware(RequestFactory().get("/search/")).status_code == 200
    assert middleware(RequestFactory().get("/search/")).status_code == 200


def test_a_request_waits_for_a_turn_within_the_queue_time(settings):
    settings.MAX_CONCURRENT_REQUESTS = 1
    settings.REQUEST_QUEUE_SECONDS = 5
    view = HeldView()
    middleware = ConcurrencyLimitMiddleware(view)
    holder = threading.Thread(target=middleware, args=[RequestFactory().get("/held/")])
    holder.start()
    view.entered.wait(5)
    threading.Timer(0.1, view.release.set).start()
    assert middleware(RequestFactory().get("/search/")).status_code == 200
    holder.join(5)


def test_zero_turns_means_no_limit(settings):
    settings.MAX_CONCURRENT_REQUESTS = 0
    assert ConcurrencyLimitMiddleware(HeldView()).turns is None


@pytest.mark.parametrize(("queued_seconds_ago", "status"), [(10, 503), (0, 200)])
def test_the_time_already_spent_waiting_for_a_thread_counts(one_at_a_time, queued_seconds_ago, status):
    from newsroom.shedding import waiting_since

    waiting_since.moment = time.monotonic() - queued_seconds_ago  # as the gunicorn worker stamps it
    try:
        response = ConcurrencyLimitMiddleware(HeldView())(RequestFactory().get("/search/"))
    finally:
        waiting_since.moment = None
    assert response.status_code == status


def test_the_gunicorn_worker_stamps_a_queued_connection(monkeypatch):
    from gunicorn.workers.gthread import ThreadWorker

    from newsroom.gunicorn_worker import QueueTimedWorker

    class Connection:
        pass

    submitted = []
    monkeypatch.setattr(ThreadWorker, "enqueue_req", lambda self, conn: submitted.append(conn))
    worker = QueueTimedWorker.__new__(QueueTimedWorker)  # no process to boot: only the hook is tested
    connection = Connection()
    before = time.monotonic()
    worker.enqueue_req(connection)
    assert submitted == [connection]
    assert before <= connection.newsroom_queued_at <= time.monotonic()
