"""
The demo data holds every record of the reference article's expected mapping
(tests/reference/vienna-talks-2018.expected.json, a copy of the shared reference).
"""

import json
from pathlib import Path

import pytest

from actors.models import Actor
from articles.models import Article, NegotiationRound, Quote

pytestmark = pytest.mark.django_db

EXPECTED = json.loads((Path(__file__).parent / "reference" / "vienna-talks-2018.expected.json").read_text())
ROLE_KEYS = {"mediators": "mediator", "parties": "party", "hosts": "host", "backers": "backer", "sponsors": "sponsor"}


def actor_named(name):
    return Actor.objects.get(name=name)


@pytest.mark.parametrize("expected", EXPECTED["actors"], ids=lambda a: a["name"])
def test_demo_holds_each_reference_actor(demo, expected):
    actor = actor_named(expected["name"])
    assert actor.kind == expected["kind"]
    assert set(expected.get("aliases", [])) <= {alias.name for alias in actor.aliases.all()}
    held = {(a.organization.name, a.role) for a in actor.affiliations.all()}
    assert {(a["organization"], a["role"]) for a in expected.get("affiliations", [])} <= held


@pytest.mark.parametrize("expected", EXPECTED["rounds"], ids=lambda r: r["slug"])
def test_demo_holds_each_reference_round(demo, expected):
    round_ = NegotiationRound.objects.get(slug=expected["slug"])
    assert round_.process.name == expected["process"]
    assert round_.name == expected["name"]
    assert (round_.city, str(round_.country)) == (expected["city"], expected["country"])
    assert round_.venue == expected.get("venue", "")
    assert round_.number == expected.get("number")
    assert round_.start_date.isoformat().startswith(expected["start"])
    assert round_.end_date.isoformat().startswith(expected["end"])
    assert round_.start_precision == round_.end_precision == expected["date_precision"]
    for key, role in ROLE_KEYS.items():
        names = {p.actor.name for p in round_.participants.all() if p.role == role}
        assert names == set(expected.get(key, [])), key
    for party, head in expected.get("delegation_heads", {}).items():
        assert round_.participants.get(actor__name=party).delegation_head.name == head
    assert expected.get("agenda", "").lower() in round_.agenda.lower()
    assert (expected.get("outcome") or "").lower() in round_.outcome.lower()
    if "status_as_of_article" in expected:
        assert round_.status == expected["status_as_of_article"]


@pytest.mark.parametrize("expected", EXPECTED["quotes"], ids=lambda q: q["text"][:20])
def test_demo_holds_each_reference_quote(demo, expected):
    quote = Quote.objects.get(text=expected["text"])
    assert quote.kind == expected["kind"]
    assert (quote.speaker.name if quote.speaker else None) == expected["speaker"]
    assert quote.speaker_label == expected["speaker_label"]
    assert quote.anonymous is expected["anonymous"]
    assert (quote.via.name if quote.via else None) == expected["via"]
    assert quote.round.slug == expected["round"]
    if "speaker_affiliation" in expected:
        assert quote.speaker_affiliation.name == expected["speaker_affiliation"]
    if "said_on" in expected:
        assert quote.said_on.isoformat() == expected["said_on"]
    if "said_where" in expected:
        assert quote.location == expected["said_where"]


def test_demo_article_matches_the_reference_facts(demo):
    article = Article.objects.get()
    assert article.dateline == EXPECTED["article"]["dateline"]
    assert article.published_at.date().isoformat() == EXPECTED["article"]["published_on"]
    assert {r.slug for r in article.rounds.all()} == {r["slug"] for r in EXPECTED["rounds"]}
    assert list(Article.objects.public()) == [article]


def test_demo_direct_and_partial_quotes_sit_in_the_body(demo):
    article = Article.objects.get()
    for quote in article.quotes.exclude(kind="paraphrase"):
        assert article.body[quote.span_start : quote.span_end] == quote.text


def test_demo_does_not_record_names_in_quotation_marks_as_quotes(demo):
    for not_quote in EXPECTED["not_quotes"]:
        assert not Quote.objects.filter(text__icontains=not_quote["text"].rstrip(".")).exists()


def test_demo_has_no_confidential_notes(demo):
    assert not Quote.objects.exclude(confidential_note="").exists()
