"""Channels: one list (the model's), documented; "other" says which, on every surface."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.interchange import ImportFailed, records_export, records_import
from articles.models import Channel, Quote
from articles.quotefinder.attribution import channel_of
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "records-format.md"


def test_the_records_format_documents_every_channel_and_no_other():
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|$", DOC.read_text(encoding="utf-8"), re.M)
    documented = {value: shown.strip() for value, shown in rows if value in Channel.values or "_" in value}
    assert set(documented) == set(Channel.values)
    for value, label in Channel.choices:
        if value != Channel.OTHER:
            assert documented[value] == label


@pytest.mark.parametrize("value", ["briefing", "televised_address", "text_message", "leaked_document", "other"])
def test_the_issue_s_channels_exist(value):
    assert value in Channel.values


@pytest.mark.django_db
def test_other_without_saying_which_is_refused_on_its_field():
    quote = QuoteFactory.build(channel=Channel.OTHER, channel_other=" ")
    with pytest.raises(ValidationError) as raised:
        quote.clean()
    assert raised.value.message_dict == {"channel_other": ["Say which channel, e.g. “a radio phone-in”."]}


@pytest.mark.django_db
def test_saying_which_for_a_listed_channel_is_refused():
    quote = QuoteFactory.build(channel=Channel.BRIEFING, channel_other="a phone call")
    with pytest.raises(ValidationError) as raised:
        quote.clean()
    assert list(raised.value.message_dict) == ["channel_other"]


@pytest.mark.django_db
def test_the_database_refuses_other_without_which():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(channel=Channel.OTHER, channel_other="")


@pytest.mark.django_db
def test_other_is_shown_as_what_the_editor_named():
    assert QuoteFactory(channel=Channel.OTHER, channel_other="a radio phone-in").channel_display == "a radio phone-in"
    assert QuoteFactory(channel=Channel.TEXT_MESSAGE).channel_display == "Text message"
    assert QuoteFactory(channel="").channel_display == ""


@pytest.mark.django_db
def test_the_quote_page_shows_the_named_channel(client):
    quote = QuoteFactory(channel=Channel.OTHER, channel_other="a radio phone-in")
    assert "· a radio phone-in" in client.get(quote.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_api_gives_the_channel_and_which_other(client):
    quote = QuoteFactory(channel=Channel.OTHER, channel_other="a radio phone-in")
    data = client.get(f"/api/v1/quotes/{quote.pk}/").json()
    assert (data["channel"], data["channel_other"]) == ("other", "a radio phone-in")


@pytest.mark.django_db
def test_the_csv_has_the_channel_as_shown(client):
    article = ArticleFactory(body="The envoy said the heron flew. The minister said the heron landed.")
    QuoteFactory(article=article, text="heron flew", channel=Channel.OTHER, channel_other="a radio phone-in")
    QuoteFactory(article=article, text="heron landed", channel=Channel.TELEVISED_ADDRESS)
    lines = client.get("/search/quotes.csv?q=heron").getvalue().decode().splitlines()
    column = lines[0].split(",").index("channel")
    assert {line.split(",")[column] for line in lines[1:]} == {"a radio phone-in", "Televised address"}


def quote_document(**quote):
    return {
        "actors": [{"slug": "envoy", "name": "Hana Lind", "kind": "person"}],
        "articles": [
            {
                "slug": "phone-in",
                "headline": "On the radio",
                "body": "The envoy said the talks would go on.",
                "quotes": [{"text": "the talks would go on", "kind": "paraphrase", "speaker": "envoy", **quote}],
            }
        ],
    }


@pytest.mark.django_db
def test_the_records_format_round_trips_the_other_channel():
    records_import(data=quote_document(channel="other", channel_other="a radio phone-in"))
    [quote] = records_export()["articles"][0]["quotes"]
    assert (quote["channel"], quote["channel_other"]) == ("other", "a radio phone-in")


@pytest.mark.django_db
def test_an_unknown_channel_is_refused_on_its_field():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=quote_document(channel="carrier_pigeon"))
    assert [p.field for p in raised.value.problems] == ["channel"]


@pytest.mark.parametrize(
    "context, channel",
    [
        ("the minister said in a text message to the delegation", "text_message"),
        ("the president said in a televised address", "televised_address"),
        ("the spokesman told a briefing in Geneva", "briefing"),
        ("according to a leaked statement seen by the agency", "leaked_document"),
        ("she told a news conference", "press_conference"),
    ],
)
def test_the_quote_finder_proposes_the_new_channels(context, channel):
    assert channel_of(context) == channel


@pytest.mark.django_db
def test_the_admin_asks_which_when_other_is_chosen(admin_client):
    quote = QuoteFactory()
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(admin_client.get(url))
    data["channel"] = "other"
    response = admin_client.post(url, data)
    assert "Say which channel, e.g. “a radio phone-in”." in response.content.decode()
    data["channel_other"] = "a radio phone-in"
    assert admin_client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert quote.channel_display == "a radio phone-in"
