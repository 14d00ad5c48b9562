"""A journalist's flows in a real browser, on the demo data."""

import csv
import io

import pytest

from articles.models import Article, Quote

pytestmark = pytest.mark.django_db(transaction=True)

SOCHI_PARAPHRASE = "the Sochi meeting is meant to efficiently support the UN-led effort and bring results"


def test_search_to_quote_to_speaker_to_round(live_demo, desktop, shoot):
    page = desktop
    page.goto(live_demo.url)
    shoot(page, "home")
    page.get_by_label("Search quotes, articles, actors and rounds").fill("Jaafari")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=Jaafari")
    assert page.get_by_role("heading", name="1 quote for “Jaafari”").is_visible()
    shoot(page, "search")

    page.get_by_role("link", name="“The meeting was good”").click()
    page.wait_for_url("**/quotes/*/")
    assert page.locator("blockquote").inner_text() == "The meeting was good"  # the marks come from CSS
    assert "quoted by Reuters" in page.locator("#citation-text").input_value()
    shoot(page, "quote")

    page.locator(".facts").get_by_role("link", name="Bashar al-Ja'afari").click()
    page.wait_for_url("**/actors/bashar-al-jaafari/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bashar al-Ja'afari"
    shoot(page, "actor")

    page.get_by_role("complementary").get_by_role("link", name="Vienna special meeting").click()
    page.wait_for_url("**/rounds/vienna-2018/")
    assert page.get_by_text("25–26 January 2018").first.is_visible()
    assert page.get_by_role("heading", name="Mediators").is_visible()
    shoot(page, "round")


def test_filter_quotes_by_date_range(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/search/?type=quotes")
    assert page.get_by_role("heading", name="7 quotes").is_visible()
    page.get_by_label("Said from").fill("2018-01-25")
    page.get_by_label("Said until").fill("2018-01-25")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**said_after=2018-01-25**")
    assert page.get_by_role("heading", name="1 quote").is_visible()
    assert page.get_by_text("The meeting was good").is_visible()


def test_a_filter_select_waits_for_apply(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/search/?type=quotes")
    select = page.get_by_label("Kind", exact=True)
    select.focus()
    page.keyboard.press("ArrowDown")  # a keyboard user going through the options: no reload
    select.select_option(label="Paraphrase")
    assert "kind=" not in page.url
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    assert "kind=paraphrase" in page.url


def test_relay_box_suggests_media_by_name_and_applies_the_one_picked(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/search/?type=quotes")
    box = page.get_by_label("Relayed by")
    box.press_sequentially("Reut", delay=30)
    suggestion = page.locator("#id_via-suggestions option[value='reuters']")
    suggestion.wait_for(state="attached")
    assert suggestion.get_attribute("label") == "Reuters"
    with page.expect_navigation():
        box.fill("reuters")  # what picking the suggestion puts in the box
    assert "via=reuters" in page.url
    assert page.get_by_role("heading", name="1 quote").is_visible()
    assert page.locator(".field__hint", has_text="Reuters").is_visible()


def test_export_csv(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/search/?q=Moscow")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "newsroom-quotes.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0][:5] == ["speaker", "co-speakers", "label", "role", "text"]
    assert sorted(row[4] for row in rows[1:]) == ["efficiently", "results", SOCHI_PARAPHRASE]


def test_article_page_links_each_quote_to_its_speaker(live_demo, desktop, shoot):
    page = desktop
    page.goto(f"{live_demo.url}/articles/vienna-talks-2018/")
    marks = page.locator(".story__body mark")
    assert marks.count() == 5
    shoot(page, "article")
    page.locator(".story__body a.quote-mark", has_text="last hope").click()
    page.wait_for_url("**/actors/jean-yves-le-drian/")


def test_copy_citation_button_appears_with_javascript(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/search/?q=hijacked")
    page.get_by_role("link", name="hijacked", exact=False).first.click()
    assert page.get_by_role("button", name="Copy citation").is_visible()
    assert "a French diplomatic source, quoted by AFP" in page.locator("#citation-text").input_value()


def test_keyboard_reaches_the_search_box_first(live_demo, desktop):
    page = desktop
    page.goto(f"{live_demo.url}/rounds/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


PAGES = {
    "home": "/",
    "search": "/search/?q=Moscow",
    "quote": None,
    "actor": "/actors/staffan-de-mistura/",
    "rounds": "/rounds/",
    "round": "/rounds/vienna-2018/",
    "article": "/articles/vienna-talks-2018/",
    "articles": "/articles/",
    "actors": "/actors/",
    "processes": "/processes/",
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_layout_fits_the_screen(live_demo, request, shoot, name, device):
    from articles.models import Quote

    page = request.getfixturevalue(device)
    path = PAGES[name] or Quote.objects.get(text="last hope").get_absolute_url()
    page.goto(live_demo.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {device}"
    assert page.locator("header.site-header").is_visible()
    assert page.get_by_role("heading", level=1).count() == 1
    shoot(page, f"{name}-{device}")


@pytest.mark.parametrize("path", ["/articles/", "/actors/", "/actors/?kind=person", "/processes/"])
def test_list_pages_have_no_accessibility_violation(live_demo, desktop, path):
    from axe_playwright_python.sync_playwright import Axe

    desktop.goto(live_demo.url + path)
    assert [violation["id"] for violation in Axe().run(desktop).response["violations"]] == []


def test_api_docs_render_under_the_content_security_policy(live_demo, desktop):
    page = desktop
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{live_demo.url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == 11  # five resources, list and detail, and the changes feed
    assert blocked == []


def test_pages_run_under_the_content_security_policy(live_demo, desktop):
    page = desktop
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    for path in ["/", "/search/?q=Moscow", "/articles/vienna-talks-2018/", "/rounds/", "/actors/", "/articles/"]:
        page.goto(live_demo.url + path)
    assert blocked == []


def test_a_story_typed_in_the_admin_keeps_its_paragraphs(live_demo, desktop, django_user_model, shoot):
    django_user_model.objects.create_superuser("desk", password="desk-password")
    page = desktop
    page.goto(f"{live_demo.url}/admin/login/?next=/admin/articles/article/add/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("desk-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/articles/article/add/")
    page.locator("#id_headline").fill("Envoys meet at dawn")
    # Typed as an editor types: the browser sends these lines ending in CRLF.
    page.locator("#id_body").fill("The envoys met at dawn.\n\nThe day was long.\n\nTalks resume on Friday.")
    page.locator("#id_status").select_option("published")
    page.locator("#id_published_at_0").fill("2018-02-01")
    page.locator("#id_published_at_1").fill("10:00:00")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")

    page.goto(f"{live_demo.url}/articles/envoys-meet-at-dawn/")
    paragraphs = page.locator("article p:not([class])").all_inner_texts()
    assert paragraphs[:3] == ["The envoys met at dawn.", "The day was long.", "Talks resume on Friday."]
    shoot(page, "article-typed-in-the-admin")


def test_a_body_edit_that_orphans_a_quote_is_listed_at_the_top_and_mended_in_one_click(
    live_demo, desktop, django_user_model, shoot
):
    django_user_model.objects.create_superuser("desk", password="desk-password")
    article = Article.objects.get(slug="vienna-talks-2018")
    page = desktop
    page.goto(f"{live_demo.url}/admin/login/?next=/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("desk-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    # A copy editor respells a word inside a quote: the quote no longer matches the body.
    body = page.locator("#id_body").input_value()
    page.locator("#id_body").fill(body.replace("has to be put back in the middle", "has to be put back at the centre"))
    page.locator("input[name=_continue]").click()
    banner = page.locator(".orphaned-quotes")
    assert "no longer holds 1 quote" in banner.inner_text()
    assert banner.bounding_box()["y"] < 400  # where the eye is, not 2,000 px down
    shoot(page, "orphaned-quote-banner")
    page.get_by_role("button", name="Use the body's words").click()
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")
    assert Quote.objects.filter(article=article, text__contains="put back at the centre").exists()
