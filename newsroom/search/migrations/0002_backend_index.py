"""
The database-specific half of the search index, created only on the database in use:
SQLite gets an FTS5 table over search_searchentry kept in step by triggers;
PostgreSQL gets a GIN index on search_vector. Reversible on both.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, body, extra,
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    # Rank by bm25 with the title weighing most, then the body, then the folded extra text.
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rank) VALUES('rank', 'bm25(10.0, 4.0, 1.0)')",
    """
    CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, body, extra)
        VALUES (new.id, new.title, new.body, new.extra);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body, extra)
        VALUES ('delete', old.id, old.title, old.body, old.extra);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE OF title, body, extra ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body, extra)
        VALUES ('delete', old.id, old.title, old.body, old.extra);
        INSERT INTO search_searchentry_fts(rowid, title, body, extra)
        VALUES (new.id, new.title, new.body, new.extra);
    END
    """,
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
POSTGRES_FORWARD = ["CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (search_vector)"]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_entry_vector_gin"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
