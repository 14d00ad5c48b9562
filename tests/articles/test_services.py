import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, ArticleStatus, Quote
from articles.services import article_publish, article_save, article_withdraw, quote_save
from tests.factories import ActorFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def saved_quote(**kwargs):
    return quote_save(
        quote=QuoteFactory.build(
            article=kwargs.pop("article", None) or ArticleFactory(), speaker=ActorFactory(), **kwargs
        )
    )


def test_quote_save_stores_the_span():
    quote = saved_quote(text="cautiously hopeful", kind="partial")
    quote.refresh_from_db()
    assert quote.article.body[quote.span_start : quote.span_end] == "cautiously hopeful"


def test_body_edit_moves_the_span_with_the_words():
    quote = saved_quote(text="cautiously hopeful", kind="partial")
    article = quote.article
    article.body = "A new opening paragraph.\n\n" + article.body
    article_save(article=article)
    quote.refresh_from_db()
    assert article.body[quote.span_start : quote.span_end] == "cautiously hopeful"


def test_body_edit_that_drops_a_quote_is_refused_naming_the_quote():
    quote = saved_quote(text="cautiously hopeful", kind="partial", speaker_label="delegates")
    article = quote.article
    article.body = article.body.replace("cautiously hopeful", "upbeat")
    with pytest.raises(ValidationError) as raised:
        article_save(article=article)
    message = raised.value.message_dict["body"][0]
    assert "“cautiously hopeful” (delegates) does not appear word for word" in message
    assert "upbeat" not in Article.objects.get(pk=article.pk).body


def test_body_edit_may_drop_a_paraphrased_passage():
    quote = saved_quote(text="the ceasefire map remained unresolved", kind="paraphrase")
    article = quote.article
    article.body = article.body.replace("the ceasefire map remained unresolved", "maps were argued over")
    article_save(article=article)
    quote.refresh_from_db()
    assert quote.span_start is None


def test_body_edit_with_typographic_quotes_keeps_the_quote():
    quote = saved_quote(text="We found a path through the thicket")
    article = quote.article
    article.body = article.body.replace('"We found', "“We found").replace('thicket,"', "thicket,”")
    article_save(article=article)
    quote.refresh_from_db()
    assert quote.span_start is not None


def test_article_save_records_who_created_and_updated(django_user_model):
    from django.contrib.auth.models import Group

    author = django_user_model.objects.create_user(username="author")
    author.groups.add(Group.objects.get(name="Reporter"))
    article = article_save(article=ArticleFactory.build(status="draft", published_at=None), user=author)
    assert (article.created_by, article.updated_by) == (author, author)


def test_publish_sets_the_publication_time_when_missing():
    article = ArticleFactory(draft=True)
    before = timezone.now()
    article_publish(article=article)
    article.refresh_from_db()
    assert article.status == "published"
    assert article.published_at >= before
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_saving_an_article_as_published_without_a_time_publishes_it_now():
    article = ArticleFactory(draft=True)
    article.status = ArticleStatus.PUBLISHED
    article_save(article=article)
    article.refresh_from_db()
    assert article.published_at is not None


def test_publish_keeps_the_embargo():
    article = ArticleFactory(draft=True, embargo_until=timezone.now() + datetime.timedelta(hours=2))
    article_publish(article=article)
    assert not Article.objects.public().filter(pk=article.pk).exists()


def test_withdraw_hides_the_article_and_keeps_its_quotes():
    quote = saved_quote()
    article_withdraw(article=quote.article)
    assert not Article.objects.public().exists()
    assert not Quote.objects.public().exists()
    assert Quote.objects.filter(pk=quote.pk).exists()
