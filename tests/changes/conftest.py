import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from mirror import Mirror  # noqa: E402


@pytest.fixture
def live_demo(transactional_db, live_server):
    """The demo records behind a live server, as a client of the API meets them."""
    call_command("import_records", "demo/vienna-talks-2018.json", stdout=io.StringIO())
    return live_server


@pytest.fixture
def mirror(live_demo, tmp_path):
    """A copy of the demo's public records, fully synced through scripts/mirror.py."""
    copy = Mirror(live_demo.url, tmp_path / "mirror.sqlite3")
    assert copy.sync()[0] == "full"
    return copy


@pytest.fixture
def api_now(live_demo, tmp_path):
    """What the API shows now, crawled from scratch: {api_url: record}."""

    def crawl():
        fresh = Mirror(live_demo.url, tmp_path / f"fresh-{crawl.runs}.sqlite3")
        crawl.runs += 1
        fresh.full_sync()
        return fresh.records()

    crawl.runs = 0
    return crawl
