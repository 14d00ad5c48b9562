"""
Each quote keeps a copy of its article's public state, Quote.public_from: empty while the
article is not published, otherwise the moment it becomes public (the embargo's end, or
1 January 1900 when there is none). A round's or a speaker's public quotes are then
counted in one index (quote_round_public, quote_speaker_public) instead of reading one
article per quote: the API's round and actor lists counted ~1,700 quotes per round that way.

The database keeps the copy, so that no write path can forget it: triggers set it when a
quote is written (whatever value the writer sent) and rewrite an article's quotes when
its status or embargo changes. An embargo that lifts on its own changes nothing stored:
readers compare public_from with the current time. Tests hold
Quote.objects.public_for_counts() equal to public() in every state, on both databases.

SQLite drops a table's triggers when Django remakes the table (some AlterField
operations do): a later migration that remakes articles_quote or articles_article must
create them again (those tests fail otherwise). Reversible.
"""

from django.db import migrations, models

SQLITE_ALWAYS = "'1900-01-01 00:00:00'"  # how Django stores PUBLIC_SINCE_ALWAYS on SQLite
POSTGRES_ALWAYS = "TIMESTAMPTZ '1900-01-01 00:00:00+00'"


def copied(article, always):
    return f"CASE WHEN {article}.status = 'published' THEN COALESCE({article}.embargo_until, {always}) END"


SQLITE_QUOTE_COPY = f"(SELECT {copied('a', SQLITE_ALWAYS)} FROM articles_article a WHERE a.id = NEW.article_id)"

SQLITE_FORWARD = [
    *(
        f"""
        CREATE TRIGGER articles_quote_public_from_{event.lower()}
        AFTER {event} ON articles_quote
        WHEN NEW.public_from IS NOT {SQLITE_QUOTE_COPY}
        BEGIN
            UPDATE articles_quote SET public_from = {SQLITE_QUOTE_COPY} WHERE id = NEW.id;
        END
        """
        for event in ("INSERT", "UPDATE")
    ),
    f"""
    CREATE TRIGGER articles_article_public_from_update
    AFTER UPDATE OF status, embargo_until ON articles_article
    WHEN OLD.status IS NOT NEW.status OR OLD.embargo_until IS NOT NEW.embargo_until
    BEGIN
        UPDATE articles_quote SET public_from = {copied("NEW", SQLITE_ALWAYS)} WHERE article_id = NEW.id;
    END
    """,
    # Quotes written before their article (deferred constraints, a fixture) catch up.
    f"""
    CREATE TRIGGER articles_article_public_from_insert
    AFTER INSERT ON articles_article
    WHEN NEW.status = 'published'
    BEGIN
        UPDATE articles_quote SET public_from = {copied("NEW", SQLITE_ALWAYS)} WHERE article_id = NEW.id;
    END
    """,
    f"""
    UPDATE articles_quote SET public_from = (
        SELECT {copied("a", SQLITE_ALWAYS)} FROM articles_article a WHERE a.id = articles_quote.article_id
    )
    WHERE article_id IN (SELECT id FROM articles_article WHERE status = 'published')
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_quote_public_from_insert",
    "DROP TRIGGER IF EXISTS articles_quote_public_from_update",
    "DROP TRIGGER IF EXISTS articles_article_public_from_update",
    "DROP TRIGGER IF EXISTS articles_article_public_from_insert",
]

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION articles_quote_public_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.public_from := (
            SELECT {copied("a", POSTGRES_ALWAYS)} FROM articles_article a WHERE a.id = NEW.article_id
        );
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_quote_public_from
    BEFORE INSERT OR UPDATE ON articles_quote
    FOR EACH ROW EXECUTE FUNCTION articles_quote_public_from()
    """,
    f"""
    CREATE FUNCTION articles_article_public_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_quote SET public_from = {copied("NEW", POSTGRES_ALWAYS)} WHERE article_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_public_from_update
    AFTER UPDATE OF status, embargo_until ON articles_article
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.embargo_until IS DISTINCT FROM NEW.embargo_until)
    EXECUTE FUNCTION articles_article_public_from()
    """,
    # Quotes written before their article (deferred constraints, a fixture) catch up.
    """
    CREATE TRIGGER articles_article_public_from_insert
    AFTER INSERT ON articles_article
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION articles_article_public_from()
    """,
    f"""
    UPDATE articles_quote q SET public_from = {copied("a", POSTGRES_ALWAYS)}
    FROM articles_article a
    WHERE a.id = q.article_id AND a.status = 'published'
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_quote_public_from ON articles_quote",
    "DROP TRIGGER IF EXISTS articles_article_public_from_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_public_from_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_quote_public_from()",
    "DROP FUNCTION IF EXISTS articles_article_public_from()",
]


def run(sqlite, postgresql):
    def apply(apps, schema_editor):
        statements = {"sqlite": sqlite, "postgresql": postgresql}[schema_editor.connection.vendor]
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_revert_permission"),
        ("articles", "0007_article_embargo_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="public_from",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text=(
                    "Copied by the database from the article (migration 0008's triggers): empty while it "
                    "is not published, otherwise the moment it becomes public (its embargo's end, or "
                    "PUBLIC_SINCE_ALWAYS when it has none). Counts read it; nothing else relies on it."
                ),
                null=True,
            ),
        ),
        migrations.RunPython(run(SQLITE_FORWARD, POSTGRES_FORWARD), run(SQLITE_BACKWARD, POSTGRES_BACKWARD)),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["round", "public_from"], name="quote_round_public"),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["speaker", "public_from"], name="quote_speaker_public"),
        ),
    ]
