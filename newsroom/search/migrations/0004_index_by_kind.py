"""
The search index divided by kind of record, so a search for one kind (actors, say)
reads that kind's matches only, not every quote and article that says the word.

- SQLite: the FTS5 table gains the entry's kind as a fourth column (weight 0 in the
  ranking), indexed as one token that starts with a private-use character (U+E010):
  the search's own words are folded to letters and digits, so they never match it. A
  search for actors matches `"\ue010actor" AND (…)`, and FTS5 steps through the two
  lists together, skipping ahead in the longer one. The index is filled from
  search_searchentry by one INSERT … SELECT (not FTS5's 'rebuild', which would read the
  bare kind): about 2.5 minutes for a million-quote archive.
- PostgreSQL: one partial GIN index per kind replaces the index over every entry; a
  search names its kind, so the planner picks that kind's index. The small kinds
  (actors, rounds, processes) also get a partial index on their link: the planner
  cannot know that a word common in quotes is absent from actors, and otherwise joins
  actors through the link's full index, testing every entry of every kind (3.7 s at a
  million quotes, against 1.4 ms).

Reversible on both.
"""

from django.db import migrations

KINDS = ["article", "quote", "actor", "round", "process"]


# What the FTS5 table indexes for each column, from a row of search_searchentry.
INDEXED = {"title": "{row}.title", "body": "{row}.body", "extra": "{row}.extra", "kind": "char(57360) || {row}.kind"}


def sqlite_index(columns, weights):
    """Statements that create the FTS5 table over `columns`, its triggers and its contents."""
    names = ", ".join(columns)
    new = ", ".join(INDEXED[column].format(row="new") for column in columns)
    old = ", ".join(INDEXED[column].format(row="old") for column in columns)
    stored = ", ".join(INDEXED[column].format(row="search_searchentry") for column in columns)
    return [
        f"""
        CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
            {names},
            content='search_searchentry', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )
        """,
        "INSERT INTO search_searchentry_fts(search_searchentry_fts, rank) "
        f"VALUES('rank', 'bm25({', '.join(weights)})')",
        f"""
        CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
            INSERT INTO search_searchentry_fts(rowid, {names}) VALUES (new.id, {new});
        END
        """,
        f"""
        CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
            INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, {names})
            VALUES ('delete', old.id, {old});
        END
        """,
        f"""
        CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE OF {names} ON search_searchentry BEGIN
            INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, {names})
            VALUES ('delete', old.id, {old});
            INSERT INTO search_searchentry_fts(rowid, {names}) VALUES (new.id, {new});
        END
        """,
        f"INSERT INTO search_searchentry_fts(rowid, {names}) SELECT id, {stored} FROM search_searchentry",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
SQLITE_FORWARD = SQLITE_DROP + sqlite_index(["title", "body", "extra", "kind"], ["10.0", "4.0", "1.0", "0.0"])
SQLITE_BACKWARD = SQLITE_DROP + sqlite_index(["title", "body", "extra"], ["10.0", "4.0", "1.0"])

# GIN indexes are built faster with more memory than the server's default 64 MB.
POSTGRES_MEMORY = "SET LOCAL maintenance_work_mem = '256MB'"
SMALL_KINDS = ["actor", "round", "process"]
POSTGRES_FORWARD = [
    POSTGRES_MEMORY,
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    *(
        f"CREATE INDEX search_entry_{kind}_vector ON search_searchentry USING GIN (search_vector) WHERE kind = '{kind}'"
        for kind in KINDS
    ),
    *(f"CREATE INDEX search_entry_{kind}_link ON search_searchentry ({kind}_id) WHERE kind = '{kind}'" for kind in SMALL_KINDS),
]
POSTGRES_BACKWARD = [
    POSTGRES_MEMORY,
    *(f"DROP INDEX IF EXISTS search_entry_{kind}_vector" for kind in KINDS),
    *(f"DROP INDEX IF EXISTS search_entry_{kind}_link" for kind in SMALL_KINDS),
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_vector_trigger")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
