"""The quote finder: reads an article and proposes its quotes for an editor to confirm.

Rule-based and gazetteer-driven (no model to download): it pairs quotation marks,
tells quotes from names and scare quotes, reads the attribution around each quote
(speaker before or after, "quoted by", "told", "according to", pronouns) and matches
speakers, relays and rounds against the actors and rounds the newsroom already has.

    suggestions = quote_suggest(article=article)              # from the database
    suggestions = find_quotes(headline, body, gazetteer=g)    # from any gazetteer
"""

from .database import gazetteer_from_database, quote_suggest
from .finder import Suggestion, find_quotes
from .gazetteer import Entry, Gazetteer, RoundEntry

__all__ = ["find_quotes", "quote_suggest", "gazetteer_from_database", "Entry", "RoundEntry", "Gazetteer", "Suggestion"]
