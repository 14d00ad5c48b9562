"""Articles in other languages: slugs in Latin letters, text that keeps its direction, the article's language."""

import html
import re

import pytest
from django.urls import reverse

from articles.models import Article
from newsroom.text import slug_from
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Переговоры в Вене продолжаются", "peregovory-v-vene-prodolzhayutsya"),
        ("Genève : les pourparlers reprennent", "geneve-les-pourparlers-reprennent"),
        ("Ζήτημα Κύπρου", "zitima-kyproy"),
        ("Talks resume: ‘tough but useful’", "talks-resume-tough-but-useful"),
        ("العالم تنتظر الاتفاق", ""),
        ("שיחות בווינה", ""),
    ],
)
def test_a_slug_is_made_in_latin_letters_or_left_to_the_editor(headline, slug):
    assert slug_from(headline) == slug


def _new_article(admin_client, **fields):
    url = reverse("admin:articles_article_add")
    data = form_data(admin_client.get(url))
    data.update({"body": "Delegates met.", "status": "draft", "language": "ru", "slug": "", **fields})
    return admin_client.post(url, data)


def test_an_empty_slug_is_made_from_a_cyrillic_headline(admin_client, db):
    response = _new_article(admin_client, headline="Переговоры в Вене")
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert Article.objects.get().slug == "peregovory-v-vene"


def test_a_made_slug_already_taken_gets_a_number(admin_client, db):
    ArticleFactory(slug="peregovory-v-vene")
    _new_article(admin_client, headline="Переговоры в Вене")
    assert Article.objects.filter(slug="peregovory-v-vene-2").exists()


def test_an_arabic_headline_asks_the_editor_for_a_slug(admin_client, db):
    response = _new_article(admin_client, headline="العالم تنتظر الاتفاق", language="ar")
    assert response.status_code == 200
    assert "type a short slug" in response.context["adminform"].form.errors["slug"][0]


def test_the_admin_fills_no_slug_in_the_browser(admin_client, db):
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    fields = re.search(r'data-prepopulated-fields="([^"]*)"', page).group(1)
    assert "slug" not in html.unescape(fields)


def test_the_article_page_keeps_its_language_and_direction(client, db):
    article = ArticleFactory(language="ar", headline="العالم تنتظر الاتفاق", slug="al-alam")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'lang="ar"' in page and '<h1 dir="auto">' in page and '<p dir="auto">' in page


def test_quote_cards_carry_their_article_language(client, db):
    quote = QuoteFactory(article=ArticleFactory(language="fr"))
    page = client.get(quote.get_absolute_url()).content.decode()
    assert 'lang="fr" dir="auto"' in page


def test_the_body_box_follows_the_text_direction_in_the_admin(admin_client, db):
    article = ArticleFactory(language="ar")
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'dir="auto" lang="ar"' in page or 'lang="ar" dir="auto"' in page


def test_the_article_form_reads_the_same_whatever_the_number_of_quotes(admin_client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for number in (1, 6):
        article = ArticleFactory(language="ar", body=" ".join(f'"Words {n} here," said Lind.' for n in range(6)))
        for n in range(number):
            QuoteFactory(article=article, text=f"Words {n} here")
        url = reverse("admin:articles_article_change", args=[article.pk])
        admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(url).content.decode()
        assert page.count('lang="ar"') >= number
        counts.append(len(queries))
    assert counts[0] == counts[1]
