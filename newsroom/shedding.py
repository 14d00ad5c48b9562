"""
Shedding load instead of queueing without end.

gunicorn gives each worker process GUNICORN_THREADS threads (8 by default), and only
MAX_CONCURRENT_REQUESTS of them per process run a request at once; the others wait for a
turn. A request may wait REQUEST_QUEUE_SECONDS in all, counted from when the worker
queued it for a thread (newsroom.gunicorn_worker stamps it; without that worker, from
when a thread took it). Past that the request is answered 503 with Retry-After at once, so an overloaded server answers
"busy, come back" rather than letting every response take longer and longer. The
database never sees more than workers x threads connections. The admin, static files
and the load balancer's health check are not held back.
"""

import threading
import time

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse

RETRY_AFTER = "5"
NOT_HELD_BACK = ("/admin/", "/static/")
# When the request being served started waiting for a thread (set by newsroom.gunicorn_worker).
waiting_since = threading.local()

BUSY = "Newsroom is answering more requests than it can right now; please try again in a few seconds."


class ConcurrencyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        limit = settings.MAX_CONCURRENT_REQUESTS
        self.turns = threading.BoundedSemaphore(limit) if limit else None

    def __call__(self, request):
        if self.turns is None or request.path.startswith(NOT_HELD_BACK):
            return self.get_response(request)
        queued_at = getattr(waiting_since, "moment", None)
        waited = time.monotonic() - queued_at if queued_at is not None else 0.0
        patience = settings.REQUEST_QUEUE_SECONDS - waited
        if patience <= 0 or not self.turns.acquire(timeout=patience):
            return self.busy(request)
        try:
            return self.get_response(request)
        finally:
            self.turns.release()

    def busy(self, request):
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": BUSY}, status=503)
        else:
            response = TemplateResponse(request, "503.html", {"reason": BUSY, "busy": True}, status=503).render()
        response["Retry-After"] = RETRY_AFTER
        return response
