"""
The reference client (scripts/mirror.py) keeps an exact copy of the public API through
the changes feed, whatever happens to the records, on both databases.
"""

import datetime
import time

import pytest
from django.utils import timezone

from actors.models import Actor, Affiliation, Alias
from actors.services import actor_merge, actor_save
from articles.models import Article, ArticleStatus, NegotiationProcess, NegotiationRound, Quote, RoundParticipant
from articles.services import (
    article_correct,
    article_publish,
    article_save,
    article_set_rounds,
    article_withdraw,
    quote_save,
)
from newsroom.services import record_delete, record_save
from tests.changes.conftest import Mirror
from tests.factories import ArticleFactory, QuoteFactory

ARTICLE = "vienna-talks-2018"


def _article():
    return Article.objects.get(slug=ARTICLE)


def withdraw():
    article_withdraw(article=_article())


def embargo_again():
    article = _article()
    article.embargo_until = timezone.now() + datetime.timedelta(days=1)
    article_save(article=article)


def back_to_draft():
    article = _article()
    article.status = ArticleStatus.DRAFT
    article_save(article=article)


def delete_article():
    record_delete(obj=_article())


def correct():
    article_correct(article=_article(), text="An earlier version misspelt the venue.")


def merge_speaker():
    keep = Actor.objects.get(slug="staffan-de-mistura")
    duplicate = actor_save(actor=Actor(name="Staffan De Mistura", slug="de-mistura-duplicate", kind="person"))
    quote = Quote.objects.filter(speaker=keep).first()
    quote.speaker = duplicate
    quote_save(quote=quote)
    actor_merge(keep=keep, merge=duplicate)


def merge_speaker_away():
    """The demo's Ja'afari merged into a new spelling: every quote and summary follows."""
    keep = actor_save(actor=Actor(name="Bashar Jaafari", slug="bashar-jaafari", kind="person"))
    actor_merge(keep=keep, merge=Actor.objects.get(slug="bashar-al-jaafari"))


def rename_speaker():
    actor = Actor.objects.get(slug="bashar-al-jaafari")
    actor.name = "Bashar al-Ja'afari (UN envoy of Syria)"
    actor_save(actor=actor)


def change_speaker_slug():
    actor = Actor.objects.get(slug="russia")
    actor.slug = "russian-federation"
    actor_save(actor=actor)


def add_alias():
    record_save(obj=Alias(actor=Actor.objects.get(slug="russia"), name="Kremlin"))


def add_affiliation():
    record_save(
        obj=Affiliation(
            person=Actor.objects.get(slug="bashar-al-jaafari"),
            organization=Actor.objects.get(slug="united-nations"),
            role="Observer",
        )
    )


def delete_quote():
    record_delete(obj=Quote.objects.filter(article__slug=ARTICLE).first())


def move_quote_to_draft():
    draft = ArticleFactory(draft=True, body=_article().body)
    quote = Quote.objects.filter(article__slug=ARTICLE, kind="direct").first()
    quote.article = draft
    quote_save(quote=quote)


def edit_quote():
    quote = Quote.objects.filter(article__slug=ARTICLE).order_by("pk").first()
    quote.speaker_label = "the envoy, speaking by telephone"
    quote_save(quote=quote)


def publish_new_article():
    article = ArticleFactory(draft=True)
    QuoteFactory(article=article, speaker=Actor.objects.get(slug="russia"))
    article_publish(article=article)


def rename_round():
    round_ = NegotiationRound.objects.get(slug="vienna-2018")
    round_.name = "Vienna meeting on the constitution"
    record_save(obj=round_)


def unlink_round():
    article_set_rounds(article=_article(), rounds=[])


def add_participant():
    record_save(
        obj=RoundParticipant(
            round=NegotiationRound.objects.get(slug="vienna-2018"),
            actor=Actor.objects.get(slug="iran"),
            role="observer",
        )
    )


def rename_process():
    process = NegotiationProcess.objects.get(slug=NegotiationRound.objects.get(slug="vienna-2018").process.slug)
    process.slug = f"{process.slug}-renamed"
    record_save(obj=process)


def delete_actor():
    record_delete(obj=Actor.objects.get(slug="islamic-state"))


CHANGES = [
    withdraw,
    embargo_again,
    back_to_draft,
    delete_article,
    correct,
    merge_speaker,
    merge_speaker_away,
    rename_speaker,
    change_speaker_slug,
    add_alias,
    add_affiliation,
    delete_quote,
    move_quote_to_draft,
    edit_quote,
    publish_new_article,
    rename_round,
    unlink_round,
    add_participant,
    rename_process,
    delete_actor,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_incremental_sync_matches_the_api_after(change, mirror, api_now):
    change()
    assert mirror.sync()[0] == "incremental"
    assert mirror.records() == api_now()


def test_a_withdrawn_article_and_its_quotes_leave_the_copy(mirror):
    withdraw()
    mirror.sync()
    assert not [url for url in mirror.records() if f"/articles/{ARTICLE}/" in url]
    assert not [record for record in mirror.records().values() if record.get("article", {}).get("slug") == ARTICLE]


def test_an_embargo_that_lifts_with_no_write_reaches_the_copy(mirror, api_now):
    article = ArticleFactory(draft=True, slug="embargoed-story")
    QuoteFactory(article=article)
    article.embargo_until = timezone.now() + datetime.timedelta(seconds=1)
    article_publish(article=article)
    mirror.sync()
    assert not [url for url in mirror.records() if "embargoed-story" in url]
    time.sleep(1.2)
    mirror.sync()
    assert [url for url in mirror.records() if "embargoed-story" in url]
    assert mirror.records() == api_now()


def test_several_changes_in_a_row_then_one_sync(mirror, api_now):
    for change in (correct, rename_speaker, edit_quote, publish_new_article, withdraw):
        change()
    mirror.sync()
    assert mirror.records() == api_now()


def test_a_withdraw_an_embargo_a_merge_a_delete_and_a_correction_then_one_sync(live_demo, tmp_path, api_now):
    stories = {name: ArticleFactory(slug=name) for name in ("to-withdraw", "to-embargo", "to-delete")}
    for article in stories.values():
        QuoteFactory(article=article, speaker=Actor.objects.get(slug="russia"))
    copy = Mirror(live_demo.url, tmp_path / "copy.sqlite3")
    assert copy.sync()[0] == "full"
    article_withdraw(article=stories["to-withdraw"])
    stories["to-embargo"].embargo_until = timezone.now() + datetime.timedelta(days=2)
    article_save(article=stories["to-embargo"])
    merge_speaker_away()
    record_delete(obj=stories["to-delete"])
    correct()
    assert copy.sync()[0] == "incremental"
    records = copy.records()
    assert records == api_now()
    assert not [url for url in records if any(name in url for name in stories)]
    assert not [url for url in records if url.endswith("/actors/bashar-al-jaafari/")]
