"""The editor's desk: submit for review, the home's queue, previews, the embargo's zone, and what each step says."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from articles.models import Article
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

from .test_history import change_in_admin


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_reporter_submits_a_draft_for_review_with_its_own_message(as_role):
    article = ArticleFactory(draft=True, headline="Envoys meet at dawn")
    client = as_role("reporter")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["_submit_review"] = "Save and submit for review"
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("admin:articles_article_changelist")
    article.refresh_from_db()
    assert article.status == "in_review"
    assert _messages(response) == [
        "“Envoys meet at dawn” was saved and submitted for review: editors find it under “In review” on the admin home."
    ]


def test_the_submit_button_is_offered_on_drafts_only(as_role):
    client = as_role("reporter")
    draft = client.get(reverse("admin:articles_article_change", args=[ArticleFactory(draft=True).pk]))
    assert b'name="_submit_review"' in draft.content
    editor = as_role("editor")
    published = editor.get(reverse("admin:articles_article_change", args=[ArticleFactory().pk]))
    assert b'name="_submit_review"' not in published.content


def test_the_admin_home_shows_the_review_queue_and_the_next_embargo(as_role):
    ArticleFactory(status="in_review", published_at=None)
    lift = timezone.now() + datetime.timedelta(days=1)
    ArticleFactory(embargo_until=lift)
    page = as_role("editor").get(reverse("admin:index")).content.decode()
    assert "In review (1)" in page and "?status__exact=in_review" in page
    assert "Embargoed (1)" in page and "next lifts at" in page and "?embargo=pending" in page


def test_the_admin_home_costs_the_same_with_more_articles(as_role, django_assert_max_num_queries):
    client = as_role("editor")
    client.get(reverse("admin:index"))
    for _ in range(5):
        ArticleFactory(status="in_review", published_at=None)
    with django_assert_max_num_queries(8):
        client.get(reverse("admin:index"))


def test_the_embargo_filter_lists_what_is_still_under_embargo(as_role):
    ArticleFactory(slug="waiting", embargo_until=timezone.now() + datetime.timedelta(hours=2))
    ArticleFactory(slug="lifted", embargo_until=timezone.now() - datetime.timedelta(hours=2))
    response = as_role("editor").get(reverse("admin:articles_article_changelist"), {"embargo": "pending"})
    assert [article.slug for article in response.context["cl"].result_list] == ["waiting"]


def test_an_editor_previews_a_draft_as_readers_will_see_it(as_role):
    article = ArticleFactory(draft=True, headline="Ceasefire text agreed", slug="ceasefire-text")
    QuoteFactory(article=article)
    response = as_role("editor").get(reverse("admin:articles_article_preview", args=[article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview, not public." in page and "This article is a draft." in page
    assert "Ceasefire text agreed" in page and "<mark>" in page
    assert 'class="story"' in page  # the public template itself
    assert as_role("editor").get(article.get_absolute_url()).status_code == 404  # still not public


def test_the_preview_of_an_embargoed_article_says_until_when(as_role):
    article = ArticleFactory(embargo_until=timezone.now() + datetime.timedelta(hours=3))
    page = as_role("editor").get(reverse("admin:articles_article_preview", args=[article.pk])).content.decode()
    assert "under embargo until" in page


def test_the_preview_of_a_public_article_is_its_page(as_role):
    article = ArticleFactory()
    response = as_role("editor").get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 302 and response.url == article.get_absolute_url()


def test_the_preview_is_for_signed_in_staff_only(client, db):
    article = ArticleFactory(draft=True)
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_view_on_site_leads_to_the_preview_until_the_article_is_public(as_role):
    draft = ArticleFactory(draft=True)
    page = as_role("editor").get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert reverse("admin:articles_article_preview", args=[draft.pk]) in page


def test_the_embargo_field_names_its_time_zone_and_shows_local_time(as_role, settings):
    article = ArticleFactory(embargo_until=timezone.now() + datetime.timedelta(hours=3))
    page = as_role("editor").get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"Times are in {settings.TIME_ZONE}." in page
    assert '<time class="local-time" datetime="' in page and "articles/local-time.js" in page


def test_a_revert_says_what_it_did(as_role):
    article = ArticleFactory(draft=True, headline="Original", body="Original body.")
    client = as_role("editor")
    change_in_admin(client, article, headline="Changed", body="Changed body.")
    original = article.history.order_by("history_date").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, original.history_id])
    response = client.post(url, form_data(client.get(url)))
    assert response.url == reverse("admin:articles_article_change", args=[article.pk])
    (message,) = _messages(response)
    assert message.startswith("“Original” was reverted to its version of ")


def test_the_merge_screen_preselects_the_actor_most_referred_to(as_role):
    busy = Actor.objects.create(name="Staffan de Mistura", slug="staffan-de-mistura", kind="person")
    spare = Actor.objects.create(name="S. de Mistura", slug="s-de-mistura", kind="person")
    QuoteFactory(speaker=busy)
    QuoteFactory(speaker=busy)
    response = as_role("editor").post(
        reverse("admin:actors_actor_changelist"), {"action": "merge_selected", "_selected_action": [spare.pk, busy.pk]}
    )
    page = response.content.decode()
    checked = page.index(" checked")
    assert page.rfind(f'value="{busy.pk}"', 0, checked) > page.rfind(f'value="{spare.pk}"', 0, checked)
    assert "kept: the others merge into it" in page
    assert Article.objects.count() == 2


def test_orphaned_quotes_are_listed_in_the_banner_with_the_body_wording(as_role):
    article = ArticleFactory(draft=True, body="The envoy said the talks were “long but useful” in the end.")
    QuoteFactory(article=article, text="long but useful", kind="partial")
    client = as_role("editor")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["body"] = "The envoy said the talks were “long but helpful” in the end."
    response = client.post(url, data)
    assert response.status_code == 200
    (row,) = response.context["orphaned_quotes"]
    assert (row["anchor"], row["now_reads"]) == ("quotes-0", "long but helpful")
    page = response.content.decode()
    assert page.index("orphaned-quotes") < page.index('id="id_headline"')
    assert 'href="#quotes-0"' in page and 'data-target="id_quotes-0-text"' in page
