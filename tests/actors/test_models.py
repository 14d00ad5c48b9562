import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Actor, ActorIdentifier, Affiliation, Alias
from tests.factories import ActorFactory, AffiliationFactory, AliasFactory, GovernmentFactory, unchecked

pytestmark = pytest.mark.django_db

D = datetime.date


def test_actor_slug_is_unique_in_the_database():
    ActorFactory(slug="reuters")
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        Actor.objects.create(name="Reuters again", slug="reuters", kind="media")


def test_actor_slug_is_unique_with_a_clear_message():
    ActorFactory(slug="reuters")
    with pytest.raises(ValidationError, match="Actor with this Slug already exists"):
        Actor(name="Reuters again", slug="reuters", kind="media").full_clean()


def test_actor_kind_must_be_a_known_kind():
    with pytest.raises(ValidationError) as raised:
        Actor(name="X", slug="x", kind="alien").full_clean()
    assert "kind" in raised.value.message_dict


def test_actor_country_must_be_an_iso_code():
    with pytest.raises(ValidationError) as raised:
        Actor(name="X", slug="x", kind="government", country="XX").full_clean()
    assert "country" in raised.value.message_dict


def test_actor_name_is_normalized_on_save():
    actor = ActorFactory(name="Bashar al-Ja'afari")
    assert actor.name_normalized == "bashar al jaafari"


def test_alias_is_stored_normalized_for_matching():
    alias = AliasFactory(actor=ActorFactory(name="Russia", kind="government"), name="MOSCOW")
    assert alias.normalized == "moscow"


def test_alias_normalized_form_drops_apostrophes():
    alias = AliasFactory(name="Bashar al-Jaafari")
    assert alias.normalized == "bashar al jaafari"


def test_alias_spelling_variant_of_the_name_is_allowed():
    actor = ActorFactory(name="Bashar al-Ja'afari")
    Alias(actor=actor, name="Bashar al-Jaafari").full_clean()


def test_alias_repeating_the_name_is_refused():
    actor = ActorFactory(name="Reuters", kind="media")
    with pytest.raises(ValidationError, match="must differ from the actor's own name"):
        Alias(actor=actor, name="reuters").full_clean()


def test_alias_is_unique_per_actor_with_a_clear_message():
    alias = AliasFactory(name="Moscow")
    with pytest.raises(ValidationError, match="already has this alias"):
        Alias(actor=alias.actor, name="MOSCOW").full_clean()


def test_alias_is_unique_per_actor_in_the_database():
    alias = AliasFactory(name="Moscow")
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        Alias.objects.create(actor=alias.actor, name="moscow")


def test_affiliation_end_before_start_is_refused_with_a_message():
    affiliation = AffiliationFactory.build(
        person=ActorFactory(),
        organization=GovernmentFactory(),
        start_date=D(2018, 1, 1),
        start_precision="day",
        end_date=D(2017, 1, 1),
        end_precision="day",
    )
    with pytest.raises(ValidationError, match="end date cannot be before the start date"):
        affiliation.full_clean()


def test_affiliation_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        AffiliationFactory(start_date=D(2018, 1, 1), start_precision="day", end_date=D(2017, 1, 1), end_precision="day")


def test_affiliation_date_without_precision_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        AffiliationFactory(start_date=D(2018, 1, 1), start_precision="")


def test_affiliation_clean_stores_a_month_as_its_first_day():
    affiliation = AffiliationFactory.build(
        person=ActorFactory(), organization=GovernmentFactory(), start_date=D(2017, 5, 17), start_precision="month"
    )
    affiliation.full_clean()
    assert affiliation.start_date == D(2017, 5, 1)


def test_affiliation_holder_must_be_a_person():
    organization = GovernmentFactory()
    affiliation = Affiliation(person=GovernmentFactory(), organization=organization, role="Ally")
    with pytest.raises(ValidationError, match="Only a person can hold an affiliation"):
        affiliation.full_clean()


def test_affiliation_valid_on_covers_the_whole_end_month():
    affiliation = AffiliationFactory(
        start_date=D(2014, 7, 1), start_precision="month", end_date=D(2018, 12, 1), end_precision="month"
    )
    assert affiliation.is_valid_on(D(2018, 12, 31))
    assert not affiliation.is_valid_on(D(2019, 1, 1))


def test_role_on_picks_the_affiliation_valid_that_day():
    person = ActorFactory(name="Minister")
    old = AffiliationFactory(
        person=person,
        role="Defence Minister",
        start_date=D(2012, 5, 1),
        start_precision="month",
        end_date=D(2017, 5, 1),
        end_precision="month",
    )
    new = AffiliationFactory(person=person, role="Foreign Minister", start_date=D(2017, 6, 1), start_precision="month")
    assert person.role_on(D(2016, 3, 1)) == old
    assert person.role_on(D(2018, 1, 25)) == new
    assert person.role_on(D(2010, 1, 1)) is None


def test_wikidata_identifier_must_look_like_a_q_number():
    identifier = ActorIdentifier(actor=ActorFactory(), scheme="wikidata", value="1065")
    with pytest.raises(ValidationError, match="not a Wikidata id"):
        identifier.full_clean()


def test_identifier_is_unique_per_scheme():
    ActorIdentifier.objects.create(actor=ActorFactory(), scheme="wikidata", value="Q1065")
    with pytest.raises(ValidationError, match="Another actor already has this identifier"):
        ActorIdentifier(actor=ActorFactory(), scheme="wikidata", value="Q1065").full_clean()


def test_identifier_links_to_its_dataset():
    identifier = ActorIdentifier(scheme="wikidata", value="Q1065")
    assert identifier.url == "https://www.wikidata.org/wiki/Q1065"
