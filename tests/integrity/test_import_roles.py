"""
Imports with --as-user go through the same services as the admin: the same rights,
the same note guard, history authored by the importing user, and each refusal named
with its record and field. Without --as-user the import is the operator's, trusted.
"""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor
from articles.interchange import ImportFailed, records_import
from articles.models import Article, Quote

pytestmark = pytest.mark.django_db

NOTE = "Identity held by the desk: SENTINEL-IMPORT-NOTE"


@pytest.fixture
def noted_demo(records):
    """The demo imported by the operator, its anonymous quote carrying a confidential note."""
    data = copy.deepcopy(records)
    anonymous = next(q for q in data["articles"][0]["quotes"] if q.get("anonymous"))
    anonymous["confidential_note"] = NOTE
    records_import(data=data)
    return data


def problems_of(data, user):
    with pytest.raises(ImportFailed) as raised:
        records_import(data=data, user=user)
    return [str(problem) for problem in raised.value.problems]


def as_draft(data):
    """The demo's article as a draft nobody published: what a reporter may import."""
    data = copy.deepcopy(data)
    article = data["articles"][0]
    article.update(status="draft", published_at=None, slug="draft-of-vienna", url="")
    return data


def test_reporter_cannot_overwrite_a_note(noted_demo, reporter):
    data = copy.deepcopy(noted_demo)
    anonymous = next(q for q in data["articles"][0]["quotes"] if q.get("anonymous"))
    anonymous["confidential_note"] = "Rewritten by a reporter"
    problems = problems_of(data, reporter)
    assert any(p.endswith("› confidential_note: your role may not write confidential notes") for p in problems)
    assert Quote.objects.get(anonymous=True).confidential_note == NOTE


def test_a_note_equal_to_the_stored_one_is_refused_all_the_same(noted_demo, reporter):
    """Refused whatever its value, so an import can never tell a reporter whether they guessed the note."""
    guessed = problems_of(noted_demo, reporter)
    wrong = copy.deepcopy(noted_demo)
    next(q for q in wrong["articles"][0]["quotes"] if q.get("anonymous"))["confidential_note"] = "a wrong guess"
    assert guessed == problems_of(wrong, reporter)


def test_researcher_cannot_create_anything(records, researcher):
    problems = problems_of(as_draft(records), researcher)
    assert 'actors[0] "afp": Your role may not add actors.' in problems
    assert Actor.objects.count() == 0 and Article.objects.count() == 0


def test_researcher_cannot_change_an_actor_naming_the_fields(noted_demo, researcher):
    data = copy.deepcopy(noted_demo)
    data["actors"][0]["description"] = "Changed by a researcher"
    for quote in data["articles"][0]["quotes"]:
        quote.pop("confidential_note", None)
    assert problems_of(data, researcher) == ['actors[0] "afp" › description: Your role may not change actors.']


def test_researcher_may_import_a_file_that_changes_nothing(noted_demo, researcher):
    data = copy.deepcopy(noted_demo)
    for quote in data["articles"][0]["quotes"]:
        quote.pop("confidential_note", None)
    report = records_import(data=data, user=researcher)
    assert not report.changed


def test_reporter_imports_a_draft_with_quotes_authored_by_them(records, reporter):
    records_import(data=as_draft(records), user=reporter)
    article = Article.objects.get(slug="draft-of-vienna")
    assert article.history.latest().history_user == reporter
    assert {quote.history.latest().history_user for quote in article.quotes.all()} == {reporter}
    assert Actor.objects.get(slug="afp").history.latest().history_user == reporter
    assert article.created_by == reporter


def test_reporter_cannot_import_a_note_on_a_new_quote(records, reporter):
    data = as_draft(records)
    data["articles"][0]["quotes"][0]["confidential_note"] = "A reporter's note"
    problems = problems_of(data, reporter)
    assert problems == [
        'articles[0] "draft-of-vienna" › quotes[0] › confidential_note: your role may not write confidential notes'
    ]


def test_reporter_cannot_change_a_quote_of_a_published_article(noted_demo, reporter):
    data = copy.deepcopy(noted_demo)
    for quote in data["articles"][0]["quotes"]:
        quote.pop("confidential_note", None)
    data["articles"][0]["quotes"][0]["location"] = "Somewhere else"
    problems = problems_of(data, reporter)
    assert problems == [
        'articles[0] "vienna-talks-2018" › quotes[0] › location: '
        "Only editors can change the quotes of a published or withdrawn article."
    ]


def test_editor_import_records_the_editor_in_history(noted_demo, editor):
    data = copy.deepcopy(noted_demo)
    data["actors"][0]["description"] = "Changed by an editor"
    records_import(data=data, user=editor)
    assert Actor.objects.get(slug="afp").history.latest().history_user == editor


def test_operator_import_without_a_user_is_trusted(noted_demo):
    data = copy.deepcopy(noted_demo)
    next(q for q in data["articles"][0]["quotes"] if q.get("anonymous"))["confidential_note"] = "Operator's note"
    records_import(data=data)
    assert Quote.objects.get(anonymous=True).confidential_note == "Operator's note"


def test_command_lists_each_refusal_and_exits_1(records, researcher, tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps(as_draft(records)), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_records", str(path), "--as-user", "researcher", stderr=stderr)
    assert raised.value.returncode == 1
    assert 'actors[0] "afp": Your role may not add actors.' in stderr.getvalue()
