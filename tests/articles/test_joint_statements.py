"""Joint statements: one quote, several speakers, on every surface."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.services import actor_merge
from articles.interchange import ImportFailed, records_export, records_import
from articles.models import CoSpeaker, Quote
from tests.admin.forms import form_data
from tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db

BODY = "The two sides said in a joint statement that the ceasefire would hold."


def document(**quote):
    return {
        "actors": [
            {"slug": "russia", "name": "Russia", "kind": "government"},
            {"slug": "turkey", "name": "Turkey", "kind": "government"},
            {"slug": "iran", "name": "Iran", "kind": "government"},
        ],
        "articles": [
            {
                "slug": "joint",
                "headline": "Ceasefire to hold",
                "body": BODY,
                "status": "published",
                "published_at": "2022-10-07",
                "quotes": [
                    {
                        "text": "the ceasefire would hold",
                        "kind": "paraphrase",
                        "speaker": "russia",
                        "speaker_label": "the two sides",
                        "co_speakers": ["turkey"],
                        **quote,
                    }
                ],
            }
        ],
    }


def co_speakers():
    return [co.actor.slug for co in CoSpeaker.objects.order_by("position")]


def test_a_joint_statement_imports_with_its_speakers_in_order():
    records_import(data=document(co_speakers=["turkey", "iran"]))
    assert co_speakers() == ["turkey", "iran"]


def test_the_speakers_round_trip():
    records_import(data=document(co_speakers=["turkey", "iran"]))
    [quote] = records_export()["articles"][0]["quotes"]
    assert (quote["speaker"], quote["co_speakers"]) == ("russia", ["turkey", "iran"])


def test_a_changed_list_replaces_the_stored_one():
    records_import(data=document())
    report = records_import(data=document(co_speakers=["iran"]))
    assert co_speakers() == ["iran"]
    assert report.counts["quotes"]["updated"] == 1


def test_the_first_speaker_cannot_be_a_co_speaker_too():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(co_speakers=["russia"]))
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("co_speakers[0]", "'russia' is already a speaker of this quote")
    ]


def test_a_joint_statement_needs_its_first_speaker():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(speaker=None, anonymous=True))
    assert "a joint statement needs its first speaker in speaker" in [p.message for p in raised.value.problems]


def test_the_model_refuses_the_first_speaker_again():
    records_import(data=document())
    quote = Quote.objects.get()
    with pytest.raises(ValidationError):
        CoSpeaker(quote=quote, position=3, actor=quote.speaker).full_clean()


def test_the_quote_page_and_cards_name_every_speaker(client):
    records_import(data=document())
    quote = Quote.objects.get()
    page = client.get(quote.get_absolute_url()).content.decode()
    assert '<a href="/actors/russia/">Russia</a> and <a href="/actors/turkey/">Turkey</a>' in page
    assert "Russia and Turkey" in page  # the citation
    search = client.get("/search/?type=quotes&q=ceasefire").content.decode()
    assert '<a href="/actors/turkey/">Turkey</a>' in search


def test_search_by_either_speaker_finds_it(client):
    records_import(data=document())
    for slug in ("russia", "turkey"):
        data = client.get(f"/api/v1/quotes/?speaker={slug}").json()
        assert [q["text"] for q in data["results"]] == ["the ceasefire would hold"], slug
    assert "the ceasefire would hold" in client.get("/search/?type=quotes&speaker=turkey").content.decode()


def test_the_api_gives_the_co_speakers(client):
    records_import(data=document(co_speakers=["turkey", "iran"]))
    data = client.get(f"/api/v1/quotes/{Quote.objects.get().pk}/").json()
    assert [a["slug"] for a in data["co_speakers"]] == ["turkey", "iran"]


def test_the_csv_names_the_co_speakers(client):
    records_import(data=document(co_speakers=["turkey", "iran"]))
    lines = client.get("/search/quotes.csv?q=ceasefire").getvalue().decode().splitlines()
    column = lines[0].split(",").index("co-speakers")
    assert [line.split(",")[column] for line in lines[1:]] == ["Turkey; Iran"]


def test_merge_keeps_the_co_speaker():
    records_import(data=document())
    turkey = CoSpeaker.objects.get().actor
    kept = GovernmentFactory(name="Türkiye")
    actor_merge(keep=kept, merge=turkey)
    assert co_speakers() == [kept.slug]


def test_the_quote_admin_edits_the_co_speakers(admin_client):
    records_import(data=document())
    quote = Quote.objects.get()
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(admin_client.get(url))
    assert data["co_speakers-0-position"] == "2"
    data["co_speakers-0-position"] = "3"
    assert admin_client.post(url, data).status_code == 302
    assert CoSpeaker.objects.get().position == 3


def test_search_by_a_co_speaker_of_many_joint_statements_reads_them_in_a_subquery(client, monkeypatch):
    monkeypatch.setattr("articles.filters.JOINT_IDS_INLINE", 0)
    records_import(data=document())
    data = client.get("/api/v1/quotes/?speaker=turkey").json()
    assert [q["text"] for q in data["results"]] == ["the ceasefire would hold"]
