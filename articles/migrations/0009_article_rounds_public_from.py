"""
Article.rounds' table keeps the same copy of the article's public state as quotes do
(migration 0008): a column `public_from` that the database fills, and an index
(article_rounds_round_public) in which a round's public articles are counted. The API's
round list counted them by reading each linked article (about 350 per round at a
million quotes; SQLite reads an article's body to reach its status): 230 ms for a page
of 50 rounds, against 3 ms from the index.

Django knows the column through ArticleRoundLink only (an unmanaged model on the same
table), so Article.rounds writes rows without it and the triggers fill it. SQLite's
table remake (an AlterField of Article.rounds) would drop the column and the triggers:
a later migration that remakes articles_article_rounds must add them again (the tests
of Quote.public_from's kind fail otherwise). Reversible.
"""

from django.db import migrations, models

SQLITE_ALWAYS = "'1900-01-01 00:00:00'"
POSTGRES_ALWAYS = "TIMESTAMPTZ '1900-01-01 00:00:00+00'"


def copied(article, always):
    return f"CASE WHEN {article}.status = 'published' THEN COALESCE({article}.embargo_until, {always}) END"


SQLITE_LINK_COPY = f"(SELECT {copied('a', SQLITE_ALWAYS)} FROM articles_article a WHERE a.id = NEW.article_id)"

SQLITE_FORWARD = [
    "ALTER TABLE articles_article_rounds ADD COLUMN public_from datetime NULL",
    *(
        f"""
        CREATE TRIGGER articles_article_rounds_public_from_{event.lower()}
        AFTER {event} ON articles_article_rounds
        WHEN NEW.public_from IS NOT {SQLITE_LINK_COPY}
        BEGIN
            UPDATE articles_article_rounds SET public_from = {SQLITE_LINK_COPY} WHERE id = NEW.id;
        END
        """
        for event in ("INSERT", "UPDATE")
    ),
    f"""
    CREATE TRIGGER articles_article_links_public_from_update
    AFTER UPDATE OF status, embargo_until ON articles_article
    WHEN OLD.status IS NOT NEW.status OR OLD.embargo_until IS NOT NEW.embargo_until
    BEGIN
        UPDATE articles_article_rounds SET public_from = {copied("NEW", SQLITE_ALWAYS)} WHERE article_id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER articles_article_links_public_from_insert
    AFTER INSERT ON articles_article
    WHEN NEW.status = 'published'
    BEGIN
        UPDATE articles_article_rounds SET public_from = {copied("NEW", SQLITE_ALWAYS)} WHERE article_id = NEW.id;
    END
    """,
    f"""
    UPDATE articles_article_rounds SET public_from = (
        SELECT {copied("a", SQLITE_ALWAYS)} FROM articles_article a WHERE a.id = articles_article_rounds.article_id
    )
    WHERE article_id IN (SELECT id FROM articles_article WHERE status = 'published')
    """,
    "CREATE INDEX article_rounds_round_public ON articles_article_rounds (negotiationround_id, public_from)",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS article_rounds_round_public",
    "DROP TRIGGER IF EXISTS articles_article_rounds_public_from_insert",
    "DROP TRIGGER IF EXISTS articles_article_rounds_public_from_update",
    "DROP TRIGGER IF EXISTS articles_article_links_public_from_update",
    "DROP TRIGGER IF EXISTS articles_article_links_public_from_insert",
    "ALTER TABLE articles_article_rounds DROP COLUMN public_from",
]

POSTGRES_FORWARD = [
    "ALTER TABLE articles_article_rounds ADD COLUMN public_from timestamp with time zone NULL",
    f"""
    CREATE FUNCTION articles_article_rounds_public_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.public_from := (
            SELECT {copied("a", POSTGRES_ALWAYS)} FROM articles_article a WHERE a.id = NEW.article_id
        );
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_rounds_public_from
    BEFORE INSERT OR UPDATE ON articles_article_rounds
    FOR EACH ROW EXECUTE FUNCTION articles_article_rounds_public_from()
    """,
    f"""
    CREATE FUNCTION articles_article_links_public_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article_rounds SET public_from = {copied("NEW", POSTGRES_ALWAYS)} WHERE article_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_links_public_from_update
    AFTER UPDATE OF status, embargo_until ON articles_article
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.embargo_until IS DISTINCT FROM NEW.embargo_until)
    EXECUTE FUNCTION articles_article_links_public_from()
    """,
    """
    CREATE TRIGGER articles_article_links_public_from_insert
    AFTER INSERT ON articles_article
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION articles_article_links_public_from()
    """,
    f"""
    UPDATE articles_article_rounds l SET public_from = {copied("a", POSTGRES_ALWAYS)}
    FROM articles_article a
    WHERE a.id = l.article_id AND a.status = 'published'
    """,
    "CREATE INDEX article_rounds_round_public ON articles_article_rounds (negotiationround_id, public_from)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS article_rounds_round_public",
    "DROP TRIGGER IF EXISTS articles_article_rounds_public_from ON articles_article_rounds",
    "DROP TRIGGER IF EXISTS articles_article_links_public_from_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_links_public_from_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_rounds_public_from()",
    "DROP FUNCTION IF EXISTS articles_article_links_public_from()",
    "ALTER TABLE articles_article_rounds DROP COLUMN public_from",
]


def run(sqlite, postgresql):
    def apply(apps, schema_editor):
        statements = {"sqlite": sqlite, "postgresql": postgresql}[schema_editor.connection.vendor]
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_quote_public_from")]

    operations = [
        migrations.RunPython(run(SQLITE_FORWARD, POSTGRES_FORWARD), run(SQLITE_BACKWARD, POSTGRES_BACKWARD)),
        # Django's view of the table: it creates nothing (unmanaged).
        migrations.CreateModel(
            name="ArticleRoundLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "public_from",
                    models.DateTimeField(help_text="As Quote.public_from, for the linked article.", null=True),
                ),
            ],
            options={"db_table": "articles_article_rounds", "managed": False},
        ),
    ]
