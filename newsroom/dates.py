"""
Dates known to a precision: a day, a part of a month (early, mid, late), a month or a year.

A partial date is stored as a DateField holding the first day of its period plus a
precision ("December 2017" is 2017-12-01 at month precision; "late March 2021" is
2021-03-21 at "late": early is the 1st to the 10th, mid the 11th to the 20th, late the
21st to the month's end), so dates order and compare in SQL on both databases. The
interchange format writes them as ISO strings cut to their precision: "2018-01-25",
"2021-03-late", "2017-12", "2017".
"""

import calendar
import datetime
import functools
import operator
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

MONTHS = [calendar.month_name[number] for number in range(13)]
EN_DASH = "\u2013"
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}|early|mid|late))?)?$")


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    EARLY = "early", "Early in the month"
    MID = "mid", "Mid-month"
    LATE = "late", "Late in the month"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# The parts of a month: the day each starts on, and the last day it can end on.
PART_STARTS: dict[str, int] = {DatePrecision.EARLY: 1, DatePrecision.MID: 11, DatePrecision.LATE: 21}
PART_ENDS: dict[str, int] = {DatePrecision.EARLY: 10, DatePrecision.MID: 20}
PART_WORDS: dict[str, str] = {DatePrecision.EARLY: "early", DatePrecision.MID: "mid-", DatePrecision.LATE: "late"}


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the period of this precision that `value` is stored as (a part of a month: its start)."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision in PART_STARTS:
        return value.replace(day=PART_STARTS[precision])
    return value


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the period `value` (stored at `precision`) stands for."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision in (DatePrecision.MONTH, DatePrecision.LATE):
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision in PART_ENDS:
        return value.replace(day=PART_ENDS[precision])
    return value


def _earliest_stored_covering(day: datetime.date, precision: str) -> datetime.date:
    """The earliest value stored at `precision` whose period ends on `day` or later."""
    if precision in PART_ENDS and day.day > PART_ENDS[precision]:
        following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return truncate(following, precision)  # this month's part is over: next month's
    return truncate(day, precision)


def ends_on_or_after(day: datetime.date, *, end_field: str = "end_date", precision_field: str = "end_precision") -> Q:
    """
    A filter for records whose end, known to a precision, is `day` or later. An end
    known to a month or a year covers its whole period, and is stored as the period's
    first day, so it is compared with `day` truncated to that period: in SQL, an end
    stored as 2018-12-01 at month precision still holds on 2018-12-31.
    """
    return functools.reduce(
        operator.or_,
        (
            Q(**{precision_field: precision, f"{end_field}__gte": _earliest_stored_covering(day, precision)})
            for precision in DatePrecision.values
        ),
    )


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """'25 January 2018', 'late March 2021', 'mid-March 2021', 'December 2017' or '2017'; '' when unknown."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month]} {value.year}"
    if precision in PART_WORDS:
        word = PART_WORDS[precision]
        return f"{word}{'' if word.endswith('-') else ' '}{MONTHS[value.month]} {value.year}"
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def format_date_range(
    start: datetime.date | None, start_precision: str, end: datetime.date | None, end_precision: str
) -> str:
    """
    A compact range in British style: '25–26 January 2018', '30 January – 2 February
    2018', 'November–December 2017', 'December 2017', '2017'. One open end reads
    'from …' or 'until …'; no dates at all give ''.
    """
    if start is None and end is None:
        return ""
    if end is None:
        return f"from {format_partial_date(start, start_precision)}"
    if start is None:
        return f"until {format_partial_date(end, end_precision)}"
    start_text = format_partial_date(start, start_precision)
    end_text = format_partial_date(end, end_precision)
    if start_text == end_text:
        return start_text
    if start_precision == end_precision and start.year == end.year:
        if start_precision == DatePrecision.DAY and start.month == end.month:
            return f"{start.day}{EN_DASH}{end_text}"
        if start_precision == DatePrecision.DAY:
            return f"{start.day} {MONTHS[start.month]} {EN_DASH} {end_text}"
        if start_precision == DatePrecision.MONTH:
            return f"{MONTHS[start.month]}{EN_DASH}{end_text}"
    return f"{start_text} {EN_DASH} {end_text}"


def parse_partial_date(text: object) -> tuple[datetime.date, str]:
    """
    Parse 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'YYYY-MM-early' (mid, late) into (date, precision).

    Raises ValueError with a message an editor can act on.
    """
    match = _ISO_PARTIAL.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"{text!r} is not a date: write YYYY-MM-DD for a day, YYYY-MM-early, -mid or -late for a part of "
            "a month, YYYY-MM for a month or YYYY for a year."
        )
    year, month, day = match.groups()
    if day in PART_STARTS:
        try:
            return datetime.date(int(year), int(month), PART_STARTS[day]), DatePrecision(day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc}).") from None
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc}).") from None
    if day:
        return value, DatePrecision.DAY
    if month:
        return value, DatePrecision.MONTH
    return value, DatePrecision.YEAR


# "7 October 2022", "October 2024", "Oct. 2024", "October 7, 2022" (English month names),
# and a part of a month: "early March 2021", "mid-March 2021", "late March 2021".
_WRITTEN = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(?:(\d{1,2}),\s*)?(\d{4})$")
_PART = re.compile(r"^(early|mid|late)(?:-|\s+)(?:in\s+)?(.+)$", re.I)
_SLASHED = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
_MONTH_NUMBERS = (
    {name.lower(): number for number, name in enumerate(MONTHS) if name}
    | {name[:3].lower(): number for number, name in enumerate(MONTHS) if name}
    | {"sept": 9}
)
ACCEPTED_FORMS = (
    "2017 (a year), 2017-12 or December 2017 (a month), late December 2017 (early, mid or late in a month), "
    "2017-12-14 or 14 December 2017 (a day)"
)


def parse_typed_date(text: str) -> tuple[datetime.date, str]:
    """
    A date as an editor types it, with the precision it says: ISO ("2017", "2017-12",
    "2017-12-14") or written out ("December 2017", "14 December 2017", "December 14,
    2017"). Numeric day/month forms such as 01/08/2021 are refused: they read as
    1 August or 8 January depending on the reader. Raises ValueError naming the forms.
    """
    text = " ".join(text.split())
    if _ISO_PARTIAL.match(text):
        return parse_partial_date(text)
    part = _PART.match(text)
    if part is not None:
        value, precision = parse_typed_date(part.group(2))
        if precision != DatePrecision.MONTH:
            raise ValueError(f"{text!r}: early, mid and late go with a month, e.g. late March 2021.")
        word = DatePrecision(part.group(1).lower())
        return truncate(value, word), word
    if _SLASHED.match(text):
        raise ValueError(f"{text} could be read day first or month first: write {ACCEPTED_FORMS}.")
    match = _WRITTEN.match(text)
    month = _MONTH_NUMBERS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        raise ValueError(f"{text!r} is not a date this field reads: write {ACCEPTED_FORMS}.")
    day_before, _, day_after, year = match.groups()
    day = day_before or day_after
    try:
        value = datetime.date(int(year), month, int(day or 1))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date: {MONTHS[month]} {year} has no day {day}.") from None
    return value, DatePrecision.DAY if day else DatePrecision.MONTH


def clean_partial_range(instance: models.Model, start_field: str = "start_date", end_field: str = "end_date") -> None:
    """Model.clean() helper: an end before the start is an error on the end field."""
    start, end = getattr(instance, start_field), getattr(instance, end_field)
    if start is not None and end is not None and end < start:
        raise ValidationError({end_field: "The end date cannot be before the start date."})


def format_iso_partial(value: datetime.date | None, precision: str) -> str | None:
    """The inverse of parse_partial_date; None when the date is unknown."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    if precision in PART_STARTS:
        return f"{value.year:04d}-{value.month:02d}-{precision}"
    return value.isoformat()


def precision_constraint(date_field: str, precision_field: str, *, name: str) -> models.CheckConstraint:
    """A database check: a date has a precision, and an unknown date has none."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field}__isnull": True, precision_field: ""})
            | Q(
                **{
                    f"{date_field}__isnull": False,
                    f"{precision_field}__in": DatePrecision.values,
                }
            )
        ),
        name=name,
        violation_error_message=(
            f"Give a precision for {date_field.replace('_', ' ')} exactly when the date is known."
        ),
    )


def clean_partial_date(instance: models.Model, date_field: str, precision_field: str) -> None:
    """
    Model.clean() helper: default a known date's precision to a day, clear the
    precision of an unknown date, and store the first day of the period.
    """
    value = getattr(instance, date_field)
    precision = getattr(instance, precision_field)
    if value is None:
        setattr(instance, precision_field, "")
        return
    if not precision:
        precision = DatePrecision.DAY
        setattr(instance, precision_field, precision)
    setattr(instance, date_field, truncate(value, precision))


def range_constraint(start_field: str, end_field: str, *, name: str) -> models.CheckConstraint:
    """A database check: the end of a range is not before its start."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{start_field}__isnull": True})
            | Q(**{f"{end_field}__isnull": True})
            | Q(**{f"{end_field}__gte": models.F(start_field)})
        ),
        name=name,
        violation_error_message="The end date cannot be before the start date.",
    )
