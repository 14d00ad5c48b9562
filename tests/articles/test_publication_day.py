"""A publication known to the day only: kept as that day, never shown with a time nobody gave."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.interchange import ImportFailed, records_export, records_import
from articles.models import Article, PublicationPrecision
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = "The envoy said the talks had been useful."


def document(published_at):
    return {
        "articles": [
            {
                "slug": "useful-talks",
                "headline": "Talks useful, envoy says",
                "body": BODY,
                "status": "published",
                "published_at": published_at,
            }
        ]
    }


@pytest.fixture
def day_only():
    records_import(data=document("2022-10-07"))
    return Article.objects.get()


def test_a_day_alone_imports_as_a_day_only_publication(day_only):
    assert day_only.published_precision == PublicationPrecision.DAY
    assert day_only.published_at == datetime.datetime(2022, 10, 7, tzinfo=datetime.UTC)


def test_a_day_only_publication_exports_as_the_day(day_only):
    assert records_export()["articles"][0]["published_at"] == "2022-10-07"


def test_an_exact_time_exports_as_before():
    records_import(data=document("2022-10-07T14:02:00Z"))
    assert Article.objects.get().published_precision == PublicationPrecision.TIME
    assert records_export()["articles"][0]["published_at"] == "2022-10-07T14:02:00Z"


def test_a_day_that_does_not_exist_is_refused_on_its_field():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document("2022-02-30"))
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("published_at", "'2022-02-30' is not a real day such as 2022-10-07")
    ]


def test_the_article_page_shows_the_day_and_no_time(client, day_only):
    page = client.get(day_only.get_absolute_url()).content.decode()
    assert '<time datetime="2022-10-07">7 October 2022</time>' in page
    assert "00:00" not in page and "12:00" not in page


def test_the_day_stays_the_same_in_a_time_zone_west_of_utc(client, day_only, settings):
    settings.TIME_ZONE = "America/New_York"
    assert "7 October 2022" in client.get(day_only.get_absolute_url()).content.decode()


def test_the_api_gives_the_day_and_no_invented_time(client, day_only):
    data = client.get(f"/api/v1/articles/{day_only.slug}/").json()
    assert (data["published_at"], data["published_on"], data["published_precision"]) == (None, "2022-10-07", "day")


def test_the_api_gives_an_exact_time_with_its_day(client):
    article = ArticleFactory(published_at=datetime.datetime(2022, 10, 7, 14, 2, tzinfo=datetime.UTC))
    data = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert (data["published_at"], data["published_on"], data["published_precision"]) == (
        "2022-10-07T14:02:00Z",
        "2022-10-07",
        "time",
    )


def test_the_csv_gives_the_day_only(client):
    article = ArticleFactory(
        body="The envoy called it a heron moment.",
        published_at=datetime.datetime(2022, 10, 7, tzinfo=datetime.UTC),
        published_precision=PublicationPrecision.DAY,
    )
    QuoteFactory(article=article, text="a heron moment", kind="partial")
    rows = list(csv.reader(io.StringIO(client.get("/search/quotes.csv?q=heron").getvalue().decode())))
    assert rows[1][rows[0].index("published")] == "2022-10-07"


def test_day_only_and_timed_articles_sort_and_filter_together(client, day_only):
    later = ArticleFactory(published_at=datetime.datetime(2022, 10, 7, 14, 2, tzinfo=datetime.UTC))
    earlier = ArticleFactory(published_at=datetime.datetime(2022, 10, 6, 23, 0, tzinfo=datetime.UTC))
    listed = client.get("/api/v1/articles/?published_after=2022-10-07").json()["results"]
    assert [a["slug"] for a in listed] == [later.slug, day_only.slug]
    listed = client.get("/api/v1/articles/?published_before=2022-10-06").json()["results"]
    assert [a["slug"] for a in listed] == [earlier.slug]


def article_form(admin_client, article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_admin_saves_a_date_without_time_as_day_only(admin_client):
    article = ArticleFactory(body=BODY, draft=True)
    url = article_form(admin_client, article)
    data = form_data(admin_client.get(url))
    data.update({"status": "published", "published_at_0": "2022-10-07", "published_at_1": ""})
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.published_day, article.published_precision) == (datetime.date(2022, 10, 7), "day")


def test_the_admin_shows_a_day_only_publication_with_an_empty_time(admin_client, day_only):
    data = form_data(admin_client.get(article_form(admin_client, day_only)))
    assert (data["published_at_0"], data["published_at_1"]) == ("07/10/2022", "")  # the admin's date format


def test_the_admin_refuses_a_time_without_a_day(admin_client):
    article = ArticleFactory(body=BODY, draft=True)
    url = article_form(admin_client, article)
    data = form_data(admin_client.get(url))
    data.update({"published_at_0": "", "published_at_1": "14:02"})
    assert "Give the day as well as the time." in admin_client.post(url, data).content.decode()


def test_the_article_list_shows_a_day_only_publication_without_time(admin_client, day_only):
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "7 October 2022<" in page
    assert "midnight" not in page


def test_a_reporter_reads_the_day_only_publication_as_printed(client, django_user_model, day_only):
    reporter = django_user_model.objects.create_user(username="reporter", password="pw", is_staff=True)
    reporter.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "change_article"]))
    client.force_login(reporter)
    page = client.get(article_form(client, day_only)).content.decode()
    assert "7 October 2022" in page
    assert 'name="published_at_0"' not in page
