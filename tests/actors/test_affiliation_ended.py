"""A role still held and a role that ended on a date not known are told apart everywhere."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from actors.models import Affiliation
from articles.interchange import ImportFailed, records_export, records_import
from newsroom.dates import DatePrecision
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db

YEAR_2014 = {"start_date": datetime.date(2014, 1, 1), "start_precision": DatePrecision.YEAR}


def test_a_role_without_end_is_current():
    held = AffiliationFactory(**YEAR_2014)
    assert held.current
    assert held.period_display == "from 2014"


def test_a_role_that_ended_on_a_date_not_known_is_not_current_and_says_so():
    former = AffiliationFactory(ended=True, **YEAR_2014)
    assert not former.current
    assert former.period_display == "from 2014, ended (date not known)"


def test_a_role_with_no_dates_that_ended_says_so():
    assert AffiliationFactory(ended=True).period_display == "ended (dates not known)"


def test_an_end_date_marks_the_role_ended():
    affiliation = AffiliationFactory(end_date=datetime.date(2021, 5, 1), end_precision=DatePrecision.MONTH)
    assert affiliation.ended
    assert not affiliation.current


def test_the_database_refuses_an_end_date_on_a_role_not_ended():
    affiliation = AffiliationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.filter(pk=affiliation.pk).update(
            end_date=datetime.date(2021, 1, 1), end_precision=DatePrecision.DAY
        )


def test_the_role_at_the_time_still_comes_from_a_role_that_ended_on_a_date_not_known():
    former = AffiliationFactory(ended=True, **YEAR_2014)
    assert former.person.role_on(datetime.date(2016, 3, 1)) == former


def test_the_api_says_ended_and_current(client):
    former = AffiliationFactory(ended=True, **YEAR_2014)
    [row] = client.get(f"/api/v1/actors/{former.person.slug}/").json()["affiliations"]
    assert (row["end"], row["ended"], row["current"]) == (None, True, False)
    assert row["period"] == "from 2014, ended (date not known)"


def test_the_actor_page_shows_the_role_as_ended(client):
    former = AffiliationFactory(ended=True, **YEAR_2014)
    page = client.get(former.person.get_absolute_url()).content.decode()
    assert "from 2014, ended (date not known)" in page


def test_the_admin_offers_ended_beside_the_end_date(admin_client):
    former = AffiliationFactory()
    page = admin_client.get(reverse("admin:actors_actor_change", args=[former.person.pk])).content.decode()
    assert 'name="affiliations-0-ended"' in page


def people(**affiliation):
    return {
        "actors": [
            {"slug": "un", "name": "United Nations", "kind": "organization"},
            {
                "slug": "envoy",
                "name": "Hana Lind",
                "kind": "person",
                "affiliations": [{"organization": "un", "role": "Special Envoy", **affiliation}],
            },
        ]
    }


def exported_affiliation():
    return next(a for a in records_export()["actors"] if a["slug"] == "envoy")["affiliations"][0]


def test_the_records_format_keeps_a_role_that_ended_on_a_date_not_known():
    records_import(data=people(start="2014", ended=True))
    assert exported_affiliation() == {
        "organization": "un",
        "role": "Special Envoy",
        "start": "2014",
        "end": None,
        "ended": True,
    }


def test_the_records_format_takes_an_end_as_ended():
    records_import(data=people(end="2019-06"))
    assert exported_affiliation()["ended"] is True


def test_the_records_format_refuses_an_end_on_a_role_said_not_ended():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=people(end="2019-06", ended=False))
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("ended", "a role with an end date has ended: leave out ended")
    ]
