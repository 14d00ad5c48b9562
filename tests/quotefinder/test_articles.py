"""The finder on the reference article and the demo, the admin review flow, the commands and the evaluation."""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from actors.models import Actor
from articles.models import Article, Quote, RejectedSuggestion
from articles.quotefinder import find_quotes, gazetteer_from_database, quote_suggest
from articles.quotefinder.evaluation import evaluate, format_report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "vienna-talks-2018.txt"
EXPECTED = json.loads((ROOT / "tests" / "reference" / "vienna-talks-2018.expected.json").read_text())
SLUGS = {
    "Bashar al-Ja'afari": "bashar-al-jaafari",
    "Jean-Yves Le Drian": "jean-yves-le-drian",
    "Russia": "russia",
    None: None,
    "Reuters": "reuters",
    "AFP": "afp",
}


def expected_spans():
    return [
        (q["text"], SLUGS[q["speaker"]], q["anonymous"], SLUGS[q["via"]])
        for q in EXPECTED["quotes"]
        if q["kind"] in ("direct", "partial")
    ]


def found_spans(suggestions):
    return [(s.text, s.speaker_slug, s.anonymous, s.via_slug) for s in suggestions if s.kind in ("direct", "partial")]


# The facts this test checks (the quoted words, speakers and relays) are vendored in
# tests/reference; the article's own prose is not ours to copy, so the finder runs on it
# only where ../shared is beside the project. CI has it and requires it (REQUIRE_REFERENCE=1);
# test_demo_article_yields_its_five_quotes checks the same facts on the demo's own text.
@pytest.mark.skipif(
    not REFERENCE.exists() and os.environ.get("REQUIRE_REFERENCE") != "1",
    reason="the shared reference article is not beside the project",
)
def test_reference_article_yields_exactly_its_five_quotes(demo):
    suggestions = find_quotes("", REFERENCE.read_text(encoding="utf-8"), gazetteer=gazetteer_from_database())
    assert found_spans(suggestions) == expected_spans()
    assert not any("congress of national dialogue" in s.text for s in suggestions)


def test_demo_article_yields_its_five_quotes(demo):
    suggestions = quote_suggest(article=Article.objects.get())
    assert found_spans(suggestions) == expected_spans()
    assert not any("congress" in s.text for s in suggestions)


def test_suggestions_give_the_role_at_the_time(demo):
    le_drian = next(s for s in quote_suggest(article=Article.objects.get()) if s.text == "last hope")
    assert le_drian.role_note == "Foreign Minister, France"


def test_suggestions_say_when_no_role_matches(demo):
    Article.objects.update(published_at="2010-01-01T00:00:00Z")
    le_drian = next(s for s in quote_suggest(article=Article.objects.get()) if s.text == "last hope")
    assert le_drian.role_note == "no affiliation of Jean-Yves Le Drian is valid on 1 January 2010"


def test_recorded_quotes_are_marked_so_rerunning_never_duplicates(demo):
    suggestions = quote_suggest(article=Article.objects.get())
    assert all(s.recorded for s in suggestions if s.kind != "paraphrase")


@pytest.fixture
def fresh_article(demo):
    """A draft with the demo text and no quotes recorded yet."""
    source = Article.objects.get()
    return Article.objects.create(headline="Second take", slug="second-take", body=source.body, status="draft")


def suggest_url(article):
    return reverse("admin:articles_article_suggest_quotes", args=[article.pk])


def test_admin_page_lists_the_suggestions(admin_client, fresh_article):
    content = admin_client.get(suggest_url(fresh_article)).content.decode()
    assert "The meeting was good" in content
    assert "congress of national dialogue" in content  # in the text, not as a suggestion
    assert content.count('name="action" value="accept"') == 5


def test_admin_accept_records_the_quote_through_the_service(admin_client, admin_user, fresh_article):
    url = suggest_url(fresh_article)
    page = admin_client.get(url)
    data = {key: value for key, value in form_data_for(page, 0).items()}
    data.update({"suggestion": "0", "action": "accept"})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    quote = Quote.objects.get(article=fresh_article)
    assert (quote.text, quote.speaker.slug, quote.via.slug) == ("The meeting was good", "bashar-al-jaafari", "reuters")
    assert quote.span_start is not None
    assert quote.history.first().history_user == admin_user
    # Run again: the accepted quote is now marked as recorded, with no accept button.
    again = quote_suggest(article=fresh_article)
    assert again[0].recorded
    assert admin_client.post(url, data).status_code == 200  # refused: already recorded
    assert Quote.objects.filter(article=fresh_article).count() == 1


def test_admin_accept_after_editing(admin_client, fresh_article):
    url = suggest_url(fresh_article)
    data = form_data_for(admin_client.get(url), 1)
    data.update({"suggestion": "1", "action": "accept", "s1-speaker_label": "France's foreign minister"})
    admin_client.post(url, data)
    assert Quote.objects.get(article=fresh_article).speaker_label == "France's foreign minister"


def test_admin_accept_with_words_not_in_the_body_is_refused(admin_client, fresh_article):
    url = suggest_url(fresh_article)
    data = form_data_for(admin_client.get(url), 1)
    data.update({"suggestion": "1", "action": "accept", "s1-text": "very last hope"})
    response = admin_client.post(url, data)
    assert "does not appear word for word" in response.content.decode()
    assert not Quote.objects.filter(article=fresh_article).exists()


def test_admin_accept_can_create_the_speaker(admin_client, fresh_article):
    url = suggest_url(fresh_article)
    data = form_data_for(admin_client.get(url), 1)
    data.update({"suggestion": "1", "action": "accept", "s1-speaker": "", "s1-new_speaker_name": "Anna Example"})
    admin_client.post(url, data)
    assert Quote.objects.get(article=fresh_article).speaker == Actor.objects.get(name="Anna Example")


def test_admin_reject_hides_the_suggestion_for_good(admin_client, fresh_article):
    url = suggest_url(fresh_article)
    admin_client.post(url, {"suggestion": "0", "words": "The meeting was good", "action": "reject"})
    assert RejectedSuggestion.objects.filter(article=fresh_article, text="The meeting was good").exists()
    assert [s.text for s in quote_suggest(article=fresh_article)][0] == "last hope"
    assert not Quote.objects.filter(article=fresh_article).exists()


def test_admin_suggestions_need_the_right_to_change_the_article(client, fresh_article, django_user_model):
    from django.contrib.auth.models import Group

    researcher = django_user_model.objects.create_user(username="r", is_staff=True)
    researcher.groups.add(Group.objects.get(name="Researcher"))
    client.force_login(researcher)
    assert client.get(suggest_url(fresh_article)).status_code == 403


def form_data_for(page, index):
    """The fields of suggestion form number `index` on the review page."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.inside, self.select, self.textarea = {}, False, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("id") == f"suggestion-{index}":
                self.inside = True
            if not self.inside:
                return
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
                self.data[name] = attrs.get("value", "")
            elif tag == "input" and name and "checked" in attrs:
                self.data[name] = "on"
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.inside and self.textarea:
                self.data[self.textarea] += data

    parser = Parser()
    parser.feed(page.content.decode())
    return {key: value.lstrip("\n") for key, value in parser.data.items()}


def test_suggest_quotes_command_lists_suggestions(fresh_article):
    out = io.StringIO()
    call_command("suggest_quotes", "second-take", stdout=out)
    assert "“The meeting was good”" in out.getvalue()
    assert "relayed by: reuters" in out.getvalue()


def test_suggest_quotes_command_as_json(fresh_article):
    out = io.StringIO()
    call_command("suggest_quotes", "second-take", "--json", stdout=out)
    first = json.loads(out.getvalue())[0]
    assert (first["text"], first["speaker"], first["via"]) == ("The meeting was good", "bashar-al-jaafari", "reuters")


def test_import_option_lists_suggestions_for_imported_articles(db, tmp_path):
    records = json.loads((ROOT / "demo" / "vienna-talks-2018.json").read_text())
    records["articles"][0]["quotes"] = records["articles"][0]["quotes"][:1]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records))
    out = io.StringIO()
    call_command("import_records", str(path), "--suggest-quotes", stdout=out)
    assert "Suggested quotes for vienna-talks-2018: 4 not yet recorded" in out.getvalue()
    assert Quote.objects.count() == 1  # nothing recorded without an editor


def test_evaluation_meets_the_targets():
    report = evaluate(ROOT / "evaluation")
    assert report["articles"] >= 12
    assert report["exact"]["f1"] >= 0.95
    assert report["speaker_accuracy"] >= 0.90
    assert report["relay_accuracy"] >= 0.90
    assert report["names_proposed_as_quotes"] == []


@pytest.mark.parametrize("directory", ["evaluation", "evaluation/heldout"])
def test_committed_reports_are_current(directory):
    committed = (ROOT / directory / "REPORT.md").read_text(encoding="utf-8")
    assert committed == format_report(evaluate(ROOT / directory))


def test_evaluation_command_prints_the_report(tmp_path):
    out = io.StringIO()
    call_command("evaluate_quote_finder", str(ROOT / "evaluation"), "-o", str(tmp_path / "r.md"), stdout=out)
    assert "| spans, exact |" in out.getvalue()
    assert (tmp_path / "r.md").read_text() == out.getvalue()
