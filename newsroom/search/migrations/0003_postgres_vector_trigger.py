"""
PostgreSQL computes an entry's search_vector itself, in the INSERT or UPDATE that
writes its texts, as SQLite's triggers keep its FTS5 table in step: each row is
written once (the index used to insert a row and then update it), and entries
created in bulk need nothing more. The expression is the one the search backend
used to run after each write (title weighs most, then body, then the folded forms);
a test holds the two equal. Reversible; nothing on SQLite.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION search_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.extra, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_searchentry_vector
    BEFORE INSERT OR UPDATE OF title, body, extra ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_searchentry_vector()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_vector ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_searchentry_vector()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_backend_index")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
