import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, NameKey
from articles.models import Article, NegotiationRound, Quote, RejectedSuggestion
from tests.admin.forms import form_data
from tests.factories import ActorFactory, ArticleFactory, QuoteFactory, RoundFactory

pytestmark = pytest.mark.django_db

SENTINEL_NOTE = "SENTINEL-CONFIDENTIAL-41c9"
PROJECT_MODELS = [model for model in admin.site._registry if model._meta.app_label in {"actors", "articles"}]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_changelist_renders(admin_client, demo, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


READ_ONLY_MODELS = [RejectedSuggestion]  # made by the quote finder's review page, not added by hand


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_add_page_renders(admin_client, demo, model):
    expected = 403 if model in READ_ONLY_MODELS else 200
    assert admin_client.get(admin_url(model, "add")).status_code == expected


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_change_page_renders(admin_client, demo, model):
    if model is RejectedSuggestion:
        RejectedSuggestion.objects.create(article=Article.objects.get(), text="cautiously hopeful")
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    ("model", "factory"), [(NegotiationRound, RoundFactory), (Actor, ActorFactory)], ids=["round", "actor"]
)
def test_changelist_names_the_country(admin_client, model, factory):
    factory(country="CH")
    assert "Switzerland" in admin_client.get(admin_url(model, "changelist")).content.decode()


def test_every_project_model_is_in_the_admin():
    models = set(apps.get_app_config("actors").get_models()) | set(apps.get_app_config("articles").get_models())
    inline_names = ("Identifier", "Participant", "Correction", "Source", "Step", "CoSpeaker")
    inline_only = {m for m in models if m.__name__.endswith(inline_names)}
    history = {m for m in models if m.__name__.startswith("Historical")}
    unmanaged = {m for m in models if not m._meta.managed}
    derived = {NameKey}  # written from actors' names and aliases, never by hand
    # Identifiers, sources, round participants, relay steps and corrections are edited inline on their owner's page;
    # history is shown on each record's History page; ArticleRoundLink reads Article.rounds'
    # table, edited as the article's rounds.
    assert models - inline_only - history - unmanaged - derived == set(PROJECT_MODELS)


# -- the article page and its quote inline ----------------------------------


def test_quote_inline_saves_a_new_quote(admin_client, demo):
    article = Article.objects.get()
    url = admin_url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    total = int(data["quotes-TOTAL_FORMS"])
    data.update(
        {
            "quotes-TOTAL_FORMS": str(total + 1),
            f"quotes-{total}-text": "would not say more",
            f"quotes-{total}-kind": "paraphrase",
            f"quotes-{total}-speaker": str(Actor.objects.get(slug="bashar-al-jaafari").pk),
            f"quotes-{total}-speaker_label": "Bashar al-Ja'afari",
            f"quotes-{total}-article": str(article.pk),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    quote = Quote.objects.get(text="would not say more")
    assert article.body[quote.span_start : quote.span_end] == "would not say more"


def test_new_article_and_its_quote_save_together(admin_client, demo):
    url = admin_url(Article, "add")
    data = form_data(admin_client.get(url))
    data.update(
        {
            "headline": "Envoys meet again",
            "slug": "envoys-meet-again",
            "body": 'The envoy said the day had been "long but useful".',
            "status": "draft",
            "language": "en",
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "long but useful",
            "quotes-0-kind": "partial",
            "quotes-0-speaker": str(Actor.objects.get(slug="staffan-de-mistura").pk),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    quote = Quote.objects.get(text="long but useful")
    assert quote.article.slug == "envoys-meet-again"
    assert quote.span_start is not None


def test_body_edit_that_orphans_a_quote_is_refused_on_the_quote(admin_client, demo):
    article = Article.objects.get()
    url = admin_url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    data["body"] = data["body"].replace("last hope", "final chance")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The partial quote “last hope” (French Foreign Minister) does not appear word for word" in (
        response.content.decode()
    )
    assert "last hope" in Article.objects.get().body


def test_body_edit_in_admin_moves_spans(admin_client, demo):
    article = Article.objects.get()
    url = admin_url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    data["body"] = "A new first paragraph.\n\n" + data["body"]
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    for quote in article.quotes.exclude(kind="paraphrase"):
        assert article.body[quote.span_start : quote.span_end] == quote.text


def test_a_story_typed_in_a_browser_keeps_its_paragraphs(admin_client, client, demo):
    # Browsers send a textarea's lines ending in CRLF.
    url = admin_url(Article, "add")
    data = form_data(admin_client.get(url))
    body = 'The envoys met at dawn.\r\n\r\nThe day had been "long but useful", one said.\r\n\r\nTalks resume on Friday.'
    data.update(
        {
            "headline": "Envoys meet at dawn",
            "slug": "envoys-meet-at-dawn",
            "body": body,
            "status": "published",
            "published_at_0": "2018-02-01",
            "published_at_1": "10:00:00",
            "language": "en",
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "long but useful",
            "quotes-0-kind": "partial",
            "quotes-0-speaker": str(Actor.objects.get(slug="staffan-de-mistura").pk),
        }
    )
    assert admin_client.post(url, data).status_code == 302
    article = Article.objects.get(slug="envoys-meet-at-dawn")
    assert article.body == body.replace("\r\n", "\n")
    quote = article.quotes.get()
    assert article.body[quote.span_start : quote.span_end] == "long but useful"
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<p dir="auto">The envoys met at dawn.</p>' in page
    assert '<p dir="auto">Talks resume on Friday.</p>' in page


def test_article_search_finds_by_speaker_alias(admin_client, demo):
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "Jaafari"})
    assert list(response.context["cl"].result_list) == list(Article.objects.all())


def test_article_search_finds_by_body(admin_client, demo):
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "Ghouta"})
    assert response.context["cl"].result_count == 1


def test_publish_action_publishes(admin_client):
    article = ArticleFactory(draft=True)
    admin_client.post(
        admin_url(Article, "changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "published"
    assert article.published_at is not None


def test_choosing_published_in_the_form_publishes_now(admin_client):
    article = ArticleFactory(draft=True)
    url = admin_url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    data.update(status="published", published_at_0="", published_at_1="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article.refresh_from_db()
    assert article.status == "published"
    assert timezone.now() - article.published_at < datetime.timedelta(minutes=1)


def test_a_publication_time_given_in_the_form_is_kept(admin_client):
    article = ArticleFactory(draft=True)
    url = admin_url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    data.update(status="published", published_at_0="2018-01-26", published_at_1="09:30:00")
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.published_at.isoformat().startswith("2018-01-26T09:30")


def test_withdraw_action_withdraws(admin_client):
    article = ArticleFactory()
    admin_client.post(
        admin_url(Article, "changelist"), {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "withdrawn"


def test_an_article_saved_without_a_slug_gets_one_from_its_headline(admin_client):
    data = form_data(admin_client.get(admin_url(Article, "add")))
    data.update(headline="Envoys meet at dawn", slug="", body="The envoys met.", status="draft", language="en")
    assert admin_client.post(admin_url(Article, "add"), data).status_code == 302
    assert Article.objects.get().slug == "envoys-meet-at-dawn"


# -- actors -------------------------------------------------------------------


def test_actor_search_matches_names_written_another_way(admin_client, demo):
    response = admin_client.get(admin_url(Actor, "changelist"), {"q": "jaafari"})
    assert [a.slug for a in response.context["cl"].result_list] == ["bashar-al-jaafari"]


def test_actor_search_matches_alias(admin_client, demo):
    response = admin_client.get(admin_url(Actor, "changelist"), {"q": "Moscow"})
    assert [a.slug for a in response.context["cl"].result_list] == ["russia"]


def test_actor_search_keeps_the_list_filter(admin_client, demo):
    response = admin_client.get(admin_url(Actor, "changelist"), {"q": "Syria", "kind__exact": "government"})
    assert [a.slug for a in response.context["cl"].result_list] == ["syrian-government"]


def test_deleting_a_quoted_actor_is_refused_naming_what_refers_to_it(admin_client, demo):
    russia = Actor.objects.get(slug="russia")
    response = admin_client.post(admin_url(Actor, "delete", russia.pk), {"post": "yes"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in content
    assert "“efficiently” (Moscow)" in content
    assert Actor.objects.filter(slug="russia").exists()


def test_bulk_delete_of_a_quoted_actor_is_refused(admin_client, demo):
    reuters = Actor.objects.get(slug="reuters")
    response = admin_client.post(
        admin_url(Actor, "changelist"), {"action": "delete_selected", "_selected_action": [reuters.pk], "post": "yes"}
    )
    assert "protected related objects" in response.content.decode()
    assert Actor.objects.filter(slug="reuters").exists()


def test_unreferenced_actor_can_be_deleted(admin_client, demo):
    islamic_state = Actor.objects.get(slug="islamic-state")
    response = admin_client.post(admin_url(Actor, "delete", islamic_state.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Actor.objects.filter(slug="islamic-state").exists()


# -- confidential notes -----------------------------------------------------


@pytest.fixture
def noted_quote(demo):
    quote = Quote.objects.get(anonymous=True)
    Quote.objects.filter(pk=quote.pk).update(confidential_note=SENTINEL_NOTE)
    return quote


def test_superuser_sees_the_confidential_note(admin_client, noted_quote):
    response = admin_client.get(admin_url(Quote, "change", noted_quote.pk))
    assert SENTINEL_NOTE in response.content.decode()


def test_staff_without_permission_never_sees_the_note_on_the_quote_page(editor_client, noted_quote):
    response = editor_client.get(admin_url(Quote, "change", noted_quote.pk))
    assert response.status_code == 200
    assert SENTINEL_NOTE not in response.content.decode()
    assert "confidential_note" not in response.content.decode()


def test_staff_without_permission_never_sees_the_note_in_the_article_inline(editor_client, noted_quote):
    response = editor_client.get(admin_url(Article, "change", noted_quote.article_id))
    assert response.status_code == 200
    assert SENTINEL_NOTE not in response.content.decode()


def test_staff_without_permission_cannot_overwrite_the_note(editor_client, noted_quote):
    url = admin_url(Quote, "change", noted_quote.pk)
    data = form_data(editor_client.get(url))
    data["confidential_note"] = "overwritten"
    assert editor_client.post(url, data).status_code == 302
    noted_quote.refresh_from_db()
    assert noted_quote.confidential_note == SENTINEL_NOTE


def test_staff_with_permission_can_edit_the_note(editor_client, editor, noted_quote):
    editor.user_permissions.add(Permission.objects.get(codename="edit_confidential_note"))
    url = admin_url(Quote, "change", noted_quote.pk)
    data = form_data(editor_client.get(url))
    assert data["confidential_note"] == SENTINEL_NOTE
    data["confidential_note"] = "Identity held by the foreign desk."
    assert editor_client.post(url, data).status_code == 302
    noted_quote.refresh_from_db()
    assert noted_quote.confidential_note == "Identity held by the foreign desk."


def test_note_is_never_a_list_column_filter_or_search_field():
    for model_admin in (admin.site._registry[Quote], admin.site._registry[Article]):
        named = [
            str(item) for item in [*model_admin.list_display, *model_admin.list_filter, *model_admin.search_fields]
        ]
        assert not any("confidential" in name for name in named)


def test_searching_quotes_for_the_note_finds_nothing(admin_client, noted_quote):
    response = admin_client.get(admin_url(Quote, "changelist"), {"q": SENTINEL_NOTE})
    assert response.context["cl"].result_count == 0


# -- query counts ------------------------------------------------------------

# Changelists must not run a query per row (prevent an n+1): the count is the
# same with 2 and with 12 quotes. One COUNT per page (show_full_result_count is off),
# after one look at the table's statistics (an estimate instead when it is large).
QUOTE_CHANGELIST_QUERIES = 7


@pytest.mark.parametrize("size", [2, 12])
def test_quote_changelist_query_count_is_constant(admin_client, django_assert_num_queries, size):
    QuoteFactory.create_batch(size)
    url = admin_url(Quote, "changelist")
    with django_assert_num_queries(QUOTE_CHANGELIST_QUERIES):
        assert admin_client.get(url).status_code == 200


ARTICLE_CHANGELIST_QUERIES = 7  # no date drill-down (it listed every year), one statistics look


@pytest.mark.parametrize("size", [2, 12])
def test_article_changelist_query_count_is_constant(admin_client, django_assert_num_queries, size):
    ArticleFactory.create_batch(size)
    with django_assert_num_queries(ARTICLE_CHANGELIST_QUERIES):
        assert admin_client.get(admin_url(Article, "changelist")).status_code == 200


ACTOR_CHANGELIST_QUERIES = 6


@pytest.mark.parametrize("size", [2, 12])
def test_actor_changelist_query_count_is_constant(admin_client, django_assert_num_queries, size):
    from tests.factories import AliasFactory

    AliasFactory.create_batch(size)
    with django_assert_num_queries(ACTOR_CHANGELIST_QUERIES):
        assert admin_client.get(admin_url(Actor, "changelist")).status_code == 200


def test_article_search_uses_the_full_text_index_with_stemming(admin_client, demo):
    # "Ghouta" is in the body once; the stemmed, case-folded form finds it too.
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "ghoutas"})
    assert response.context["cl"].result_count == 1


def test_article_search_honours_exclusions(admin_client, demo):
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "Ghouta -Jaafari"})
    assert response.context["cl"].result_count == 0


def test_quote_search_finds_by_speaker_alias(admin_client, demo):
    response = admin_client.get(admin_url(Quote, "changelist"), {"q": "Moscow"})
    assert {quote.speaker.slug for quote in response.context["cl"].result_list} == {"russia"}


def test_a_search_of_only_excluded_words_finds_nothing(admin_client, demo):
    response = admin_client.get(admin_url(Quote, "changelist"), {"q": "-Moscow"})
    assert response.status_code == 200 and response.context["cl"].result_count == 0
