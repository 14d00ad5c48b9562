"""
A quote whose words occur more than once in the body: the records format's `offset`
names the occurrence; without it the import warns; export writes it; body edits keep it.
"""

import io
import json

import pytest
from django.core.management import call_command

from articles.interchange import ImportFailed, records_export, records_export_text, records_import
from articles.models import Article, Quote
from articles.services import article_save

pytestmark = pytest.mark.django_db

# "a step forward" is the headline phrase repeated in the text, then said by the envoy.
BODY = (
    "Envoys call the meeting a step forward.\n\n"
    "The envoy said the talks were “a step forward” and that more rounds would follow."
)
FIRST, SECOND = BODY.index("a step forward"), BODY.rindex("a step forward")


def document(**quote):
    return {
        "actors": [{"slug": "envoy", "name": "Hana Lind", "kind": "person"}],
        "articles": [
            {
                "slug": "step-forward",
                "headline": "A step forward",
                "body": BODY,
                "quotes": [{"text": "a step forward", "kind": "partial", "speaker": "envoy", **quote}],
            }
        ],
    }


def stored_span():
    quote = Quote.objects.get()
    return quote.span_start, quote.span_end


def test_offset_anchors_the_quote_at_the_named_occurrence():
    records_import(data=document(offset=SECOND))
    assert stored_span() == (SECOND, SECOND + len("a step forward"))


def test_offset_of_the_first_occurrence_is_kept_too():
    records_import(data=document(offset=FIRST))
    assert stored_span()[0] == FIRST


def test_words_found_twice_without_offset_import_with_a_warning_naming_the_offsets():
    report = records_import(data=document())
    assert stored_span()[0] == FIRST
    [warning] = report.warnings
    assert warning.where == 'articles[0] "step-forward" › quotes[0]'
    assert warning.field == "offset"
    assert f"2 times in the body (at offsets {FIRST}, {SECOND})" in warning.message


def test_words_found_once_give_no_warning():
    data = document(text="more rounds would follow")
    assert records_import(data=data).warnings == []


def test_an_offset_where_the_words_do_not_start_is_refused_naming_where_they_do():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(offset=SECOND + 2))
    [problem] = raised.value.problems
    assert problem.field == "offset"
    assert problem.message == f"the words do not start at {SECOND + 2}; they start at {FIRST}, {SECOND} in the body"
    assert not Article.objects.exists()


def test_an_offset_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(offset="40"))
    assert [(p.field, p.message) for p in raised.value.problems] == [("offset", 'must be a whole number, not "40"')]


def test_an_offset_for_a_paraphrase_that_is_not_in_the_body_is_refused():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(text="progress was made", kind="paraphrase", offset=3))
    assert [p.message for p in raised.value.problems] == ["these words are not in the body, so have no offset"]


def test_a_stored_quote_moves_when_a_new_import_names_the_other_occurrence():
    records_import(data=document())
    report = records_import(data=document(offset=SECOND))
    assert report.counts["quotes"]["updated"] == 1
    assert stored_span()[0] == SECOND


def test_export_writes_the_offset_of_words_found_twice():
    records_import(data=document(offset=SECOND))
    [quote] = records_export()["articles"][0]["quotes"]
    assert quote["offset"] == SECOND
    assert list(quote)[:3] == ["text", "offset", "kind"]


def test_export_leaves_out_the_offset_of_words_found_once():
    records_import(data=document(text="more rounds would follow"))
    [quote] = records_export()["articles"][0]["quotes"]
    assert "offset" not in quote


def test_export_import_export_keeps_the_second_occurrence_byte_identical():
    records_import(data=document(offset=SECOND))
    first = records_export_text()
    Quote.objects.all().delete()
    Article.objects.all().delete()
    records_import(data=json.loads(first))
    assert stored_span()[0] == SECOND
    assert records_export_text() == first


def test_a_body_edit_before_the_quote_keeps_the_chosen_occurrence():
    records_import(data=document(offset=SECOND))
    article = Article.objects.get()
    article.body = "VIENNA — " + article.body
    article_save(article=article)
    assert stored_span()[0] == SECOND + len("VIENNA — ")


def test_the_import_command_prints_the_warning(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", str(path), stdout=out, stderr=err)
    assert "warning:" in err.getvalue()
    assert f"at offsets {FIRST}, {SECOND}" in err.getvalue()
    assert "Imported" in out.getvalue()


def test_the_quote_page_shows_the_sentence_of_the_named_occurrence(client):
    data = document(offset=SECOND)
    data["articles"][0] |= {"status": "published", "published_at": "2018-01-25T12:00:00Z"}
    records_import(data=data)
    page = client.get(Quote.objects.get().get_absolute_url()).content.decode()
    assert "The envoy said the talks were" in page
    assert "Envoys call the meeting" not in page
