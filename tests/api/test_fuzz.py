"""
Schemathesis drives every operation of the API's own OpenAPI schema with generated
requests (at least 100 per operation) and checks each answer: never a server error,
and status code, content type, headers and body all as the schema documents them.

One check is left out: positive_data_acceptance expects a 2xx for every request
the schema allows, but a slug parameter is any string in the schema and an unknown
slug is answered with the documented 400 naming it (or 404 for a detail address).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from newsroom.wsgi import application

MIN_CASES = 100

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def keep_test_connection():
    """Called as a WSGI app, Django closes the database connection after each request;
    the test client prevents that the same way, so the test transaction survives."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_operation_conforms_to_its_schema(demo, keep_test_connection, operation):
    cases = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MIN_CASES + 20,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal cases
        cases += 1
        case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])

    run()
    assert cases >= MIN_CASES


def test_every_operation_is_fuzzed():
    resources = [
        f"GET /api/v1/{resource}/{suffix}"
        for resource, key in [
            ("articles", "{slug}"),
            ("quotes", "{id}"),
            ("actors", "{slug}"),
            ("rounds", "{slug}"),
            ("processes", "{slug}"),
        ]
        for suffix in ["", key + "/"]
    ]
    assert sorted(op.label for op in OPERATIONS) == sorted([*resources, "GET /api/v1/changes/"])
