"""
gunicorn's threaded worker, noting when each request started waiting for a thread.

A busy worker accepts connections at once and queues them for its threads; the app cannot
see that queue. This worker stamps each connection when it is queued (on arrival, and
again each time a kept-alive connection sends its next request), and hands the stamp to
the thread that serves it, so newsroom.shedding can answer 503 at once to a request that
has already waited longer than REQUEST_QUEUE_SECONDS, instead of serving it late.
"""

import time

from gunicorn.workers.gthread import ThreadWorker

from newsroom.shedding import waiting_since


class QueueTimedWorker(ThreadWorker):
    def enqueue_req(self, conn):
        conn.newsroom_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        waiting_since.moment = getattr(conn, "newsroom_queued_at", None)
        try:
            return super().handle_request(req, conn)
        finally:
            waiting_since.moment = None
