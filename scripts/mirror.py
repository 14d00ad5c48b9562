#!/usr/bin/env python3
"""
A reference client of the changes feed: keeps a copy of Newsroom's public records in a
SQLite file, standard library only.

    python3 scripts/mirror.py http://127.0.0.1:8000 mirror.sqlite3    # first run: full sync
    python3 scripts/mirror.py http://127.0.0.1:8000 mirror.sqlite3    # later: changes since

The first run notes where the change log stands, copies every resource in cursor mode
and then applies the changes made meanwhile; every later run applies the changes since
the last one. Records are keyed by their API address (api_url); a change says "fetch"
(GET it again; 404 means it is gone) or "remove".
"""

import json
import sqlite3
import sys
import time
import urllib.error
import urllib.request

RESOURCES = ["articles", "quotes", "actors", "rounds", "processes"]
SCHEMA = """
CREATE TABLE IF NOT EXISTS record (url TEXT PRIMARY KEY, resource TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def get(url, *, retries=5):
    """The JSON at `url`, or None for a 404; waits and retries when throttled (429)."""
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if error.code == 429 and attempt < retries:
                time.sleep(float(error.headers.get("Retry-After") or 1))
                continue
            raise
    raise RuntimeError(f"{url}: still throttled after {retries} retries")


class Mirror:
    def __init__(self, base, path):
        self.base = base.rstrip("/")
        self.db = sqlite3.connect(path)
        self.db.executescript(SCHEMA)

    def state(self):
        row = self.db.execute("SELECT value FROM state WHERE name = 'after'").fetchone()
        return None if row is None else int(row[0])

    def store(self, url, resource, record):
        self.db.execute(
            "INSERT INTO record (url, resource, body) VALUES (?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET resource = excluded.resource, body = excluded.body",
            (url, resource, json.dumps(record, sort_keys=True)),
        )

    def remove(self, url):
        self.db.execute("DELETE FROM record WHERE url = ?", (url,))

    def full_sync(self):
        """Copy everything; returns where the change log stood before the copy started."""
        after = get(f"{self.base}/api/v1/changes/")["after"]
        self.db.execute("DELETE FROM record")
        for resource in RESOURCES:
            url = f"{self.base}/api/v1/{resource}/?cursor=&page_size=200"
            while url:
                page = get(url)
                for record in page["results"]:
                    self.store(record["api_url"], resource, record)
                url = page["next"]
        return after

    def apply(self, change):
        if change["action"] == "remove":
            self.remove(change["url"])
            return
        record = get(change["url"])
        if record is None:
            self.remove(change["url"])
        else:
            self.store(change["url"], change["resource"], record)

    def incremental_sync(self, after):
        """Apply every change after sequence `after`; returns the sequence to start from next time."""
        url = f"{self.base}/api/v1/changes/?after={after}&page_size=500"
        while url:
            page = get(url)
            for change in page["results"]:
                self.apply(change)
            after = page["after"]
            self.save_state(after)  # a crash from here on replays at most this page
            url = page["next"]
        return after

    def save_state(self, after):
        self.db.execute("INSERT OR REPLACE INTO state (name, value) VALUES ('after', ?)", (str(after),))
        self.db.commit()

    def sync(self):
        """Full sync on the first run, then the changes since; returns (kind, number of records)."""
        after = self.state()
        kind = "incremental"
        if after is None:
            kind, after = "full", self.full_sync()
            self.save_state(after)
        self.incremental_sync(after)
        return kind, self.db.execute("SELECT COUNT(*) FROM record").fetchone()[0]

    def records(self):
        """{url: record} of the whole copy."""
        return {url: json.loads(body) for url, body in self.db.execute("SELECT url, body FROM record")}


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    kind, count = Mirror(argv[1], argv[2]).sync()
    print(f"{kind} sync done: {count} records in {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
