"""Long commands show their progress on a terminal, and only there."""

import io

import pytest
from django.core.management import call_command

from tests.conftest import DEMO

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_import_shows_progress_on_a_terminal():
    out = Terminal()
    call_command("import_records", DEMO, stdout=out)
    assert "\r\033[K  articles 1 of 1, 7 quotes (" in out.getvalue()


def test_import_prints_only_its_result_to_a_file():
    out = io.StringIO()
    call_command("import_records", DEMO, stdout=out)
    assert "\r" not in out.getvalue() and "quotes/s" not in out.getvalue()


def test_import_is_silent_on_a_terminal_with_verbosity_zero():
    out = Terminal()
    call_command("import_records", DEMO, stdout=out, verbosity=0)
    assert "\r" not in out.getvalue()


def test_index_rebuild_shows_progress_on_a_terminal(demo):
    out = Terminal()
    call_command("rebuild_search_index", stdout=out)
    assert "\r\033[K  quotes: 7 of 7 (" in out.getvalue()
    assert out.getvalue().rstrip().endswith("Search index rebuilt.")
