"""Migration search.0004: the index divided by kind is built from the stored entries, and reverses."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from newsroom.search.engine import search
from tests.factories import ArticleFactory


def index_shape():
    """SQLite: the FTS5 table's columns. PostgreSQL: the GIN indexes on the entries."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM pragma_table_info('search_searchentry_fts')")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry' AND indexdef LIKE '%gin%'"
            )
        return {name for (name,) in cursor.fetchall()}


BY_KIND = {
    "sqlite": {"title", "body", "extra", "kind"},
    "postgresql": {f"search_entry_{kind}_vector" for kind in ("article", "quote", "actor", "round", "process")},
}
BEFORE = {"sqlite": {"title", "body", "extra"}, "postgresql": {"search_entry_vector_gin"}}


@pytest.mark.django_db(transaction=True)
def test_the_index_by_kind_reverses_and_is_rebuilt_from_the_stored_entries():
    story = ArticleFactory(headline="Pelican talks")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("search")
    executor.migrate([("search", "0003_postgres_vector_trigger")])
    assert index_shape() == BEFORE[connection.vendor]
    executor.loader.build_graph()
    executor.migrate(latest)
    assert index_shape() == BY_KIND[connection.vendor]
    assert list(search(Article.objects.public(), "pelican")) == [story]
