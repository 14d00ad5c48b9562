"""
The search index: one SearchEntry per searchable record, the same table on every
database. PostgreSQL searches its `search_vector` column (GIN-indexed, computed from
title/body/extra by a trigger); SQLite searches an FTS5 table over title/body/extra that
triggers keep in step with this one. Both are created by migrations 0002 and 0003 for
the database in use only.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup, Q
from django.db.models.sql.compiler import SQLCompiler


class EntryKind(models.TextChoices):
    ARTICLE = "article", "Article"
    QUOTE = "quote", "Quote"
    ACTOR = "actor", "Actor"
    ROUND = "round", "Round"
    PROCESS = "process", "Process"


KINDS = EntryKind.values


class SearchEntry(models.Model):
    """The searchable text of one record. Confidential notes are never copied here."""

    kind = models.CharField(max_length=10, choices=EntryKind)
    # Exactly one of these is set; deleting the record deletes its entry.
    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, null=True, related_name="search_entry")
    quote = models.OneToOneField("articles.Quote", on_delete=models.CASCADE, null=True, related_name="search_entry")
    actor = models.OneToOneField("actors.Actor", on_delete=models.CASCADE, null=True, related_name="search_entry")
    round = models.OneToOneField(
        "articles.NegotiationRound", on_delete=models.CASCADE, null=True, related_name="search_entry"
    )
    process = models.OneToOneField(
        "articles.NegotiationProcess", on_delete=models.CASCADE, null=True, related_name="search_entry"
    )
    title = models.TextField(help_text="Headline, quote words, actor or round name: weighs most.")
    body = models.TextField(help_text="The rest of the record's public text; snippets come from here.")
    extra = models.TextField(help_text="Accent- and apostrophe-free forms of the above, for forgiving matches.")
    search_vector = SearchVectorField(null=True, help_text="PostgreSQL only: the weighted tsvector.")

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.CheckConstraint(
                condition=reduce(
                    or_,
                    (
                        Q(kind=kind, **{f"{kind}__isnull": False}, **{other: None for other in KINDS if other != kind})
                        for kind in KINDS
                    ),
                ),
                name="search_entry_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title[:60]}"


class FtsMatchField(models.TextField):
    """The FTS5 table's hidden column named after the table: the left side of MATCH."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "fts"

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


class FtsEntry(models.Model):
    """SQLite only: the FTS5 index over SearchEntry (external content, rowid = entry id)."""

    # The FTS5 rowid is the entry's id: a one-to-one link lets a search join the hits
    # once (one MATCH for the whole query) instead of matching again for every row.
    rowid = models.OneToOneField(
        SearchEntry, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fts"
    )
    title = models.TextField()
    body = models.TextField()
    extra = models.TextField()
    match = FtsMatchField(db_column="search_searchentry_fts")
    rank = models.FloatField(help_text="bm25 with the column weights set by the migration; lower is better.")

    class Meta:
        managed = False
        db_table = "search_searchentry_fts"

    def __str__(self) -> str:
        return self.title
