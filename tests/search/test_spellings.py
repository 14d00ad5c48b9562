"""
Names spelled many ways (issue 11, point 11): search, the admin's and the search page's
actor lookups find an actor through other spellings and transliterations; the search
page says which spellings it added and offers "Did you mean" when nothing is found;
countries and demonyms find each other; the import warns of a new actor spelled like an
existing one. Run on SQLite and on PostgreSQL, like the rest of the suite.
"""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from actors.models import Actor, NameKey
from actors.services import actor_merge, actor_merge_preview
from actors.spelling import likely_duplicates
from articles.interchange import records_import
from articles.models import Article, Quote
from newsroom.search.engine import did_you_mean, prepare, search
from newsroom.spelling import country_variants, name_key
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def peskov(django_capture_on_commit_callbacks):
    """Dmitry Peskov, quoted once in a published article, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        actor = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", country="RU")
        QuoteFactory(speaker=actor, speaker_label="Kremlin spokesman")
    return actor


def quotes_found(query):
    return list(search(Quote.objects.public(), query))


def search_page(client, query, **params):
    return client.get("/search/", {"q": query, **params}).content.decode()


# -- the key ---------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Dmitry", "Dmitri", "Дмитрий"),
        ("Qaddafi", "Gaddafi", "Kadhafi", "Gadhafi"),
        ("Erdoğan", "Erdogan"),
        ("Ja'afari", "jaafri", "Jaafari"),
        ("Peskov", "Песков"),
        ("Zelenskyy", "Zelensky", "Zelenskiy"),
    ],
    ids=lambda spellings: spellings[0],
)
def test_spellings_of_one_name_share_a_key(spellings):
    assert len({name_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(("first", "second"), [("Peskov", "Lavrov"), ("Assad", "Jaafari"), ("Mistura", "Lind")])
def test_different_names_have_different_keys(first, second):
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("typed", "country"),
    [("Syrian", ["syria"]), ("Syrians", ["syria"]), ("Syria", ["syrian"]), ("Turkey", ["turkish"])],
)
def test_a_country_and_its_demonym_name_each_other(typed, country):
    assert country_variants(typed) == country


# -- search ------------------------------------------------------------------


def test_another_spelling_of_a_speaker_finds_the_quote(peskov):
    assert [quote.speaker for quote in quotes_found("Dmitri Peskov")] == [peskov]


def test_a_transliteration_finds_the_quote(peskov):
    assert [quote.speaker for quote in quotes_found("Песков")] == [peskov]


def test_a_misspelling_with_the_same_consonants_finds_the_reference_speaker(demo):
    assert [quote.speaker.slug for quote in quotes_found("jaafri")] == ["bashar-al-jaafari"]


def test_a_doubled_letter_finds_the_quote(peskov):
    assert [quote.speaker for quote in quotes_found("Peskoff")] == [peskov]


def test_a_word_in_quotation_marks_is_searched_for_as_typed(peskov):
    assert quotes_found('"Peskoff"') == []


def test_the_query_lists_the_spellings_it_added(peskov):
    [added] = prepare("Dmitri Peskov").respelled
    assert (added.typed, added.spelling, added.because) == ("dmitri", "dmitry", "Dmitry Peskov")


def test_a_spelling_of_no_actor_is_not_respelled(peskov):
    assert prepare("Dmitrov").respelled == []


def test_a_demonym_finds_an_article_that_names_the_country(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(body="Talks on Syria resumed in Vienna on Thursday.")
    assert list(search(Article.objects.public(), "Syrian")) == [article]


def test_a_country_finds_an_article_that_uses_the_demonym(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(body="Syrian delegates left Vienna on Friday.")
    assert list(search(Article.objects.public(), "Syria")) == [article]


def test_a_demonym_finds_an_actor_of_the_country(peskov):
    assert list(search(Actor.objects.all(), "Russian")) == [peskov]


def test_the_api_finds_another_spelling(client, peskov):
    response = client.get("/api/v1/quotes/", {"q": "Dmitri Peskov"})
    assert [quote["speaker"]["slug"] for quote in response.json()["results"]] == ["dmitry-peskov"]


# -- the search page -----------------------------------------------------------


def test_the_search_page_says_which_spellings_it_added(client, peskov):
    page = search_page(client, "Dmitri Peskov")
    assert "Also searched for other spellings: <strong>dmitry</strong> for dmitri (Dmitry Peskov)" in page


def test_the_search_page_offers_a_close_name_when_nothing_is_found(client, peskov):
    page = search_page(client, "Peskob", type="quotes")
    assert 'Did you mean <a href="?q=Peskov&amp;type=quotes">Peskov</a>?' in page


def test_the_suggested_query_replaces_the_misspelt_word_only(peskov):
    suggested, _ = did_you_mean(prepare("Peskob talks"))
    assert suggested == "Peskov talks"


def test_did_you_mean_offers_a_country(db):
    suggested, [because] = did_you_mean(prepare("Syira"))
    assert (suggested, because.because) == ("Syria", "a country")


def test_did_you_mean_keeps_the_filters_and_type(client, peskov):
    page = search_page(client, "peskob", type="actors", kind="person")
    assert "?q=peskov&amp;type=actors&amp;kind=person" in page


def test_did_you_mean_is_not_offered_when_something_is_found(client, peskov):
    assert "Did you mean" not in search_page(client, "Peskov")


def test_did_you_mean_is_not_offered_for_a_word_far_from_every_name(client, peskov):
    assert "Did you mean" not in search_page(client, "xylophone")


def test_the_filter_box_suggests_an_actor_spelled_another_way(client, peskov):
    response = client.get("/search/suggest/actors/", {"term": "Dmitri Peskov"})
    assert response.json()["results"] == [{"value": "dmitry-peskov", "label": "Dmitry Peskov"}]


# -- the admin -------------------------------------------------------------------


def test_the_admin_actor_search_finds_another_spelling(admin_client, peskov):
    page = admin_client.get("/admin/actors/actor/", {"q": "Dmitri Peskov"}).content.decode()
    assert f"/admin/actors/actor/{peskov.pk}/change/" in page


def test_the_speaker_autocomplete_finds_another_spelling(admin_client, demo):
    params = {"app_label": "articles", "model_name": "quote", "field_name": "speaker", "term": "jaafri"}
    results = admin_client.get("/admin/autocomplete/", params).json()["results"]
    assert [result["text"] for result in results] == ["Bashar al-Ja'afari"]


def test_the_admin_quote_search_finds_another_spelling(admin_client, peskov):
    page = admin_client.get("/admin/articles/quote/", {"q": "Dmitri"}).content.decode()
    assert "1 result" in page


# -- the keys are kept current --------------------------------------------------------


def test_an_alias_is_found_by_its_spellings(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actor = ActorFactory(name="Mahmoud Abbas")
        AliasFactory(actor=actor, name="Abu Mazen")
    assert list(search(Actor.objects.all(), "Mazin")) == [actor]


def test_a_renamed_actor_is_found_by_the_new_spelling_only(peskov):
    peskov.name = "Sergei Lavrov"
    peskov.save()
    assert (prepare("Lavrof").respelled[0].spelling, prepare("Dmitri").respelled) == ("lavrov", [])


def test_a_deleted_alias_takes_its_keys_away(db):
    actor = ActorFactory(name="Mahmoud Abbas")
    AliasFactory(actor=actor, name="Abu Mazen").delete()
    assert not NameKey.objects.filter(word="mazen").exists()


def test_a_deleted_actor_takes_its_keys_and_its_aliases_away(db):
    actor = ActorFactory(name="Mahmoud Abbas")
    AliasFactory(actor=actor, name="Abu Mazen")
    actor.delete()
    assert not NameKey.objects.exists()


def test_actors_deleted_together_take_their_keys_away(db):
    AliasFactory(actor=ActorFactory(name="Mahmoud Abbas"), name="Abu Mazen")
    Actor.objects.all().delete()
    assert not NameKey.objects.exists()


def test_a_merge_gives_the_kept_actor_the_merged_spellings_and_does_not_list_keys(db):
    keep, merge = ActorFactory(name="Muammar Qaddafi"), ActorFactory(name="Moammar Gadhafi")
    assert actor_merge_preview(actor=merge) == []
    actor_merge(keep=keep, merge=merge)
    assert set(NameKey.objects.values_list("actor_id", "word")) == {
        (keep.pk, "muammar"),
        (keep.pk, "qaddafi"),
        (keep.pk, "moammar"),
        (keep.pk, "gadhafi"),
    }


def test_the_migration_writes_the_keys_of_actors_that_existed_before_it(demo):
    write_keys = importlib.import_module("actors.migrations.0006_name_keys").write_keys
    before = set(NameKey.objects.values_list("actor_id", "word", "key"))
    NameKey.objects.all().delete()
    write_keys(apps, None)
    assert set(NameKey.objects.values_list("actor_id", "word", "key")) == before


# -- the import ------------------------------------------------------------------------


def test_the_import_warns_of_a_new_actor_spelled_like_an_existing_one(demo, records):
    records["actors"].append({"slug": "bashar-jaafary", "name": "Bashar Jaafary", "kind": "person"})
    [warning] = records_import(data=records).warnings
    where = f'actors[{len(records["actors"]) - 1}] "bashar-jaafary"'
    assert (warning.where, warning.field) == (where, "name")
    assert "spelled like “Bashar al-Ja'afari” (bashar-al-jaafari)" in warning.message


def test_the_import_command_prints_the_warning(demo, records, tmp_path):
    records["actors"].append({"slug": "staffan-di-mistura", "name": "Staffan di Mistura", "kind": "person"})
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    err = io.StringIO()
    call_command("import_records", str(path), stdout=io.StringIO(), stderr=err)
    assert "Staffan di Mistura" in err.getvalue() and "(staffan-de-mistura)" in err.getvalue()


def test_the_import_does_not_warn_of_an_actor_with_a_name_of_its_own(demo, records):
    records["actors"].append({"slug": "hana-lind", "name": "Hana Lind", "kind": "person"})
    assert records_import(data=records).warnings == []


def test_importing_the_same_actors_again_does_not_warn(demo, records):
    assert records_import(data=records).warnings == []


def test_a_country_is_not_a_duplicate_of_an_agency_named_after_it(demo):
    assert likely_duplicates("France") == [Actor.objects.get(slug="france")]
