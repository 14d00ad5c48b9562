"""
`make serve` (scripts/serve) runs Newsroom the way production does: gunicorn with
gunicorn.conf.py, DEBUG off, collected static files served by WhiteNoise, persistent
connections and the database cache. Started for real on a free port, on its own SQLite file.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.fail("gunicorn is not installed in .venv: run make install")
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep} | {
        "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "SECRET_KEY": "serve-test-only",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "warning",
    }
    log = open(folder / "serve.log", "w+")
    process = subprocess.Popen(
        ["bash", "scripts/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    (folder / "serve.pid").write_text(str(process.pid))  # its process group, for the worker test
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if process.poll() is not None:
                break
            try:
                urllib.request.urlopen(base + "/api/v1/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"make serve stopped:\n{log.read()}")
        yield base, folder
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_serve_answers_a_missing_page_without_debug_details(served):
    base, _ = served
    status, _, body = get(base + "/no-such-page/")
    assert status == 404
    assert b"Traceback" not in body and b"DEBUG = True" not in body


def test_serve_links_hashed_static_files_and_whitenoise_serves_them_compressed(served):
    base, _ = served
    _, _, page = get(base + "/")
    stylesheet = re.search(rb'href="(/static/newsroom/site\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    status, headers, _ = get(base + stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_serve_collects_static_files_into_static_root(served):
    _, folder = served
    assert (folder / "static" / "staticfiles.json").exists()


def test_serve_serves_the_api_from_several_workers(served):
    base, _ = served
    statuses = {get(base + "/api/v1/articles/")[0] for _ in range(6)}
    assert statuses == {200}


def test_serve_uses_the_database_cache_shared_by_all_workers(served):
    import sqlite3

    _, folder = served
    with sqlite3.connect(folder / "serve.sqlite3") as database:
        tables = {row[0] for row in database.execute("select name from sqlite_master where type='table'")}
    assert "newsroom_cache" in tables


def _group_commands(group):
    """The command lines of the live processes in process group `group`."""
    commands = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == group:
                commands.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ProcessLookupError):
            continue
    return commands


def test_serve_starts_the_webhook_worker_beside_gunicorn(served):
    _, folder = served
    commands = _group_commands(int((folder / "serve.pid").read_text()))
    assert any("manage.py deliver_webhooks" in command for command in commands)
    assert any("gunicorn" in command for command in commands)
