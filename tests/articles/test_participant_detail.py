"""Participants: the lead in a role, a qualifier as printed, and the actor a participant represents."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.services import actor_merge
from articles.interchange import records_export, records_import
from articles.models import RoundParticipant
from tests.factories import ActorFactory, GovernmentFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediation():
    round_ = RoundFactory()
    bloc = ActorFactory(name="Regional bloc", kind="organization")
    envoy = ActorFactory(name="Hana Lind")
    RoundParticipant.objects.create(round=round_, actor=bloc, role="mediator", lead=True)
    RoundParticipant.objects.create(
        round=round_, actor=envoy, role="mediator", qualifier="on behalf of the regional bloc", represents=bloc
    )
    return round_


def test_the_lead_is_listed_first_in_its_role(mediation):
    assert [p.lead for p in mediation.participants.all()] == [True, False]


def test_the_detail_reads_as_printed(mediation):
    supporting = mediation.participants.get(lead=False)
    assert supporting.detail_display == "on behalf of the regional bloc; for Regional bloc"


def test_a_participant_cannot_represent_itself():
    round_ = RoundFactory()
    actor = GovernmentFactory()
    participant = RoundParticipant(round=round_, actor=actor, role="party", represents=actor)
    with pytest.raises(ValidationError) as raised:
        participant.full_clean()
    assert raised.value.message_dict["represents"] == ["A participant represents another actor, not itself."]


def test_the_round_page_shows_lead_qualifier_and_whom_they_represent(client, mediation):
    page = client.get(mediation.get_absolute_url()).content.decode()
    assert '<span class="tag">lead</span>' in page
    assert "on behalf of the regional bloc" in page
    assert 'For <a href="/actors/' in page


def test_the_api_gives_the_detail(client, mediation):
    data = client.get(f"/api/v1/rounds/{mediation.slug}/").json()
    mediators = data["participants"]["mediator"]
    assert [(m["lead"], m["qualifier"]) for m in mediators] == [
        (True, ""),
        (False, "on behalf of the regional bloc"),
    ]
    assert mediators[1]["represents"]["name"] == "Regional bloc"


def test_the_records_format_round_trips_the_detail(mediation):
    exported = records_export()
    [round_record] = [r for r in exported["rounds"] if r["slug"] == mediation.slug]
    supporting = next(p for p in round_record["participants"] if not p["lead"])
    assert (supporting["qualifier"], supporting["represents"]) == (
        "on behalf of the regional bloc",
        mediation.participants.get(lead=True).actor.slug,
    )
    RoundParticipant.objects.all().delete()
    records_import(data=exported)
    assert [(p.lead, p.qualifier) for p in mediation.participants.all()] == [
        (True, ""),
        (False, "on behalf of the regional bloc"),
    ]


def test_merge_moves_whom_a_participant_represents(mediation):
    bloc = mediation.participants.get(lead=True).actor
    duplicate = ActorFactory(name="The regional bloc", kind="organization")
    supporting = mediation.participants.get(lead=False)
    supporting.represents = duplicate
    supporting.save()
    actor_merge(keep=bloc, merge=duplicate)
    supporting.refresh_from_db()
    assert supporting.represents == bloc


def test_the_admin_offers_the_detail_on_the_round(admin_client, mediation):
    page = admin_client.get(reverse("admin:articles_negotiationround_change", args=[mediation.pk])).content.decode()
    for name in ("lead", "qualifier", "represents"):
        assert f'name="participants-0-{name}"' in page
