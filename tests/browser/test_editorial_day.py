"""
An editorial day in the admin, in Chromium at 1280 px: a reporter writes a story with
paragraphs, has its quotes suggested and accepts them, submits it; an editor finds it on
the desk, previews it, publishes it from the form, corrects it, reverts an edit and
merges two actors. Each step is timed and its interactions (clicks, typing, choices)
counted into test-artifacts/editorial-day.json; each admin page it uses is checked with
axe-core: no serious or critical accessibility violation.
"""

import json
import time

import pytest
from django.contrib.auth.models import Group, Permission

from actors.models import Actor
from articles.models import Article, Correction, Quote
from articles.roles import permissions_of

from .conftest import ARTIFACTS

STORY = (
    "Envoys returned to the lakeside villa on Thursday for a second day of talks.\n\n"
    '"We came to listen, and we listened," Staffan de Mistura said after the session.\n\n'
    "Delegates said a text on the constitution could follow within weeks."
)
SERIOUS = {"serious", "critical"}


class Walk:
    """The day's page, with each step's time, interactions and accessibility checks."""

    def __init__(self, page, base, shoot):
        self.page, self.base, self.shoot = page, base, shoot
        self.steps, self.interactions, self.violations = [], 0, {}

    def step(self, name):
        walk = self

        class Step:
            def __enter__(self):
                walk.interactions, self.started = 0, time.perf_counter()

            def __exit__(self, kind, *rest):
                if kind is None:
                    seconds = round(time.perf_counter() - self.started, 2)
                    walk.steps.append({"step": name, "seconds": seconds, "interactions": walk.interactions})
                    walk.shoot(walk.page, f"editorial-day-{len(walk.steps):02d}-{name}")

        return Step()

    def click(self, locator):
        self.interactions += 1
        locator.click()

    def fill(self, locator, text):
        self.interactions += 1
        locator.fill(text)

    def choose(self, locator, value):
        self.interactions += 1
        locator.select_option(value)

    def check_accessibility(self, label):
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
        self.violations[label] = [
            f"{v['id']}: {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:4])}" for v in serious
        ]

    def log_in(self, username):
        self.page.goto(f"{self.base}/admin/login/")
        self.fill(self.page.get_by_label("Username"), username)
        self.fill(self.page.get_by_label("Password"), "day-password")
        self.click(self.page.get_by_role("button", name="Log in"))
        self.page.wait_for_url(f"{self.base}/admin/")


def role_group(role):
    """The role's group, made again from the roles matrix when an earlier test's flush removed it."""
    group, created = Group.objects.get_or_create(name=role)
    if created:
        for permission in permissions_of(role):
            app_label, codename = permission.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


@pytest.fixture
def staff(live_demo, django_user_model):
    for role in ("Reporter", "Editor"):
        user = django_user_model.objects.create_user(username=role.lower(), password="day-password", is_staff=True)
        user.groups.add(role_group(role))
    return live_demo


def test_an_editorial_day_in_the_admin(staff, desktop, shoot):
    page, base = desktop, staff.url
    walk = Walk(page, base, shoot)

    with walk.step("reporter-writes"):
        walk.log_in("reporter")
        page.goto(f"{base}/admin/articles/article/add/")
        walk.check_accessibility("article add form")
        walk.fill(page.locator("#id_headline"), "Envoys return to the villa")
        walk.fill(page.locator("#id_body"), STORY)
        walk.click(page.locator("input[name=_continue]"))
        page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(slug="envoys-return-to-the-villa")

    with walk.step("suggest-and-accept"):
        walk.click(page.get_by_role("link", name="Suggest quotes"))
        page.wait_for_selector("form.suggestion")
        walk.check_accessibility("suggested quotes")
        walk.click(page.locator("#suggestion-0 button[value=accept]"))
        page.wait_for_url("**#suggestion-1")
        walk.click(page.get_by_role("link", name="Envoys return to the villa"))
    assert Quote.objects.get(article=article).speaker.slug == "staffan-de-mistura"

    with walk.step("submit-for-review"):
        walk.click(page.locator("input[name=_submit_review]"))
        page.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=article.pk).status == "in_review"

    with walk.step("editor-previews"):
        page.context.clear_cookies()
        walk.log_in("editor")
        walk.check_accessibility("admin home")
        walk.click(page.get_by_role("link", name="In review (1)"))
        walk.check_accessibility("article list")
        walk.click(page.get_by_role("link", name="Envoys return to the villa"))
        walk.click(page.get_by_role("link", name="Preview"))
        page.wait_for_selector(".notice--preview")
        walk.check_accessibility("preview")
        assert page.locator("article p:not([class])").count() == 3

    with walk.step("publish-from-the-form"):
        walk.click(page.get_by_role("link", name="Back to editing"))
        walk.check_accessibility("article change form")
        walk.choose(page.locator("#id_status"), "published")
        walk.click(page.locator("input[name=_continue]"))
        page.wait_for_selector(".messagelist .success")
    assert Article.objects.public().filter(pk=article.pk).exists()

    with walk.step("correct"):
        walk.click(page.get_by_text("Add another Correction"))
        walk.fill(page.locator("#id_corrections-0-text"), "An earlier version gave the wrong day of the talks.")
        walk.click(page.locator("input[name=_continue]"))
        page.wait_for_selector(".messagelist .success")
    assert Correction.objects.filter(article=article).exists()

    with walk.step("edit-then-revert"):
        walk.fill(page.locator("#id_standfirst"), "A standfirst written in haste.")
        walk.click(page.locator("input[name=_continue]"))
        page.wait_for_selector(".messagelist .success")
        walk.click(page.get_by_role("link", name="History"))
        walk.check_accessibility("history")
        walk.click(page.locator("#change-history tbody tr").nth(1).locator("a").first)
        walk.click(page.locator("input[type=submit]").first)
        page.wait_for_selector(".messagelist li")
        assert "was reverted to its version of" in page.locator(".messagelist").inner_text()
    assert Article.objects.get(pk=article.pk).standfirst == ""

    duplicate = Actor.objects.create(name="Staffan De Mistura", slug="staffan-de-mistura-2", kind="person")
    keep = Actor.objects.get(slug="staffan-de-mistura")
    with walk.step("merge"):
        page.goto(f"{base}/admin/actors/actor/?q=mistura")
        walk.click(page.locator(f"input[name=_selected_action][value='{keep.pk}']"))
        walk.click(page.locator(f"input[name=_selected_action][value='{duplicate.pk}']"))
        walk.choose(page.locator("select[name=action]"), "merge_selected")
        walk.click(page.locator("button[name=index]"))
        page.wait_for_selector("table.merge-choice")
        walk.check_accessibility("merge screen")
        assert page.locator(f"#keep-{keep.pk}").is_checked()  # the one most referred to
        walk.click(page.get_by_role("button", name="Merge into the chosen actor"))
        page.wait_for_selector(".messagelist .success")
    assert not Actor.objects.filter(pk=duplicate.pk).exists()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = {"steps": walk.steps, "accessibility": walk.violations}
    (ARTIFACTS / "editorial-day.json").write_text(json.dumps(report, indent=2))
    assert {label: found for label, found in walk.violations.items() if found} == {}
