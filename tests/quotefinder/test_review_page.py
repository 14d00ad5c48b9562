"""The suggestion page at real size: pages of cards, autocompletes, next card, accept all, recorded quotes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, NegotiationRound, Quote, RejectedSuggestion
from articles.quotefinder import database
from articles.services import article_set_rounds

from .test_articles import form_data_for

SPEAKERS = ["Staffan de Mistura", "Jean-Yves Le Drian", "Bashar al-Ja'afari"]


@pytest.fixture
def long_article(demo):
    """A draft with 25 attributed quotes: more than one page of cards."""
    body = "\n\n".join(
        f'"We will meet again for round {n} and talk about the text," {SPEAKERS[n % 3]} said.' for n in range(25)
    )
    return Article.objects.create(headline="A long day", slug="long-day", body=body, status="draft")


@pytest.fixture
def fresh_article(demo):
    source = Article.objects.get()
    return Article.objects.create(headline="Second take", slug="second-take", body=source.body, status="draft")


def url_of(article):
    return reverse("admin:articles_article_suggest_quotes", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_cards_come_twenty_to_a_page(admin_client, long_article):
    first = admin_client.get(url_of(long_article)).content.decode()
    assert first.count('name="action" value="accept"') == 20
    assert "Suggestions 1–20 of 25" in first and "?from=20" in first
    second = admin_client.get(url_of(long_article), {"from": "20"}).content.decode()
    assert second.count('name="action" value="accept"') == 5


def test_the_text_links_each_highlight_to_the_page_of_its_card(admin_client, long_article):
    page = admin_client.get(url_of(long_article)).content.decode()
    assert 'href="?from=20#suggestion-24"' in page


def test_actor_and_round_boxes_are_autocompletes_with_their_value_only(admin_client, fresh_article):
    page = admin_client.get(url_of(fresh_article)).content.decode()
    speaker = page[page.index('name="s0-speaker"') : page.index("</select>", page.index('name="s0-speaker"'))]
    assert "admin-autocomplete" in speaker and 'data-ajax--url="/admin/autocomplete/"' in speaker
    assert speaker.count("<option") == 2  # empty, and the proposed speaker


def test_a_page_of_cards_costs_the_same_reads_however_many_cards(admin_client, long_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin_client.get(url_of(long_article))  # the finder's reading is cached after this
    counts = []
    for start in ("0", "20"):  # 20 cards, then 5
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url_of(long_article), {"from": start})
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_the_finder_reads_an_article_version_once(admin_client, fresh_article, monkeypatch):
    calls = []
    real = database.find_quotes
    monkeypatch.setattr(database, "find_quotes", lambda *a, **k: calls.append(1) or real(*a, **k))
    admin_client.get(url_of(fresh_article))
    admin_client.get(url_of(fresh_article))
    assert len(calls) == 1
    admin_client.post(url_of(fresh_article), {"action": "refresh"})
    admin_client.get(url_of(fresh_article))
    assert len(calls) == 2


def test_accept_opens_the_page_at_the_next_card(admin_client, fresh_article):
    data = form_data_for(admin_client.get(url_of(fresh_article)), 0)
    data.update(action="accept")
    response = admin_client.post(url_of(fresh_article), data)
    assert response.url.endswith("?from=0#suggestion-1")


def test_reject_opens_the_page_at_the_card_that_takes_its_place(admin_client, fresh_article):
    response = admin_client.post(url_of(fresh_article), {"suggestion": "2", "words": "last hope", "action": "reject"})
    assert not RejectedSuggestion.objects.exists()  # "last hope" is card 1, not 2: refused
    assert "no longer proposed here" in messages_of(response)[0]
    response = admin_client.post(url_of(fresh_article), {"suggestion": "1", "words": "last hope", "action": "reject"})
    assert response.url.endswith("#suggestion-1")
    assert messages_of(response)[-1] == "Rejected “last hope”: it will not be proposed again."


def test_a_recorded_quote_shows_its_recorded_values_and_an_edit_link_not_a_reject(admin_client, fresh_article):
    data = form_data_for(admin_client.get(url_of(fresh_article)), 0)
    data.update({"action": "accept", "s0-speaker_label": "the Syrian envoy"})
    admin_client.post(url_of(fresh_article), data)
    quote = Quote.objects.get(article=fresh_article)
    page = admin_client.get(url_of(fresh_article)).content.decode()
    card = page[page.index('id="suggestion-0"') : page.index('id="suggestion-1"')]
    assert "Recorded as a direct quote of Bashar al-Ja" in card and "“the Syrian envoy”" in card
    assert reverse("admin:articles_quote_change", args=[quote.pk]) in card
    assert 'value="reject"' not in card and 'value="accept"' not in card


def test_accept_all_records_every_sure_suggestion_with_a_count(admin_client, long_article):
    page = admin_client.get(url_of(long_article)).content.decode()
    assert '<option value="0.7" selected>0.7 or more (25)</option>' in page
    response = admin_client.post(url_of(long_article), {"action": "accept_all", "threshold": "0.7"})
    assert Quote.objects.filter(article=long_article).count() == 25
    assert messages_of(response) == ["Accepted 25 suggestions with a confidence of 0.7 or more."]


def test_accept_all_refuses_a_level_it_did_not_offer(admin_client, long_article):
    admin_client.post(url_of(long_article), {"action": "accept_all", "threshold": "0.01"})
    assert not Quote.objects.filter(article=long_article).exists()


def test_the_article_round_is_proposed_when_it_has_one(admin_client, fresh_article):
    without = [s.text for s in database.quote_suggest(article=fresh_article) if s.round is None]
    assert without  # the text names no round for these
    article_set_rounds(article=fresh_article, rounds=[NegotiationRound.objects.get(slug="vienna-2018")])
    proposed = {s.text: s.round.slug for s in database.quote_suggest(article=fresh_article) if s.text in without}
    assert proposed == dict.fromkeys(without, "vienna-2018")


def test_several_article_rounds_are_named_for_the_editor_to_pick(admin_client, fresh_article):
    rounds = NegotiationRound.objects.filter(slug__in=["vienna-2018", "sochi-2018"])
    article_set_rounds(article=fresh_article, rounds=rounds)
    notes = {s.round_note for s in database.quote_suggest(article=fresh_article) if s.round is None}
    assert any(note.startswith("The article covers") and note.endswith("pick the round.") for note in notes)
