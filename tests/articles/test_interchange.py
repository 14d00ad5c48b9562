import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor, Affiliation, Alias
from articles.interchange import ImportFailed, records_export_text, records_import
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote, RoundParticipant
from tests.conftest import DEMO

pytestmark = pytest.mark.django_db

SENTINEL_NOTE = "SENTINEL-CONFIDENTIAL-7f3a"


def counts():
    return (
        Actor.objects.count(),
        Alias.objects.count(),
        NegotiationRound.objects.count(),
        Article.objects.count(),
        Quote.objects.count(),
    )


def import_problems(data):
    with pytest.raises(ImportFailed) as raised:
        records_import(data=data)
    return [str(problem) for problem in raised.value.problems]


def test_demo_imports_every_record(demo):
    assert counts() == (15, 9, 4, 1, 7)


def test_demo_imports_twice_without_change(demo, records):
    before = {a.slug: a.updated_at for a in Actor.objects.all()}
    article_updated = Article.objects.get().updated_at
    report = records_import(data=records)
    assert not report.changed
    assert report.counts["quotes"] == {"created": 0, "updated": 0, "unchanged": 7}
    assert {a.slug: a.updated_at for a in Actor.objects.all()} == before
    assert Article.objects.get().updated_at == article_updated


def test_export_import_export_is_byte_identical(demo):
    first = records_export_text()
    # Empty the database, dependants first (actors are protected while referenced).
    for model in [Quote, Article, RoundParticipant, NegotiationRound, NegotiationProcess, Affiliation, Actor]:
        model.objects.all().delete()
    assert counts() == (0, 0, 0, 0, 0)
    records_import(data=json.loads(first))
    assert records_export_text() == first


def test_demo_file_is_its_own_canonical_export(demo):
    with open(DEMO, encoding="utf-8") as handle:
        assert records_export_text() == handle.read()


def test_export_leaves_confidential_notes_out_by_default(demo):
    Quote.objects.filter(anonymous=True).update(confidential_note=SENTINEL_NOTE)
    assert SENTINEL_NOTE not in records_export_text()
    assert "confidential_note" not in records_export_text()


def test_export_includes_confidential_notes_when_asked(demo):
    Quote.objects.filter(anonymous=True).update(confidential_note=SENTINEL_NOTE)
    assert SENTINEL_NOTE in records_export_text(include_confidential=True)


def test_import_without_note_field_keeps_existing_note(demo, records):
    Quote.objects.filter(anonymous=True).update(confidential_note=SENTINEL_NOTE)
    records_import(data=records)
    assert Quote.objects.get(anonymous=True).confidential_note == SENTINEL_NOTE


def test_import_updates_a_changed_record(demo, records):
    records["actors"][0]["description"] = "Agence France-Presse, the French news agency."
    report = records_import(data=records)
    assert report.counts["actors"]["updated"] == 1
    assert Actor.objects.get(slug="afp").description.startswith("Agence France-Presse")


def test_a_new_slug_with_another_articles_url_is_a_problem_not_a_rename(demo, records):
    Article.objects.update(url="https://example.org/vienna")
    records["articles"][0]["url"] = "https://example.org/vienna"
    records["articles"][0]["slug"] = "vienna-renamed"
    failure = pytest.raises(ImportFailed, records_import, data=records).value
    assert [str(p) for p in failure.problems] == [
        'articles[0] "vienna-renamed" › url: is already the address of article '
        "'vienna-talks-2018'; give each article its own"
    ]
    assert list(Article.objects.values_list("slug", flat=True)) == ["vienna-talks-2018"]


def test_import_of_malformed_json_reports_the_position():
    with pytest.raises(CommandError) as raised:
        call_command("import_records", "-", stdin=io.StringIO("{"), stderr=io.StringIO())
    assert raised.value.returncode == 1


def test_malformed_json_writes_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"actors": [{"slug": "x", "name": "X", "kind": "person"}', encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", str(path), stderr=stderr)
    assert "not valid JSON" in stderr.getvalue()
    assert "line 1" in stderr.getvalue()
    assert Actor.objects.count() == 0


def test_unknown_reference_writes_nothing_and_names_record_and_field(records):
    records["articles"][0]["quotes"][0]["speaker"] = "nobody-by-that-name"
    problems = import_problems(records)
    assert problems == [
        'articles[0] "vienna-talks-2018" › quotes[0] › speaker: unknown actor '
        "'nobody-by-that-name': not in this file or the database"
    ]
    assert counts() == (0, 0, 0, 0, 0)


def test_quote_not_in_body_writes_nothing(records):
    records["articles"][0]["quotes"][1]["text"] = "the very last hope"
    problems = import_problems(records)
    assert len(problems) == 1
    assert problems[0].startswith('articles[0] "vienna-talks-2018" › quotes[1] › text: The partial quote “the very')
    assert counts() == (0, 0, 0, 0, 0)


def test_duplicate_slug_writes_nothing(records):
    records["actors"].append(copy.deepcopy(records["actors"][0]))
    problems = import_problems(records)
    assert problems == ['actors[15] "afp" › slug: duplicate slug \'afp\' (also actors[0] "afp")']
    assert counts() == (0, 0, 0, 0, 0)


def test_bad_date_precision_writes_nothing(records):
    geneva = next(r for r in records["rounds"] if r["slug"] == "geneva-8")
    geneva["start"] = "Dec 2017"
    problems = import_problems(records)
    assert len(problems) == 1
    assert problems[0].startswith("rounds[1] \"geneva-8\" › start: 'Dec 2017' is not a date")
    assert counts() == (0, 0, 0, 0, 0)


def test_every_problem_is_reported_at_once(records):
    records["actors"][0]["kind"] = "alien"
    records["rounds"][0]["end"] = "2016-13"
    records["articles"][0]["published_at"] = "2018-01-25 18:00"
    problems = import_problems(records)
    assert any(p.startswith('actors[0] "afp" › kind:') for p in problems)
    assert any(p.startswith('rounds[0] "astana-2017" › end:') for p in problems)
    assert any("published_at: '2018-01-25 18:00' has no time zone" in p for p in problems)
    assert counts() == (0, 0, 0, 0, 0)


def test_unknown_field_is_reported(records):
    records["actors"][0]["nationality"] = "French"
    problems = import_problems(records)
    assert problems[0].startswith('actors[0] "afp" › nationality: unknown field')


def test_wrong_type_is_reported(records):
    records["rounds"][1]["number"] = "eight"
    problems = import_problems(records)
    assert problems == ['rounds[1] "geneva-8" › number: must be a whole number or null, not "eight"']


def test_failed_import_leaves_an_existing_database_unchanged(demo, records):
    records["actors"][0]["description"] = "Changed"
    records["articles"][0]["quotes"][0]["text"] = "Words nobody said"
    import_problems(records)
    assert Actor.objects.get(slug="afp").description == "French international news agency."


def test_import_command_prints_counts(tmp_path):
    stdout = io.StringIO()
    call_command("import_records", DEMO, stdout=stdout)
    assert "quotes: 7 created, 0 updated, 0 unchanged" in stdout.getvalue()


def test_import_command_refuses_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read /no/such/file.json"):
        call_command("import_records", "/no/such/file.json")


def test_export_command_writes_a_file(demo, tmp_path):
    path = tmp_path / "out.json"
    call_command("export_records", "--output", str(path), stderr=io.StringIO())
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "newsroom-records"


def test_export_command_includes_confidential_only_with_the_flag(demo):
    Quote.objects.filter(anonymous=True).update(confidential_note=SENTINEL_NOTE)
    plain, full = io.StringIO(), io.StringIO()
    call_command("export_records", stdout=plain)
    call_command("export_records", "--include-confidential", stdout=full)
    assert SENTINEL_NOTE not in plain.getvalue()
    assert SENTINEL_NOTE in full.getvalue()


def test_import_that_changes_an_article_raises_its_version(demo, records):
    before = Article.objects.get().version
    records["articles"][0]["standfirst"] = "A new standfirst."
    records_import(data=records)
    assert Article.objects.get().version == before + 1


def test_reporter_cannot_import_a_published_article(records, django_user_model):
    from django.contrib.auth.models import Group

    reporter = django_user_model.objects.create_user(username="rep")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    problems = [str(p) for p in pytest.raises(ImportFailed, records_import, data=records, user=reporter).value.problems]
    assert (
        'articles[0] "vienna-talks-2018" › status: Only editors can publish or withdraw an article; '
        "submit it for review instead." in problems
    )
    assert Article.objects.count() == 0


def test_export_of_an_archive_with_more_than_a_thousand_speakers():
    # SQLite refused a prefetch naming each speaker ("Expression tree is too large").
    from actors.models import ActorKind
    from tests.factories import ArticleFactory

    article = ArticleFactory(body="Yes.")
    speakers = Actor.objects.bulk_create(
        Actor(name=f"Speaker {n}", slug=f"speaker-{n}", kind=ActorKind.PERSON, name_normalized=f"speaker {n}")
        for n in range(1100)
    )
    Quote.objects.bulk_create(
        Quote(article=article, text="Yes", speaker=speaker, span_start=0, span_end=3) for speaker in speakers
    )
    data = json.loads(records_export_text())
    assert len(data["articles"][0]["quotes"]) == 1100


def test_a_file_with_crlf_line_endings_imports_with_newlines_and_again_unchanged(records):
    article = records["articles"][0]
    article["body"] = article["body"].replace("\n", "\r\n")
    records_import(data=copy.deepcopy(records))
    stored = Article.objects.get(slug=article["slug"])
    assert "\r" not in stored.body
    for quote in stored.quotes.exclude(kind="paraphrase"):
        assert stored.body[quote.span_start : quote.span_end] == quote.text
    again = records_import(data=copy.deepcopy(records))
    assert not again.changed
