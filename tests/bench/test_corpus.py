"""The synthetic archive: deterministic for a seed, valid by every model rule, never mixed with other records."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor, Affiliation, Alias
from articles.corpus import PREFIX, CorpusRefused, corpus_generate
from articles.models import Article, ArticleStatus, NegotiationProcess, NegotiationRound, Quote, RoundParticipant
from newsroom.changes.models import Change
from newsroom.search.engine import search
from newsroom.search.models import SearchEntry

pytestmark = pytest.mark.django_db

QUOTES = 400


def fingerprint():
    """Everything generated, ids aside, as one digest."""
    digest = hashlib.sha256()
    for row in Actor.objects.order_by("slug").values_list("slug", "name", "kind"):
        digest.update(repr(row).encode())
    for row in NegotiationRound.objects.order_by("slug").values_list("slug", "name", "start_date", "process__slug"):
        digest.update(repr(row).encode())
    for row in Article.objects.order_by("slug").values_list("slug", "headline", "body", "status", "published_at"):
        digest.update(repr(row).encode())
    quotes = Quote.objects.order_by("article__slug", "span_start").values_list(
        "article__slug", "text", "kind", "speaker__slug", "via__slug", "anonymous", "span_start"
    )
    for row in quotes:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def wipe():
    SearchEntry.objects.all().delete()
    Quote.objects.all().delete()
    Article.objects.all().delete()
    RoundParticipant.objects.all().delete()
    NegotiationRound.objects.all().delete()
    NegotiationProcess.objects.all().delete()
    Affiliation.objects.all().delete()
    Alias.objects.all().delete()
    Actor.objects.all().delete()


def test_the_same_seed_gives_the_same_archive():
    corpus_generate(quotes=QUOTES, seed=7)
    first = fingerprint()
    wipe()
    corpus_generate(quotes=QUOTES, seed=7)
    assert fingerprint() == first
    wipe()
    corpus_generate(quotes=QUOTES, seed=8)
    assert fingerprint() != first


def test_it_makes_exactly_the_quotes_asked_for_in_every_state():
    report = corpus_generate(quotes=QUOTES, seed=3)
    assert Quote.objects.count() == report.counts["quotes"] == QUOTES
    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == set(ArticleStatus.values)
    assert Article.objects.filter(embargo_until__isnull=False).exists()
    assert Quote.objects.filter(anonymous=True).exists() and Quote.objects.filter(via__isnull=False).exists()
    assert set(Quote.objects.values_list("kind", flat=True)) == {"direct", "partial", "paraphrase"}


def test_every_record_passes_full_validation_with_the_span_it_stored():
    corpus_generate(quotes=QUOTES, seed=5)
    for model in (Actor, Alias, Affiliation, NegotiationProcess, NegotiationRound, RoundParticipant, Article):
        for record in model.objects.all():
            record.full_clean()
    for quote in Quote.objects.select_related("article"):
        stored = (quote.span_start, quote.span_end)
        quote.full_clean()  # the verbatim check locates the words again
        assert (quote.span_start, quote.span_end) == stored


def test_every_record_is_marked_synthetic():
    corpus_generate(quotes=QUOTES, seed=5)
    for model in (Actor, NegotiationProcess, NegotiationRound, Article):
        assert not model.objects.exclude(slug__startswith=PREFIX).exists()


def test_every_record_is_indexed_and_searchable():
    corpus_generate(quotes=QUOTES, seed=5)
    total = Actor.objects.count() + NegotiationProcess.objects.count() + NegotiationRound.objects.count()
    assert SearchEntry.objects.count() == total + Article.objects.count() + Quote.objects.count()
    quote = Quote.objects.public().filter(kind="direct").first()
    marker = quote.text.split()[-1]
    assert quote in search(Quote.objects.public(), marker)


def test_a_database_with_other_records_is_refused(demo):
    with pytest.raises(CorpusRefused, match="already holds records"):
        corpus_generate(quotes=10, seed=1)


def test_the_command_refuses_with_a_clear_message(demo):
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_corpus", "--quotes", "10")


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_archive_is_vacuumed_so_counts_read_their_index_alone():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no visibility map")
    corpus_generate(quotes=QUOTES, seed=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'articles_quote'")
        assert cursor.fetchone()[0] > 0


def test_articles_are_written_in_publication_order_give_or_take_three_days():
    corpus_generate(quotes=QUOTES, seed=5)
    dates = list(Article.objects.exclude(published_at=None).order_by("pk").values_list("published_at", flat=True))
    latest_so_far = dates[0]
    for date in dates[1:]:
        assert (latest_so_far - date).days < 3
        latest_so_far = max(latest_so_far, date)


def test_every_public_record_is_announced_once_in_the_change_log():
    corpus_generate(quotes=QUOTES, seed=5)
    announced = set(Change.objects.values_list("resource", "object_id"))
    assert Change.objects.count() == len(announced)
    assert {("quote", pk) for pk in Quote.objects.public().values_list("pk", flat=True)} <= announced
    assert (
        not {("quote", pk) for pk in Quote.objects.exclude(pk__in=Quote.objects.public()).values_list("pk", flat=True)}
        & announced
    )
    assert ("actor", Actor.objects.first().pk) in announced
