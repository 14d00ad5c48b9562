"""
New articles in an import are checked one by one and written by the batch
(articles.services.NewArticles): the same rules as a save, a few statements per batch.
"""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.interchange import ImportFailed, importer, records_import
from articles.models import Article, Quote
from articles.services import NewArticles
from newsroom.pagecache import generation
from newsroom.search.models import EntryKind, SearchEntry

pytestmark = pytest.mark.django_db


def copies(records, count, *, start=0):
    """The demo file's article `count` times under new slugs and no URL, and nothing else."""
    article = records["articles"][0]
    made = []
    for number in range(start, start + count):
        record = copy.deepcopy(article)
        record["slug"], record["url"] = f"copy-{number}", ""
        made.append(record)
    return {"articles": made}


def statements(queries):
    """
    (reads and others, inserts): an INSERT holds as many rows as the database takes in one.
    The change log's lock (PostgreSQL) goes with its INSERTs: one per INSERT of changes.
    """
    inserts = [query for query in queries if query["sql"].startswith("INSERT")]
    locks = [query for query in queries if "pg_advisory_xact_lock" in query["sql"]]
    return len(queries) - len(inserts) - len(locks), len(inserts)


def test_new_articles_cost_the_same_reads_at_any_number(demo, records):
    with CaptureQueriesContext(connection) as few:
        records_import(data=copies(records, 2))
    with CaptureQueriesContext(connection) as many:
        records_import(data=copies(records, 20, start=2))
    # About 10 for the import itself (one of them links the partial quotes to their
    # paraphrase) and 15 for the change log (newsroom.changes: each resource's state and
    # last change, read for a whole batch at once).
    assert statements(many)[0] == statements(few)[0] <= 26


def test_new_articles_are_written_many_rows_to_an_insert(demo, records):
    with CaptureQueriesContext(connection) as queries:
        records_import(data=copies(records, 20))
    # 20 articles, 20 x 7 quotes, their history, round links and index entries: 480 rows.
    assert statements(queries)[1] <= 20


def test_new_articles_and_their_quotes_are_stored_as_a_save_would(demo, records):
    records_import(data=copies(records, 3))
    original = Article.objects.get(slug=records["articles"][0]["slug"])
    made = Article.objects.get(slug="copy-1")
    assert made.version == 1 and made.body == original.body and made.status == original.status
    assert set(made.rounds.all()) == set(original.rounds.all())
    spans = sorted(made.quotes.values_list("text", "span_start", "span_end"))
    assert spans == sorted(original.quotes.values_list("text", "span_start", "span_end"))


def test_new_articles_have_history_with_their_rounds(demo, records):
    records_import(data=copies(records, 2))
    made = Article.objects.get(slug="copy-0")
    created = made.history.get()
    assert created.history_type == "+"
    assert {row.negotiationround_id for row in created.rounds.all()} == set(made.rounds.values_list("pk", flat=True))
    assert all(quote.history.get().history_type == "+" for quote in made.quotes.all())


def test_the_importing_user_is_the_history_author(demo, records, editor):
    records_import(data=copies(records, 1), user=editor)
    made = Article.objects.get(slug="copy-0")
    assert made.history.get().history_user == editor
    assert {quote.history.get().history_user for quote in made.quotes.all()} == {editor}
    assert made.created_by == made.updated_by == editor


def test_new_articles_and_quotes_are_indexed(demo, records):
    records_import(data=copies(records, 2))
    made = Article.objects.get(slug="copy-0")
    assert SearchEntry.objects.filter(kind=EntryKind.ARTICLE, article=made).count() == 1
    quotes = list(made.quotes.all())
    assert SearchEntry.objects.filter(kind=EntryKind.QUOTE, quote__in=quotes).count() == len(quotes) > 0


def test_new_articles_start_a_new_page_generation(demo, records):
    before = generation()
    records_import(data=copies(records, 1))
    assert generation() != before


def test_a_problem_in_a_later_batch_writes_nothing(demo, records, monkeypatch):
    monkeypatch.setattr(importer, "ARTICLE_BATCH", 2)
    data = copies(records, 5)
    data["articles"][4]["quotes"][0]["text"] = "words the body never says"
    before = (Article.objects.count(), Quote.objects.count(), SearchEntry.objects.count())
    with pytest.raises(ImportFailed) as failed:
        records_import(data=data)
    assert [problem.where for problem in failed.value.problems] == ['articles[4] "copy-4" › quotes[0]']
    assert (Article.objects.count(), Quote.objects.count(), SearchEntry.objects.count()) == before


def test_every_problem_of_every_new_article_is_listed(demo, records):
    data = copies(records, 2)
    data["articles"][0]["language"] = "not a language"
    data["articles"][1]["quotes"][0]["anonymous"] = True
    with pytest.raises(ImportFailed) as failed:
        records_import(data=data)
    assert [(problem.where, problem.field) for problem in failed.value.problems] == [
        ('articles[0] "copy-0"', "language"),
        ('articles[1] "copy-1" › quotes[0]', ""),
    ]


OLD_URL = "https://example.org/vienna"


@pytest.fixture
def stored_with_url(demo, records):
    stored = copy.deepcopy(records["articles"][0])
    stored["url"] = OLD_URL
    records_import(data={"articles": [stored]})
    return stored


def test_a_url_an_earlier_record_gives_up_can_be_taken_by_a_new_article(stored_with_url, records):
    stored_with_url["url"] = "https://example.org/moved"
    new = copies(records, 1)["articles"][0]
    new["url"] = OLD_URL
    records_import(data={"articles": [stored_with_url, new]})
    assert Article.objects.get(slug="copy-0").url == OLD_URL


def test_a_url_a_stored_article_keeps_is_refused_to_a_new_one(stored_with_url, records):
    new = copies(records, 1)["articles"][0]
    new["url"] = OLD_URL
    with pytest.raises(ImportFailed) as failed:
        records_import(data={"articles": [new]})
    assert [(problem.field, problem.message) for problem in failed.value.problems] == [
        ("url", f"is already the address of article {stored_with_url['slug']!r}; give each article its own")
    ]


def test_only_checked_records_can_be_added():
    batch = NewArticles()
    with pytest.raises(ValueError, match="Check each article"):
        batch.add(Article(slug="unchecked", headline="h", body="b"), [], [])


def test_stored_articles_cannot_be_created_again(demo):
    with pytest.raises(ValueError, match="article_save"):
        NewArticles().article_problems(Article.objects.first(), [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL stores a tsvector")
def test_the_databases_vectors_are_the_ones_search_expects(demo, records):
    # Computed by a trigger (search migration 0003) in each insert, bulk or not.
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField
    from django.db.models.functions import Cast

    def weighted_vector():
        return (
            SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
            + SearchVector("extra", weight="C", config="english")
        )

    records_import(data=copies(records, 2))
    new = SearchEntry.objects.filter(article__slug__startswith="copy-") | SearchEntry.objects.filter(
        quote__article__slug__startswith="copy-"
    )
    rows = new.annotate(stored=Cast("search_vector", TextField()), again=Cast(weighted_vector(), TextField()))
    pairs = list(rows.values_list("stored", "again"))
    assert len(pairs) == 16 and all(stored == again for stored, again in pairs)
