"""How an attribution is known (stated or inferred), and partial quotes linked to their paraphrase."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.interchange import ImportFailed, records_export, records_import
from articles.models import AttributionBasis, Quote
from articles.quotefinder import Gazetteer, find_quotes
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = 'Moscow says the goal of the congress was to "efficiently" support the talks with concrete "results."'
PARAPHRASE = "the goal of the congress was to efficiently support the talks with concrete results"


def document(**partial):
    return {
        "actors": [{"slug": "russia", "name": "Russia", "kind": "government"}],
        "articles": [
            {
                "slug": "congress-goal",
                "headline": "The congress and its goal",
                "body": BODY,
                "status": "published",
                "published_at": "2018-01-25",
                "quotes": [
                    {"text": PARAPHRASE, "kind": "paraphrase", "speaker": "russia", "speaker_label": "Moscow"},
                    {"text": "efficiently", "kind": "partial", "speaker": "russia", "within": 0, **partial},
                    {"text": "results", "kind": "partial", "speaker": "russia", "within": 0},
                ],
            }
        ],
    }


def test_a_partial_quote_imports_linked_to_its_paraphrase():
    records_import(data=document())
    paraphrase = Quote.objects.get(kind="paraphrase")
    assert sorted(q.text for q in paraphrase.partials.all()) == ["efficiently", "results"]


def test_the_link_round_trips_as_an_index():
    records_import(data=document())
    quotes = records_export()["articles"][0]["quotes"]
    by_text = {q["text"]: q for q in quotes}
    paraphrase_index = quotes.index(by_text[PARAPHRASE])
    assert by_text["efficiently"]["within"] == paraphrase_index
    assert by_text[PARAPHRASE]["within"] is None


def test_a_stored_quote_is_linked_by_a_later_import():
    data = document()
    for quote in data["articles"][0]["quotes"]:
        quote.pop("within", None)
    records_import(data=data)
    assert not Quote.objects.filter(within__isnull=False).exists()
    report = records_import(data=document())
    assert Quote.objects.filter(within__isnull=False).count() == 2
    assert report.counts["quotes"] == {"created": 0, "updated": 2, "unchanged": 1}


def test_within_must_name_a_paraphrase():
    data = document()
    data["articles"][0]["quotes"][2]["within"] = 1
    with pytest.raises(ImportFailed) as raised:
        records_import(data=data)
    assert [(p.field, p.message) for p in raised.value.problems] == [("within", "quotes[1] is not a paraphrase")]


def test_within_must_be_an_index_of_the_article():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document(within=7))
    assert [p.message for p in raised.value.problems] == ["7 is not the index of another quote of this article"]


def test_only_a_partial_quote_is_part_of_a_paraphrase():
    article = ArticleFactory(body=BODY)
    paraphrase = QuoteFactory(article=article, text=PARAPHRASE, kind="paraphrase")
    direct = QuoteFactory.build(article=article, text="results", kind="direct", within=paraphrase)
    with pytest.raises(ValidationError) as raised:
        direct.full_clean()
    assert raised.value.message_dict["within"] == ["Only a partial quote is part of a paraphrase."]


def test_a_paraphrase_of_another_article_is_refused():
    paraphrase = QuoteFactory(article=ArticleFactory(body=BODY), text=PARAPHRASE, kind="paraphrase")
    partial = QuoteFactory.build(article=ArticleFactory(body=BODY), text="results", kind="partial", within=paraphrase)
    with pytest.raises(ValidationError) as raised:
        partial.full_clean()
    assert "is in another article" in raised.value.message_dict["within"][0]


def test_the_quote_pages_link_both_ways(client):
    records_import(data=document())
    paraphrase, partial = Quote.objects.get(kind="paraphrase"), Quote.objects.get(text="efficiently")
    page = client.get(partial.get_absolute_url()).content.decode()
    assert f'<a href="{paraphrase.get_absolute_url()}">' in page
    page = client.get(paraphrase.get_absolute_url()).content.decode()
    assert f'<a href="{partial.get_absolute_url()}">“efficiently”</a>' in page


def test_the_api_gives_the_basis_and_the_paraphrase(client):
    records_import(data=document(attribution_basis="inferred"))
    partial = Quote.objects.get(text="efficiently")
    data = client.get(f"/api/v1/quotes/{partial.pk}/").json()
    assert (data["attribution_basis"], data["within"]) == ("inferred", partial.within_id)


def test_an_inferred_attribution_is_said_on_the_quote_page_and_in_the_csv(client):
    records_import(data=document(attribution_basis="inferred"))
    partial = Quote.objects.get(text="efficiently")
    assert "Inferred from the context" in client.get(partial.get_absolute_url()).content.decode()
    rows = [line.split(",") for line in client.get("/search/quotes.csv?q=efficiently").getvalue().decode().splitlines()]
    text, column = rows[0].index("text"), rows[0].index("attribution")
    assert [row[column] for row in rows[1:] if row[text] == "efficiently"] == ["inferred"]


def test_the_admin_links_a_partial_quote_to_a_paraphrase_of_its_article(admin_client):
    article = ArticleFactory(body=BODY)
    paraphrase = QuoteFactory(article=article, text=PARAPHRASE, kind="paraphrase")
    partial = QuoteFactory(article=article, text="results", kind="partial")
    url = reverse("admin:articles_quote_change", args=[partial.pk])
    data = form_data(admin_client.get(url))
    data.update({"within": str(paraphrase.pk), "attribution_basis": "inferred"})
    assert admin_client.post(url, data).status_code == 302
    partial.refresh_from_db()
    assert (partial.within, partial.attribution_basis) == (paraphrase, AttributionBasis.INFERRED)


def test_the_quote_finder_says_when_an_attribution_is_inferred():
    text = (
        '"We will return next week," said Hana Lind. "The agenda is the constitution and nothing else."\n\n'
        'Oren Vale said: "Nothing is agreed."'
    )
    suggestions = {s.text: s.attribution_basis for s in find_quotes("", text, gazetteer=Gazetteer([]))}
    assert suggestions == {
        "We will return next week": "stated",
        "The agenda is the constitution and nothing else": "inferred",
        "Nothing is agreed": "stated",
    }
