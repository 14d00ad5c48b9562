"""
More channels (briefing, televised address, text message, leaked document, and other,
which says which in channel_other; the database refuses one without the other).

On SQLite, adding a column with a default and a constraint remakes articles_quote, which
the triggers of migration 0008 name: they are dropped first and made again after (as
0008 says a later migration must). PostgreSQL alters the table in place. Reversible.
"""

import importlib

from django.db import migrations, models

public_copy = importlib.import_module("articles.migrations.0008_quote_public_from")


def on_sqlite(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_revert_permission"),
        ("articles", "0010_normalize_newlines"),
    ]

    operations = [
        migrations.RunPython(
            on_sqlite(public_copy.SQLITE_BACKWARD), on_sqlite(public_copy.SQLITE_FORWARD), elidable=False
        ),
        migrations.AddField(
            model_name="historicalquote",
            name="channel_other",
            field=models.CharField(
                blank=True,
                help_text="For the channel Other: which, e.g. “a radio phone-in”.",
                max_length=100,
                verbose_name="other channel",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="channel_other",
            field=models.CharField(
                blank=True,
                help_text="For the channel Other: which, e.g. “a radio phone-in”.",
                max_length=100,
                verbose_name="other channel",
            ),
        ),
        migrations.AlterField(
            model_name="historicalquote",
            name="channel",
            field=models.CharField(
                blank=True,
                choices=[
                    ("statement", "Statement"),
                    ("interview", "Interview"),
                    ("press_conference", "Press conference"),
                    ("briefing", "Briefing"),
                    ("speech", "Speech"),
                    ("televised_address", "Televised address"),
                    ("social_media", "Social media post"),
                    ("text_message", "Text message"),
                    ("letter", "Letter or document"),
                    ("leaked_document", "Leaked document"),
                    ("other", "Other (say which)"),
                ],
                help_text="How the words were said, when known.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="quote",
            name="channel",
            field=models.CharField(
                blank=True,
                choices=[
                    ("statement", "Statement"),
                    ("interview", "Interview"),
                    ("press_conference", "Press conference"),
                    ("briefing", "Briefing"),
                    ("speech", "Speech"),
                    ("televised_address", "Televised address"),
                    ("social_media", "Social media post"),
                    ("text_message", "Text message"),
                    ("letter", "Letter or document"),
                    ("leaked_document", "Leaked document"),
                    ("other", "Other (say which)"),
                ],
                help_text="How the words were said, when known.",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("channel", "other"), models.Q(("channel_other", ""), _negated=True)),
                    models.Q(models.Q(("channel", "other"), _negated=True), ("channel_other", "")),
                    _connector="OR",
                ),
                name="quote_other_channel_named",
                violation_error_message="Say which channel when it is Other, and only then.",
            ),
        ),
        migrations.RunPython(
            on_sqlite(public_copy.SQLITE_FORWARD), on_sqlite(public_copy.SQLITE_BACKWARD), elidable=False
        ),
    ]
