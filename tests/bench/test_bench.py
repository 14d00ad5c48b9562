"""A small benchmark run completes and reports every scenario (figures are not asserted here)."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.corpus import corpus_generate

pytestmark = pytest.mark.django_db


def test_a_small_bench_run_writes_both_reports(tmp_path):
    corpus_generate(quotes=300, seed=2)
    call_command(
        "bench",
        "--label",
        "tiny",
        "--out",
        str(tmp_path),
        "--iterations",
        "2",
        "--queries",
        "6",
        stdout=open("/dev/null", "w"),
    )
    report = json.loads((tmp_path / "tiny.json").read_text())
    groups = {row["group"] for row in report["results"]}
    assert groups == {"api", "search", "page", "admin", "write"}
    assert all(status < 500 for row in report["results"] for status in row["statuses"])
    assert all(row["queries"] > 0 for row in report["results"] if row["group"] != "write")
    assert report["archive"]["quotes"] == 300
    assert "| api | quotes list, first page |" in (tmp_path / "tiny.md").read_text()


def test_bench_refuses_an_empty_database(tmp_path):
    with pytest.raises(CommandError, match="generate_corpus first"):
        call_command("bench", "--label", "empty", "--out", str(tmp_path))


def test_the_load_test_mix_is_public_addresses_that_answer(tmp_path, client):
    corpus_generate(quotes=300, seed=2)
    call_command("bench", "--label", "mix", "--paths", str(tmp_path / "paths.txt"), stdout=open("/dev/null", "w"))
    paths = (tmp_path / "paths.txt").read_text().splitlines()
    assert len(paths) == 500
    assert not any(path.startswith("/admin") for path in paths)
    assert {client.get(path).status_code for path in set(paths)} == {200}


def test_the_load_test_mix_interleaves_pages_search_and_the_api(tmp_path):
    corpus_generate(quotes=300, seed=2)
    call_command("bench", "--label", "mix", "--paths", str(tmp_path / "paths.txt"), stdout=open("/dev/null", "w"))
    first = (tmp_path / "paths.txt").read_text().splitlines()[:12]
    assert {path.split("/")[1].split("?")[0] for path in first} >= {"search", "articles", "quotes", "api", ""}
