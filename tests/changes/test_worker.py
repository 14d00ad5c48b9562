"""The worker process (manage.py deliver_webhooks) killed mid-delivery and started again loses nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from newsroom.changes.models import Delivery, DeliveryStatus, Subscription

from .receiver import Receiver
from .test_webhooks import SECRET, make_changes

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    """The test database, for a process of its own."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_worker(log):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "WEBHOOK_LEASE_SECONDS": "1",
        "WEBHOOK_RETRY_BASE_SECONDS": "0.2",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "deliver_webhooks", "--poll", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def slow_receiver():
    hook = Receiver(SECRET, delay=0.15)
    hook.start()
    yield hook
    hook.stop()


def test_a_worker_killed_mid_delivery_loses_no_change(transactional_db, slow_receiver, tmp_path):
    Subscription.objects.create(name="Research mirror", url=slow_receiver.url, secret=SECRET)
    make_changes(20)
    with open(tmp_path / "worker.log", "w") as log:
        worker = start_worker(log)
        try:
            assert wait_for(lambda: len(slow_receiver.received) >= 4), "the worker delivered nothing"
            worker.kill()  # SIGKILL: no chance to finish or record anything
            worker.wait(10)
            assert len(slow_receiver.unique_ids()) < 20
            worker = start_worker(log)
            assert wait_for(lambda: len(slow_receiver.unique_ids()) == 20), (tmp_path / "worker.log").read_text()
            assert wait_for(lambda: not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists())
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(10) == 0
    # At least once: a change whose answer was not yet recorded is sent again; each id is kept once.
    assert len(slow_receiver.unique_ids()) == 20
    assert len(slow_receiver.received) >= 20
