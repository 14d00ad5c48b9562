"""A real local HTTP receiver of webhooks for the tests: it can be down, fail, be slow, then recover."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsroom.changes import signing


class Receiver:
    """
    Listens on 127.0.0.1 (`start` / `stop`, the same port each time), answers `status`
    after `delay` seconds, and keeps every signed body it accepted, by event id.
    """

    def __init__(self, secret, *, status=200, delay=0.0):
        self.secret, self.status, self.delay = secret, status, delay
        self.received = []  # (event id, body) of each accepted POST, duplicates included
        self.bad_signatures = 0
        self.server = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def reserve_port(self):
        """Pick the port now, without listening yet: the receiver starts out down."""
        self.start()
        self.stop()
        return self.url

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.delay:
                    threading.Event().wait(receiver.delay)
                try:
                    signing.verify(receiver.secret, self.headers[signing.HEADER], body)
                except signing.BadSignature:
                    receiver.bad_signatures += 1
                    self.send_response(401)
                else:
                    if 200 <= receiver.status < 300:
                        receiver.received.append((self.headers[signing.EVENT_HEADER], json.loads(body)))
                    self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def unique_ids(self):
        return {event_id for event_id, _ in self.received}
