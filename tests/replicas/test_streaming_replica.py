"""
A real streaming replica of the PostgreSQL under test (scripts/postgres-replica), on its own
port: public reads are served by it, and a client that has just written never reads the
stale copy. Replay is paused on the replica to make the lag certain, not a matter of timing.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ActorFactory, ArticleFactory

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "replica_1"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamingReplica:
    def __init__(self, alias):
        self.alias = alias

    def scalar(self, alias, sql):
        with connections[alias].cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def in_recovery(self):
        return self.scalar(self.alias, "select pg_is_in_recovery()")

    def pause(self):
        self.scalar(self.alias, "select pg_wal_replay_pause()")

    def resume(self):
        self.scalar(self.alias, "select pg_wal_replay_resume()")

    def catch_up(self, seconds=30):
        """Wait until the replica has replayed everything the primary has written so far."""
        target = self.scalar("default", "select pg_current_wal_lsn()::text")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            behind = self.scalar(self.alias, f"select pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn())")
            if behind <= 0:
                return
            time.sleep(0.05)
        raise AssertionError(f"the replica is still {behind} bytes behind after {seconds} s")


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (this run is on SQLite)")
    folder = tempfile.mkdtemp(prefix="newsroom-replica-")
    port = free_port()
    primary = connections["default"].settings_dict
    env = os.environ | {"PRIMARY_HOST": primary["HOST"] or "127.0.0.1", "PRIMARY_PORT": str(primary["PORT"] or 5432)}
    started = subprocess.run(
        ["bash", "scripts/postgres-replica", "start", folder, str(port)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        reason = f"could not start a streaming replica: {started.stderr.strip()[-600:]}"
        if os.environ.get("REQUIRE_REPLICA") == "1":
            pytest.fail(reason + "\n(run `scripts/postgres-replica allow` as a user who may edit pg_hba.conf)")
        pytest.skip(reason)
    # The replica holds the test database too: the same settings, on the replica's port.
    # Its TEST MIRROR keeps Django from flushing it (it is read-only) after each test.
    connections.settings[ALIAS] = primary | {"PORT": port, "TEST": primary["TEST"] | {"MIRROR": "default"}}
    try:
        yield StreamingReplica(ALIAS)
    finally:
        with django_db_blocker.unblock():
            connections[ALIAS].close()
        del connections.settings[ALIAS]
        if hasattr(connections._connections, ALIAS):
            delattr(connections._connections, ALIAS)
        subprocess.run(["bash", "scripts/postgres-replica", "stop", folder], cwd=ROOT, env=env, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def replica(streaming_replica, settings):
    settings.DATABASE_REPLICAS = [ALIAS]
    yield streaming_replica
    streaming_replica.resume()


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", ALIAS])


def queries_on_each(client, path):
    with CaptureQueriesContext(connections[ALIAS]) as on_replica, CaptureQueriesContext(connection) as on_primary:
        response = client.get(path)
    return response, len(on_replica), len(on_primary)


def test_the_replica_is_a_hot_standby_streaming_from_the_primary(replica):
    assert replica.in_recovery() is True
    assert replica.scalar(ALIAS, "select status from pg_stat_wal_receiver") == "streaming"


def test_public_api_reads_are_served_by_the_replica(replica):
    article = ArticleFactory()
    replica.catch_up()
    response, on_replica, on_primary = queries_on_each(Client(), f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200
    assert on_replica > 0
    assert on_primary == 0


def test_public_pages_are_served_by_the_replica(replica):
    article = ArticleFactory()
    replica.catch_up()
    response, on_replica, on_primary = queries_on_each(Client(), f"/articles/{article.slug}/")
    assert response.status_code == 200
    assert (on_replica > 0, on_primary) == (True, 0)


def test_the_admin_reads_from_the_primary(replica, admin_client):
    response, on_replica, on_primary = queries_on_each(admin_client, "/admin/articles/article/")
    assert response.status_code == 200
    assert (on_replica, on_primary > 0) == (0, True)


def test_a_lagging_replica_serves_its_older_copy_to_other_readers(replica, admin_client):
    actor = ActorFactory()
    replica.catch_up()
    replica.pause()
    admin_client.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    assert Client().get(f"/api/v1/actors/{actor.slug}/").status_code == 200


def test_the_writer_never_reads_the_older_copy_after_its_write(replica, admin_client):
    actor = ActorFactory()
    replica.catch_up()
    replica.pause()
    deleted = admin_client.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert admin_client.get(f"/api/v1/actors/{actor.slug}/").status_code == 404


def test_other_readers_see_the_write_once_the_replica_catches_up(replica, admin_client):
    actor = ActorFactory()
    replica.catch_up()
    replica.pause()
    admin_client.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    replica.resume()
    replica.catch_up()
    assert Client().get(f"/api/v1/actors/{actor.slug}/").status_code == 404
