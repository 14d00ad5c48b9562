"""
The webhook worker: announces embargoes that lifted, queues new changes for each
subscription and delivers what is due, in a loop. `make serve` starts one beside
gunicorn; in production run one (or more, on PostgreSQL) under the service manager.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from newsroom.changes import delivery, log


class Command(BaseCommand):
    help = "Deliver webhooks: queue new changes for each subscription and POST what is due, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass over what is due now, then exit.")
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds to wait when nothing is due (default 2).")

    def handle(self, *args, once=False, poll=2.0, **options):
        self.stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            self.stdout.write(f"Delivering webhooks; checking every {poll:g} s. Stop with Ctrl-C.")
        while not self.stopping:
            close_old_connections()
            worked = self.one_pass()
            if once:
                break
            if not worked:
                time.sleep(poll)

    def one_pass(self):
        """Release, queue, deliver; True when there was anything to do."""
        released = log.release_due()
        queued = delivery.enqueue()
        sent = failed = 0
        for item in delivery.claim():
            if self.stopping:
                break  # its lease ends and another pass sends it
            if delivery.attempt(item):
                sent += 1
            else:
                failed += 1
        if released or queued or sent or failed:
            self.stdout.write(f"released {released}, queued {queued}, delivered {sent}, failed {failed}")
        return bool(released or queued or sent or failed)

    def stop(self, signum, frame):
        self.stopping = True
