"""What the articles app makes searchable (registered by ArticlesConfig.ready)."""

from typing import cast

from django.db.models import F
from django_countries.fields import Country

from actors.models import Actor, Alias
from actors.search import alias_names
from newsroom.search.documents import clean
from newsroom.search.models import EntryKind
from newsroom.search.registry import Follows, Searchable, register

from .models import Article, NegotiationProcess, NegotiationRound, Quote


def article_document(article: Article) -> tuple[str, str]:
    return article.headline, clean(article.standfirst, article.body)


def quote_document(quote: Quote) -> tuple[str, str]:
    speaker = quote.speaker
    names = [speaker.name, *alias_names(speaker)] if speaker else []
    affiliation = quote.speaker_affiliation.name if quote.speaker_affiliation else ""
    via = quote.via.name if quote.via else ""
    return quote.text, clean(quote.speaker_label, ", ".join(names), affiliation, via)


def round_document(round_: NegotiationRound) -> tuple[str, str]:
    country = cast(Country, round_.country).name if round_.country else ""  # the stubs see a str
    return round_.name, clean(round_.process.name, round_.city, country, round_.venue, round_.agenda, round_.outcome)


def process_document(process: NegotiationProcess) -> tuple[str, str]:
    convener = process.convener.name if process.convener else ""
    return process.name, clean(process.description, convener)


def register_searchables() -> None:
    register(
        Searchable(
            kind=EntryKind.ARTICLE,
            model=Article,
            document=article_document,
            recency=F("published_at").desc(nulls_last=True),
        )
    )
    register(
        Searchable(
            kind=EntryKind.QUOTE,
            model=Quote,
            document=quote_document,
            recency=F("article__published_at").desc(nulls_last=True),
            select_related=("speaker", "speaker_affiliation", "via"),
            prefetch_related=("speaker__aliases",),
            # A speaker's name and aliases are part of its quotes' documents.
            follows=(
                Follows(Actor, "speaker_id", key=lambda actor: actor.pk),
                Follows(Alias, "speaker_id", key=lambda alias: alias.actor_id, on_delete=True),
            ),
        )
    )
    register(
        Searchable(
            kind=EntryKind.ROUND,
            model=NegotiationRound,
            document=round_document,
            recency=F("start_date").desc(nulls_last=True),
            select_related=("process",),
            follows=(Follows(NegotiationProcess, "process_id", key=lambda process: process.pk),),
        )
    )
    register(
        Searchable(
            kind=EntryKind.PROCESS,
            model=NegotiationProcess,
            document=process_document,
            recency=F("name").asc(),
            select_related=("convener",),
        )
    )
