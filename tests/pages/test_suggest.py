"""The search filters' text boxes and the suggestions behind them (/search/suggest/<source>/)."""

import re

import pytest

from tests.factories import (
    ActorFactory,
    AliasFactory,
    ArticleFactory,
    MediaFactory,
    ProcessFactory,
    QuoteFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def suggestions(client, source, term):
    response = client.get(f"/search/suggest/{source}/", {"term": term})
    assert response.status_code == 200
    return response.json()["results"]


def test_an_actor_is_suggested_by_part_of_its_name(client):
    ActorFactory(name="Bashar al-Jaafari", slug="bashar-al-jaafari")
    assert suggestions(client, "actors", "jaaf") == [{"value": "bashar-al-jaafari", "label": "Bashar al-Jaafari"}]


def test_an_actor_is_suggested_by_an_alias_without_its_accents(client):
    actor = ActorFactory(name="Staffan de Mistura", slug="staffan-de-mistura")
    AliasFactory(actor=actor, name="Emissaire onusien")
    assert [found["value"] for found in suggestions(client, "actors", "émissaire")] == ["staffan-de-mistura"]


def test_an_actor_with_two_matching_aliases_is_suggested_once(client):
    actor = ActorFactory(name="Republic of Turkey", slug="turkey")
    AliasFactory(actor=actor, name="Turkiye")
    AliasFactory(actor=actor, name="Turkish Republic")
    assert [found["value"] for found in suggestions(client, "actors", "tur")] == ["turkey"]


def test_a_round_is_suggested_by_its_slug(client):
    RoundFactory(name="Vienna special meeting", slug="vienna-2018")
    assert suggestions(client, "rounds", "vienna-2")[0]["value"] == "vienna-2018"


def test_a_process_is_suggested_by_name(client):
    ProcessFactory(name="Astana format", slug="astana")
    assert suggestions(client, "processes", "astana")[0] == {"value": "astana", "label": "Astana format"}


def test_a_country_is_suggested_by_name_or_code(client):
    assert {"value": "CH", "label": "Switzerland"} in suggestions(client, "countries", "switz")
    assert suggestions(client, "countries", "ch")[0]["value"] == "CH"


def test_suggestions_stop_at_twenty(client):
    for number in range(25):
        ActorFactory(name=f"Envoy {number:02d}")
    assert len(suggestions(client, "actors", "envoy")) == 20


def test_one_letter_suggests_nothing(client):
    ActorFactory(name="Envoy")
    assert suggestions(client, "actors", "e") == []


def test_an_unknown_source_is_404(client):
    assert client.get("/search/suggest/articles/", {"term": "talks"}).status_code == 404


def test_the_search_page_has_no_select_longer_than_a_hundred_options(client):
    for number in range(120):
        ActorFactory(name=f"Envoy {number:03d}")
        RoundFactory()
    for search_type in ("quotes", "articles", "actors", "rounds"):
        html = client.get("/search/", {"type": search_type}).content.decode()
        longest = max(len(re.findall(r"<option", select)) for select in re.findall(r"<select.*?</select>", html, re.S))
        assert longest <= 100, search_type


def test_the_speaker_box_takes_a_slug_and_shows_the_name(client):
    ActorFactory(name="Bashar al-Jaafari", slug="bashar-al-jaafari")
    html = client.get("/search/", {"speaker": "bashar-al-jaafari"}).content.decode()
    assert 'value="bashar-al-jaafari"' in html
    assert '<p class="field__hint">Bashar al-Jaafari</p>' in html


def test_the_speaker_box_asks_for_suggestions_from_speakers(client):
    html = client.get("/search/").content.decode()
    box = re.search(r'<input[^>]*name="speaker"[^>]*>', html).group(0)
    assert 'data-suggest="/search/suggest/speakers/"' in box


def test_the_relay_box_asks_for_suggestions_from_media(client):
    html = client.get("/search/").content.decode()
    box = re.search(r'<input[^>]*name="via"[^>]*>', html).group(0)
    assert 'data-suggest="/search/suggest/media/"' in box


def test_speakers_are_actors_quoted_in_a_published_article(client):
    QuoteFactory(speaker=ActorFactory(name="Hana Lind", slug="hana-lind"))
    ActorFactory(name="Hana Lindqvist", slug="hana-lindqvist")  # never quoted
    assert [found["value"] for found in suggestions(client, "speakers", "hana")] == ["hana-lind"]


def test_an_actor_quoted_only_in_a_draft_is_not_suggested_as_a_speaker(client):
    QuoteFactory(speaker=ActorFactory(name="Hana Lind"), article=ArticleFactory(draft=True))
    assert suggestions(client, "speakers", "hana") == []


def test_media_suggestions_are_media_only(client):
    MediaFactory(name="Meridian News", slug="meridian-news")
    ActorFactory(name="Meridian Council", slug="meridian-council", kind="organization")
    assert [found["value"] for found in suggestions(client, "media", "meridian")] == ["meridian-news"]
