import pytest
from django.urls import reverse

from actors.models import Actor, ActorIdentifier, Affiliation, Alias
from actors.services import actor_merge, actor_merge_preview
from articles.models import Article, NegotiationProcess, Quote, RoundParticipant
from newsroom.search.engine import search
from tests.factories import (
    ActorFactory,
    AffiliationFactory,
    AliasFactory,
    ArticleFactory,
    GovernmentFactory,
    MediaFactory,
    ParticipantFactory,
    ProcessFactory,
    QuoteFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def references(*actors):
    """How many records point at any of `actors`, field by field."""
    return {
        "speaker": Quote.objects.filter(speaker__in=actors).count(),
        "speaker_affiliation": Quote.objects.filter(speaker_affiliation__in=actors).count(),
        "via": Quote.objects.filter(via__in=actors).count(),
        "affiliation_person": Affiliation.objects.filter(person__in=actors).count(),
        "affiliation_organization": Affiliation.objects.filter(organization__in=actors).count(),
        "participant": RoundParticipant.objects.filter(actor__in=actors).count(),
        "delegation_head": RoundParticipant.objects.filter(delegation_head__in=actors).count(),
        "convener": NegotiationProcess.objects.filter(convener__in=actors).count(),
        "outlet": Article.objects.filter(outlet__in=actors).count(),
        "identifier": ActorIdentifier.objects.filter(actor__in=actors).count(),
    }


@pytest.fixture
def duplicates(db, django_capture_on_commit_callbacks):
    """The same diplomat entered twice, each record with its own references (committed)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _duplicates()


def _duplicates():
    keep = ActorFactory(name="Bashar al-Ja'afari", slug="bashar-al-jaafari")
    dup = ActorFactory(name="Bashar Jaafari", slug="bashar-jaafari", description="Syrian envoy.")
    AliasFactory(actor=dup, name="B. Jaafari")
    AffiliationFactory(person=dup, role="Ambassador to the UN")
    QuoteFactory(speaker=keep)
    QuoteFactory(speaker=dup, text="cautiously hopeful", kind="partial")
    round_ = RoundFactory()
    ParticipantFactory(round=round_, actor=GovernmentFactory(), delegation_head=dup)
    ActorIdentifier.objects.create(actor=dup, scheme="wikidata", value="Q123456")
    return keep, dup


def test_merge_moves_every_reference_and_loses_none(duplicates):
    keep, dup = duplicates
    before = references(keep, dup)
    actor_merge(keep=keep, merge=dup)
    assert references(keep) == before
    assert not Actor.objects.filter(pk=dup.pk).exists()


def test_merged_name_becomes_an_alias_and_finds_the_kept_actor(duplicates, django_capture_on_commit_callbacks):
    keep, dup = duplicates
    with django_capture_on_commit_callbacks(execute=True):
        actor_merge(keep=keep, merge=dup)
    assert set(keep.aliases.values_list("name", flat=True)) == {"Bashar Jaafari", "B. Jaafari"}
    assert list(search(Actor.objects.all(), '"B. Jaafari"')) == [keep]
    assert len(search(Quote.objects.public(), '"Bashar Jaafari"')) == 2


def test_merge_keeps_details_only_the_duplicate_had(duplicates):
    keep, dup = duplicates
    actor_merge(keep=keep, merge=dup)
    keep.refresh_from_db()
    assert keep.description == "Syrian envoy."


def test_duplicate_participation_is_combined_keeping_its_details():
    round_ = RoundFactory()
    keep, dup = GovernmentFactory(), GovernmentFactory()
    head = ActorFactory()
    ParticipantFactory(round=round_, actor=keep, role="party")
    ParticipantFactory(round=round_, actor=dup, role="party", delegation_head=head)
    report = actor_merge(keep=keep, merge=dup)
    participant = RoundParticipant.objects.get(round=round_)
    assert (participant.actor, participant.delegation_head) == (keep, head)
    assert report.combined


def test_duplicate_alias_is_combined():
    keep, dup = ActorFactory(name="Russia"), ActorFactory(name="Russian Federation")
    AliasFactory(actor=keep, name="Moscow")
    AliasFactory(actor=dup, name="moscow")
    actor_merge(keep=keep, merge=dup)
    assert sorted(Alias.objects.filter(actor=keep).values_list("name", flat=True)) == ["Moscow", "Russian Federation"]


def test_merge_covers_media_conveners_and_organizations():
    keep, dup = MediaFactory(), MediaFactory()
    QuoteFactory(via=dup)
    ArticleFactory(outlet=dup)
    ProcessFactory(convener=dup)
    AffiliationFactory(organization=dup)
    before = references(keep, dup)
    actor_merge(keep=keep, merge=dup)
    assert references(keep) == before


def test_merge_is_recorded_in_history(duplicates, editor):
    keep, dup = duplicates
    dup_id = dup.pk
    actor_merge(keep=keep, merge=dup, user=editor)
    quote = Quote.objects.get(text="cautiously hopeful")
    latest = quote.history.order_by("-history_date").first()
    assert (latest.speaker_id, latest.history_user) == (keep.pk, editor)
    assert Actor.history.get(id=dup_id, history_type="-").history_user == editor


def test_merge_is_all_or_nothing(duplicates, monkeypatch):
    keep, dup = duplicates
    before = references(keep, dup)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Actor, "delete", fail)
    with pytest.raises(RuntimeError):
        actor_merge(keep=keep, merge=dup)
    assert references(dup)["speaker"] == 1
    assert references(keep, dup) == before


def test_preview_lists_what_would_move(duplicates):
    _, dup = duplicates
    preview = dict(actor_merge_preview(actor=dup))
    assert preview["quotes (speaker)"] == 1
    assert preview["aliases (actor)"] == 1
    assert preview["round participants (delegation head)"] == 1


def test_admin_merge_shows_a_preview_then_merges(as_role, duplicates):
    keep, dup = duplicates
    client = as_role("editor")
    url = reverse("admin:actors_actor_changelist")
    preview = client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk]})
    content = preview.content.decode()
    assert "Choose the actor to keep" in content
    assert "1 quotes (speaker)" in content
    assert Actor.objects.filter(pk=dup.pk).exists()
    client.post(
        url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "keep": keep.pk, "confirm": "yes"}
    )
    assert not Actor.objects.filter(pk=dup.pk).exists()
    assert Quote.objects.filter(speaker=keep).count() == 2
