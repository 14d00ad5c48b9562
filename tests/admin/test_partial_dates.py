"""Dates with a precision are typed as written in one box: the precision follows, errors sit on their field."""

import datetime

from django.urls import reverse

from actors.models import Affiliation
from articles.models import NegotiationRound, Quote
from tests.admin.forms import form_data
from tests.factories import ActorFactory, QuoteFactory, RoundFactory


def _round_form(admin_client, round_):
    url = reverse("admin:articles_negotiationround_change", args=[round_.pk])
    return url, form_data(admin_client.get(url))


def test_a_month_typed_as_yyyy_mm_is_stored_at_month_precision(admin_client, db):
    round_ = RoundFactory()
    url, data = _round_form(admin_client, round_)
    data.update(start_date="2021-08", end_date="")
    assert admin_client.post(url, data).status_code == 302
    round_.refresh_from_db()
    assert (round_.start_date, round_.start_precision) == (datetime.date(2021, 8, 1), "month")


def test_a_month_written_out_is_stored_and_shown_as_written(admin_client, db):
    round_ = RoundFactory()
    url, data = _round_form(admin_client, round_)
    data.update(start_date="October 2024", end_date="")
    admin_client.post(url, data)
    _, reopened = _round_form(admin_client, round_)
    assert reopened["start_date"] == "October 2024"


def test_there_is_no_separate_precision_menu(admin_client, db):
    url, data = _round_form(admin_client, RoundFactory())
    assert "start_precision" not in data and "end_precision" not in data


def test_an_ambiguous_date_is_an_error_on_its_field_naming_the_forms(admin_client, db):
    round_ = RoundFactory()
    url, data = _round_form(admin_client, round_)
    data.update(start_date="01/08/2021")
    response = admin_client.post(url, data)
    errors = response.context["adminform"].form.errors
    assert "day first or month first" in errors["start_date"][0]
    assert "December 2017" in errors["start_date"][0]


def test_an_end_before_the_start_is_reported_on_the_end_field(admin_client, db):
    round_ = RoundFactory()
    url, data = _round_form(admin_client, round_)
    data.update(start_date="March 2021", end_date="2020")
    response = admin_client.post(url, data)
    form = response.context["adminform"].form
    assert form.errors["end_date"] == ["The end date cannot be before the start date."]
    assert not form.non_field_errors()


def test_an_affiliation_inline_takes_a_written_month(admin_client, db):
    person = ActorFactory(kind="person")
    organization = ActorFactory(kind="organization")
    url = reverse("admin:actors_actor_change", args=[person.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-0-organization": str(organization.pk),
            "affiliations-0-role": "Special Envoy",
            "affiliations-0-start_date": "October 2024",
            "affiliations-0-end_date": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    affiliation = Affiliation.objects.get(person=person)
    assert (affiliation.start_date, affiliation.start_precision) == (datetime.date(2024, 10, 1), "month")
    assert affiliation.period_display == "from October 2024"


def test_a_quote_said_in_a_year_keeps_year_precision(admin_client, db):
    quote = QuoteFactory()
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(admin_client.get(url))
    data["said_on"] = "2017"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    quote = Quote.objects.get(pk=quote.pk)
    assert (quote.said_on, quote.said_on_precision, quote.said_on_display) == (
        datetime.date(2017, 1, 1),
        "year",
        "2017",
    )


def test_clearing_a_date_clears_its_precision(admin_client, db):
    round_ = RoundFactory(start_date=datetime.date(2021, 8, 1), start_precision="month")
    url, data = _round_form(admin_client, round_)
    data.update(start_date="", end_date="")
    admin_client.post(url, data)
    round_ = NegotiationRound.objects.get(pk=round_.pk)
    assert (round_.start_date, round_.start_precision) == (None, "")
