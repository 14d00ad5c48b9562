"""Two people editing the same record: the second, stale save is refused and nothing of the first is lost."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from articles.models import Article, Quote
from articles.services import article_save, quote_save
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user(username="ana", is_staff=True)
    other.groups.add(Group.objects.get(name="Editor"))
    first, second = Client(), Client()
    first.force_login(other)
    second.force_login(editor)
    return first, second


def test_stale_article_save_in_the_admin_is_refused(two_editors):
    first, second = two_editors
    article = ArticleFactory(draft=True, headline="Original", standfirst="Original standfirst")
    url = reverse("admin:articles_article_change", args=[article.pk])
    form_first, form_second = form_data(first.get(url)), form_data(second.get(url))

    form_first["headline"] = "Headline from Ana"
    assert first.post(url, form_first).status_code == 302

    form_second["standfirst"] = "Standfirst from the second editor"
    response = second.post(url, form_second)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Not saved: ana saved this article" in content
    assert "headline: “Headline from Ana”" in content
    assert "Standfirst from the second editor" in content  # the second editor's work is still in the form

    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Headline from Ana", "Original standfirst")


def test_save_after_reloading_succeeds(two_editors):
    first, second = two_editors
    article = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_change", args=[article.pk])
    stale = form_data(second.get(url))
    first_form = form_data(first.get(url))
    first_form["headline"] = "Ana's headline"
    first.post(url, first_form)
    second.post(url, stale)
    fresh = form_data(second.get(url))
    fresh["standfirst"] = "Now saved"
    assert second.post(url, fresh).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Ana's headline", "Now saved")


def test_stale_quote_save_in_the_admin_is_refused(two_editors):
    first, second = two_editors
    quote = QuoteFactory(article=ArticleFactory(draft=True), speaker_label="the mediator")
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    form_first, form_second = form_data(first.get(url)), form_data(second.get(url))
    form_first["speaker_label"] = "the UN mediator"
    assert first.post(url, form_first).status_code == 302
    form_second["location"] = "Geneva"
    response = second.post(url, form_second)
    assert response.status_code == 200
    assert "Not saved: ana saved this quote" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.speaker_label, quote.location) == ("the UN mediator", "")


def test_stale_quote_in_the_article_inline_is_refused(two_editors):
    first, second = two_editors
    quote = QuoteFactory(article=ArticleFactory(draft=True), speaker_label="the mediator")
    quote_url = reverse("admin:articles_quote_change", args=[quote.pk])
    article_url = reverse("admin:articles_article_change", args=[quote.article.pk])
    inline_form = form_data(second.get(article_url))
    direct = form_data(first.get(quote_url))
    direct["speaker_label"] = "Ana's label"
    first.post(quote_url, direct)
    inline_form["quotes-0-speaker_label"] = "Second editor's label"
    response = second.post(article_url, inline_form)
    assert response.status_code == 200
    assert "Not saved: ana saved this quote" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).speaker_label == "Ana's label"


def test_stale_save_through_the_service_is_refused():
    article = ArticleFactory(draft=True)
    seen = article.version
    copy = Article.objects.get(pk=article.pk)
    copy.headline = "First"
    article_save(article=copy, expected_version=seen, sync_quotes=False)
    article.headline = "Second"
    with pytest.raises(ValidationError, match="after you opened it"):
        article_save(article=article, expected_version=seen, sync_quotes=False)
    assert Article.objects.get(pk=article.pk).headline == "First"


def test_every_save_raises_the_version():
    quote = QuoteFactory(article=ArticleFactory(draft=True))
    before = Quote.objects.get(pk=quote.pk).version
    quote_save(quote=quote)
    quote_save(quote=quote)
    assert Quote.objects.get(pk=quote.pk).version == before + 2
