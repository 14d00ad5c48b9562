"""Approximate dates: early, mid and late in a month, and dates kept as printed beside the normalised ones."""

import datetime

import pytest

from articles.interchange import ImportFailed, records_export, records_import
from articles.models import NegotiationRound, Quote
from newsroom.dates import (
    DatePrecision,
    format_iso_partial,
    format_partial_date,
    parse_partial_date,
    parse_typed_date,
    period_end,
)
from tests.factories import ArticleFactory, QuoteFactory, RoundFactory

MARCH_21 = datetime.date(2021, 3, 21)


@pytest.mark.parametrize(
    "text, stored, precision, shown, last_day",
    [
        ("2021-03-early", datetime.date(2021, 3, 1), "early", "early March 2021", 10),
        ("2021-03-mid", datetime.date(2021, 3, 11), "mid", "mid-March 2021", 20),
        ("2021-03-late", datetime.date(2021, 3, 21), "late", "late March 2021", 31),
    ],
)
def test_a_part_of_a_month_is_stored_shown_and_written_back(text, stored, precision, shown, last_day):
    value, parsed = parse_partial_date(text)
    assert (value, parsed) == (stored, precision)
    assert format_partial_date(value, parsed) == shown
    assert format_iso_partial(value, parsed) == text
    assert period_end(value, parsed) == datetime.date(2021, 3, last_day)


@pytest.mark.parametrize("typed", ["late March 2021", "Late March 2021", "late in March 2021", "2021-03-late"])
def test_an_editor_types_a_part_of_a_month(typed):
    assert parse_typed_date(typed) == (MARCH_21, DatePrecision.LATE)


def test_a_part_of_a_year_is_refused_with_what_to_write():
    with pytest.raises(ValueError, match="early, mid and late go with a month"):
        parse_typed_date("late 2021")


@pytest.mark.django_db
def test_a_round_planned_for_late_march_sorts_filters_and_shows_as_printed(client):
    late = RoundFactory(
        name="Planned round",
        start_date=MARCH_21,
        start_precision="late",
        end_date=MARCH_21,
        end_precision="late",
        dates_printed="planned for late March",
        status="planned",
    )
    earlier = RoundFactory(name="Earlier round", start_date=datetime.date(2021, 3, 15), start_precision="day")
    assert list(NegotiationRound.objects.filter(pk__in=[late.pk, earlier.pk]).order_by("start_date")) == [
        earlier,
        late,
    ]
    assert late.dates_display == "planned for late March (late March 2021)"
    assert "planned for late March (late March 2021)" in client.get(late.get_absolute_url()).content.decode()
    # Still going on 30 March: a late-March end covers the month's last days.
    assert late in NegotiationRound.objects.held_from(datetime.date(2021, 3, 30))
    assert late not in NegotiationRound.objects.held_from(datetime.date(2021, 4, 1))


@pytest.mark.django_db
def test_an_early_month_end_does_not_cover_the_days_after_the_tenth():
    early = RoundFactory(
        start_date=datetime.date(2021, 3, 1), start_precision="early", end_date=datetime.date(2021, 3, 1)
    )
    early.end_precision = "early"
    early.save()
    assert early in NegotiationRound.objects.held_from(datetime.date(2021, 3, 10))
    assert early not in NegotiationRound.objects.held_from(datetime.date(2021, 3, 11))


@pytest.mark.django_db
def test_the_api_gives_the_precision_and_the_dates_as_printed(client):
    round_ = RoundFactory(start_date=MARCH_21, start_precision="late", dates_printed="within a fortnight")
    data = client.get(f"/api/v1/rounds/{round_.slug}/").json()
    assert data["start"] == {"value": "2021-03-late", "precision": "late", "display": "late March 2021"}
    assert data["dates_printed"] == "within a fortnight"


@pytest.mark.django_db
def test_a_quote_said_on_a_date_as_printed():
    article = ArticleFactory(body="The envoy said earlier this month that talks would resume.")
    quote = QuoteFactory(
        article=article,
        text="talks would resume",
        kind="paraphrase",
        said_on=datetime.date(2021, 3, 1),
        said_on_precision="early",
        said_on_printed="earlier this month",
    )
    assert quote.said_on_display == "earlier this month (early March 2021)"


def document(**round_fields):
    return {
        "processes": [{"slug": "talks", "name": "Talks"}],
        "rounds": [{"slug": "spring", "process": "talks", "name": "Spring round", **round_fields}],
    }


@pytest.mark.django_db
def test_the_records_format_round_trips_parts_of_months_and_printed_dates():
    records_import(data=document(start="2021-03-late", end="2021-04-early", dates_printed="late March or so"))
    [record] = records_export()["rounds"]
    assert (record["start"], record["end"], record["dates_printed"]) == (
        "2021-03-late",
        "2021-04-early",
        "late March or so",
    )


@pytest.mark.django_db
def test_a_part_that_is_not_early_mid_or_late_is_refused_on_its_field():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(start="2021-03-end"))
    assert [p.field for p in raised.value.problems] == ["start"]
    assert not Quote.objects.exists()
