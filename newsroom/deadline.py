"""
A time limit on each database statement of a public read, with a page that says so.

A public GET (the API, the pages, search; not the admin, not a write) runs with
PUBLIC_QUERY_TIMEOUT seconds per statement. PostgreSQL enforces it itself
(statement_timeout, set on the connection for the request and reset after it); SQLite
through a progress handler that interrupts a statement past its time. A statement
stopped this way becomes a 503 with Retry-After that says what to do (JSON under
/api/), instead of a request that holds a worker and a connection for minutes.
"""

import time

from django.conf import settings
from django.db import OperationalError, connections
from django.http import JsonResponse
from django.template.response import TemplateResponse

from newsroom.replicas import is_public_read

TRANSACTION_STATUS_INERROR = 3  # psycopg2.extensions: a statement failed in this transaction

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout
RETRY_AFTER = "10"


def too_slow_message(seconds):
    return (
        f"This request needed more than {seconds:g} s of database time and was stopped. "
        "Narrow it down (more specific words, a filter, a smaller page) and try again."
    )


class StatementDeadline:
    """An execute_wrapper: gives each statement `seconds`, on PostgreSQL and SQLite."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.prepared = set()  # aliases whose connection has the limit set
        self.deadline = None
        self.fired = False

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if connection.alias not in self.prepared:
            self.prepare(connection)
        self.deadline = time.monotonic() + self.seconds
        return execute(sql, params, many, context)

    def prepare(self, connection):
        # On the driver's own cursor: not one of the request's counted queries.
        if connection.vendor == "postgresql":
            with connection.connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = %s", [int(self.seconds * 1000)])
        elif connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self.past_deadline, 10_000)
        self.prepared.add(connection.alias)

    def past_deadline(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.fired = True
            return 1  # SQLite stops the statement: "interrupted"
        return 0

    def release(self):
        for alias in self.prepared:
            connection = connections[alias]
            if connection.connection is None:
                continue  # closed meanwhile (after an error): the limit went with it
            if connection.vendor == "postgresql":
                if connection.connection.get_transaction_status() == TRANSACTION_STATUS_INERROR:
                    continue  # the rollback to come undoes the SET made in this transaction
                with connection.connection.cursor() as cursor:
                    cursor.execute("RESET statement_timeout")
            elif connection.vendor == "sqlite":
                connection.connection.set_progress_handler(None, 0)
        self.prepared.clear()

    def stopped(self, exception):
        """Whether `exception` is a statement this deadline stopped."""
        if not isinstance(exception, OperationalError):
            return False
        return self.fired or getattr(exception.__cause__, "pgcode", None) == QUERY_CANCELED


class PublicQueryDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_QUERY_TIMEOUT
        if not seconds or not is_public_read(request, pinned_too=True):
            return self.get_response(request)
        deadline = StatementDeadline(seconds)
        request._statement_deadline = deadline
        wrappers = [connections[alias].execute_wrapper(deadline) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            return self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
            deadline.release()

    def process_exception(self, request, exception):
        deadline = getattr(request, "_statement_deadline", None)
        if deadline is None or not deadline.stopped(exception):
            return None
        message = too_slow_message(deadline.seconds)
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = TemplateResponse(request, "503.html", {"reason": message}, status=503).render()
        response["Retry-After"] = RETRY_AFTER
        return response
