"""What the apps register as searchable (newsroom.search.registry)."""

import dataclasses

import pytest

from actors.models import Actor
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote
from newsroom.search import registry


def test_every_searchable_model_is_registered_once_by_its_app():
    kinds = {searchable.kind: searchable.model for searchable in registry.registered()}
    assert kinds == {
        "article": Article,
        "quote": Quote,
        "actor": Actor,
        "round": NegotiationRound,
        "process": NegotiationProcess,
    }


def test_a_kind_registered_again_with_another_model_is_refused():
    quotes = registry.of_kind("quote")
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(dataclasses.replace(quotes, model=Article))
    assert registry.of_kind("quote") is quotes
