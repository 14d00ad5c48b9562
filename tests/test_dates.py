import datetime

import pytest

from newsroom.dates import (
    DatePrecision,
    ends_on_or_after,
    format_date_range,
    format_iso_partial,
    format_partial_date,
    parse_partial_date,
    parse_typed_date,
    period_end,
)

D = datetime.date
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("start", "start_precision", "end", "end_precision", "expected"),
    [
        (D(2018, 1, 25), DAY, D(2018, 1, 26), DAY, "25–26 January 2018"),
        (D(2017, 12, 1), MONTH, D(2017, 12, 1), MONTH, "December 2017"),
        (D(2017, 1, 1), YEAR, D(2017, 1, 1), YEAR, "2017"),
        (D(2018, 1, 30), DAY, D(2018, 2, 2), DAY, "30 January – 2 February 2018"),
        (D(2017, 11, 1), MONTH, D(2017, 12, 1), MONTH, "November–December 2017"),
        (D(2017, 12, 28), DAY, D(2018, 1, 3), DAY, "28 December 2017 – 3 January 2018"),
        (D(2017, 1, 1), YEAR, D(2018, 3, 1), MONTH, "2017 – March 2018"),
        (D(2018, 1, 29), DAY, D(2018, 1, 29), DAY, "29 January 2018"),
    ],
)
def test_date_range_is_shown_at_its_precision(start, start_precision, end, end_precision, expected):
    assert format_date_range(start, start_precision, end, end_precision) == expected


def test_range_with_no_dates_is_empty():
    assert format_date_range(None, "", None, "") == ""


def test_range_known_only_at_start_reads_from():
    assert format_date_range(D(2018, 2, 1), MONTH, None, "") == "from February 2018"


def test_range_known_only_at_end_reads_until():
    assert format_date_range(None, "", D(2019, 1, 1), YEAR) == "until 2019"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-01-25", (D(2018, 1, 25), DAY)),
        ("2017-12", (D(2017, 12, 1), MONTH)),
        ("2017", (D(2017, 1, 1), YEAR)),
    ],
)
def test_parse_partial_date_gives_date_and_precision(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["2017-13", "2018-02-30", "Dec 2017", "17-12", "2017-1", "", "2017-12-01T00:00"])
def test_parse_partial_date_refuses_bad_input_with_a_message(text):
    with pytest.raises(ValueError, match="date"):
        parse_partial_date(text)


@pytest.mark.parametrize("text", ["2018-01-25", "2017-12", "2017"])
def test_iso_partial_round_trips(text):
    assert format_iso_partial(*parse_partial_date(text)) == text


def test_partial_date_single_display():
    assert format_partial_date(D(2018, 1, 25), DAY) == "25 January 2018"
    assert format_partial_date(None, "") == ""


def test_period_end_covers_the_whole_month_and_year():
    assert period_end(D(2016, 2, 1), MONTH) == D(2016, 2, 29)
    assert period_end(D(2017, 1, 1), YEAR) == D(2017, 12, 31)


@pytest.mark.parametrize(
    ("end", "precision", "day", "holds"),
    [
        (D(2018, 12, 1), MONTH, D(2018, 12, 31), True),  # a month's end covers the whole month
        (D(2018, 12, 1), MONTH, D(2019, 1, 1), False),
        (D(2018, 1, 1), YEAR, D(2018, 12, 31), True),
        (D(2018, 12, 30), DAY, D(2018, 12, 31), False),
        (D(2018, 12, 31), DAY, D(2018, 12, 31), True),
    ],
)
@pytest.mark.django_db
def test_an_end_known_to_a_precision_covers_its_period(end, precision, day, holds):
    from tests.factories import RoundFactory

    round_ = RoundFactory(start_date=D(2018, 1, 1), start_precision=DAY, end_date=end, end_precision=precision)
    assert type(round_).objects.filter(ends_on_or_after(day), pk=round_.pk).exists() is holds


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2021", (datetime.date(2021, 1, 1), "year")),
        ("2021-08", (datetime.date(2021, 8, 1), "month")),
        ("2021-08-07", (datetime.date(2021, 8, 7), "day")),
        ("October 2024", (datetime.date(2024, 10, 1), "month")),
        ("oct. 2024", (datetime.date(2024, 10, 1), "month")),
        ("7 October 2022", (datetime.date(2022, 10, 7), "day")),
        ("October 7, 2022", (datetime.date(2022, 10, 7), "day")),
        ("  14   December 2017 ", (datetime.date(2017, 12, 14), "day")),
    ],
)
def test_a_typed_date_gives_its_own_precision(typed, expected):
    assert parse_typed_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01/08/2021", "day first or month first"),
        ("Octember 2024", "is not a date this field reads"),
        ("30 February 2024", "February 2024 has no day 30"),
        ("2021-13", "is not a real date"),
    ],
)
def test_a_date_that_cannot_be_read_names_the_accepted_forms(typed, message):
    with pytest.raises(ValueError, match=message) as refused:
        parse_typed_date(typed)
    assert "2017-12 or December 2017" in str(refused.value) or "real date" in str(refused.value)
