"""
What real coverage says, entered in the admin in Chromium at 1280 px: words quoted from
the second of two sentences that hold them, a story published on a day with no time, a
round planned for "late March", and a name spelled another way (in the admin's speaker
box, and on the search page through "Did you mean"). The forms are checked with axe-core: no serious or
critical accessibility violation in them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from actors.models import Actor
from articles.models import Article, NegotiationRound, Quote
from tests.factories import ActorFactory, ArticleFactory, QuoteFactory, RoundFactory

BODY = (
    "Envoys call the meeting a step forward.\n\n"
    "The envoy said the talks were “a step forward” and that more rounds would follow."
)
SERIOUS = {"serious", "critical"}


@pytest.fixture
def editor_page(live_server, django_user_model, desktop):
    django_user_model.objects.create_superuser(username="editor", password="coverage-password")
    desktop.goto(f"{live_server.url}/admin/login/")
    desktop.get_by_label("Username").fill("editor")
    desktop.get_by_label("Password").fill("coverage-password")
    desktop.get_by_role("button", name="Log in").click()
    desktop.wait_for_url(f"{live_server.url}/admin/")
    return desktop


def serious_violations_on(page, context):
    results = Axe().run(page, context=context)
    return [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]


def serious_violations(page):
    """Serious violations in the form itself (#content-main), where these fields are."""
    return serious_violations_on(page, "#content-main")


@pytest.mark.django_db(transaction=True)
def test_an_editor_quotes_the_second_of_two_sentences(editor_page, live_server):
    page = editor_page
    article = ArticleFactory(body=BODY, draft=True)
    speaker = ActorFactory(name="Hana Lind")
    page.goto(f"{live_server.url}/admin/articles/quote/add/?article={article.pk}")
    page.locator("#id_text").fill("a step forward")
    page.locator("#id_kind").select_option("partial")
    page.evaluate(
        "([id, name]) => { const s = document.querySelector('#id_speaker'); s.add(new Option(name, id, true, true)); }",
        [str(speaker.pk), speaker.name],
    )
    page.get_by_role("button", name="Save and continue editing").click()
    # Asked which one: each sentence offered, the words marked.
    page.get_by_text("These words occur 2 times in the body").first.wait_for()
    assert serious_violations(page) == []
    page.get_by_label("The envoy said the talks were").check()
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was added successfully").wait_for()
    assert Quote.objects.get().span_start == BODY.rindex("a step forward")


@pytest.mark.django_db(transaction=True)
def test_an_editor_publishes_a_story_known_to_the_day_only(editor_page, live_server):
    page = editor_page
    article = ArticleFactory(body=BODY, draft=True)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_status").select_option("published")
    page.get_by_label("Publication: date").fill("07/10/2022")
    page.get_by_label("Publication: time").fill("")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    article = Article.objects.get(pk=article.pk)
    assert (article.published_precision, str(article.published_day)) == ("day", "2022-10-07")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("time").first.text_content() == "7 October 2022"


@pytest.mark.django_db(transaction=True)
def test_an_editor_dates_a_round_late_in_a_month_as_printed(editor_page, live_server):
    page = editor_page
    round_ = RoundFactory()
    page.goto(f"{live_server.url}/admin/articles/negotiationround/{round_.pk}/change/")
    page.locator("#id_start_date").fill("late March 2021")
    page.locator("#id_dates_printed").fill("planned for late March")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    round_ = NegotiationRound.objects.get(pk=round_.pk)
    assert (str(round_.start_date), round_.start_precision) == ("2021-03-21", "late")
    page.goto(f"{live_server.url}{round_.get_absolute_url()}")
    assert "planned for late March (from late March 2021)" in page.locator(".lede").text_content()


@pytest.mark.django_db(transaction=True)
def test_an_editor_finds_a_speaker_typed_in_another_spelling(editor_page, live_server):
    page = editor_page
    ActorFactory(name="Dmitry Peskov")
    article = ArticleFactory(body=BODY, draft=True)
    page.goto(f"{live_server.url}/admin/articles/quote/add/?article={article.pk}")
    page.locator("#id_speaker").locator("xpath=following-sibling::span[1]").click()  # the lookup box
    page.locator(".select2-search__field").fill("Dmitri Peskov")
    page.locator(".select2-results__option", has_text="Dmitry Peskov").click()
    assert page.locator("#id_speaker").input_value() == str(Actor.objects.get().pk)


@pytest.mark.django_db(transaction=True)
def test_a_journalist_follows_did_you_mean_to_the_quote(live_server, desktop):
    speaker = ActorFactory(name="Dmitry Peskov")
    QuoteFactory(speaker=speaker, speaker_label="Kremlin spokesman")
    desktop.goto(f"{live_server.url}/search/?q=Peskob")
    desktop.get_by_role("link", name="Peskov").click()
    desktop.wait_for_url("**/search/?q=Peskov*")
    assert desktop.locator(".card").count() == 1
    assert "Kremlin spokesman" in desktop.locator(".card").first.text_content()
    assert serious_violations_on(desktop, "main") == []
