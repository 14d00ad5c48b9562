"""Words quoted from a body where they occur twice: the editor picks the sentence, not a number."""

import pytest
from django.urls import reverse

from articles.models import Quote
from tests.admin.forms import form_data
from tests.factories import ActorFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Envoys call the meeting a step forward.\n\n"
    "The envoy said the talks were “a step forward” and that more rounds would follow."
)
FIRST, SECOND = BODY.index("a step forward"), BODY.rindex("a step forward")


@pytest.fixture
def article():
    return ArticleFactory(body=BODY, draft=True)


def quote_url(quote):
    return reverse("admin:articles_quote_change", args=[quote.pk])


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_quote_form_offers_each_sentence_with_the_words_marked(admin_client, article):
    quote = QuoteFactory(article=article, text="a step forward", kind="partial")
    page = admin_client.get(quote_url(quote)).content.decode()
    assert page.count('name="occurrence"') == 2
    assert "Envoys call the meeting <mark>a step forward</mark>." in page
    assert "The envoy said the talks were “<mark>a step forward</mark>” and that more rounds would follow." in page


def test_the_stored_occurrence_is_the_one_checked(admin_client, article):
    quote = QuoteFactory(article=article, text="a step forward", kind="partial")
    assert quote.span_start == FIRST
    assert form_data(admin_client.get(quote_url(quote)))["occurrence"] == str(FIRST)


def test_choosing_the_other_sentence_moves_the_quote_there(admin_client, article):
    quote = QuoteFactory(article=article, text="a step forward", kind="partial")
    data = form_data(admin_client.get(quote_url(quote)))
    data["occurrence"] = str(SECOND)
    response = admin_client.post(quote_url(quote), data)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.span_start, quote.span_end) == (SECOND, SECOND + len("a step forward"))


def test_words_found_once_offer_no_choice(admin_client, article):
    quote = QuoteFactory(article=article, text="more rounds would follow", kind="partial")
    page = admin_client.get(quote_url(quote)).content.decode()
    assert 'type="hidden" name="occurrence"' in page
    assert 'type="radio" name="occurrence"' not in page


def add_inline_quote(data, index, speaker):
    data.update(
        {
            "quotes-TOTAL_FORMS": str(index + 1),
            f"quotes-{index}-text": "a step forward",
            f"quotes-{index}-kind": "partial",
            f"quotes-{index}-speaker": str(speaker.pk),
        }
    )


def test_a_new_quote_found_twice_asks_which_and_saves_nothing(admin_client, article):
    data = form_data(admin_client.get(article_url(article)))
    add_inline_quote(data, 0, ActorFactory())
    response = admin_client.post(article_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "These words occur 2 times in the body: choose the sentence they are quoted from." in page
    assert page.count('name="quotes-0-occurrence"') == 2
    assert not Quote.objects.exists()


def test_a_new_quote_saves_at_the_chosen_sentence(admin_client, article):
    data = form_data(admin_client.get(article_url(article)))
    add_inline_quote(data, 0, ActorFactory())
    data["quotes-0-occurrence"] = str(SECOND)
    response = admin_client.post(article_url(article), data)
    assert response.status_code == 302
    assert Quote.objects.get().span_start == SECOND


def test_a_body_edit_in_the_same_form_keeps_the_chosen_sentence(admin_client, article):
    quote = QuoteFactory(article=article, text="a step forward", kind="partial")
    data = form_data(admin_client.get(quote_url(quote)))
    data["occurrence"] = str(SECOND)
    admin_client.post(quote_url(quote), data)
    data = form_data(admin_client.get(article_url(article)))
    data["body"] = "VIENNA — " + BODY
    response = admin_client.post(article_url(article), data)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.span_start == SECOND + len("VIENNA — ")


def test_a_new_quote_is_checked_against_the_body_typed_in_the_same_form(admin_client):
    article = ArticleFactory(body="Envoys call the meeting a step forward.", draft=True)
    data = form_data(admin_client.get(article_url(article)))
    data["body"] = BODY
    add_inline_quote(data, 0, ActorFactory())
    page = admin_client.post(article_url(article), data).content.decode()
    assert page.count('type="radio" name="quotes-0-occurrence"') == 2
    assert "<mark>a step forward</mark>” and that more rounds would follow." in page
    assert not Quote.objects.exists()
