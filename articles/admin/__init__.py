"""The articles app's admins, one module per domain; importing them registers them."""

from . import article, negotiation, quote, suggestion

__all__ = ["article", "negotiation", "quote", "suggestion"]
