"""
Article.published_precision: "day" when only the day of publication is known (stored at
00:00 UTC on that day, so it sorts and filters with the others, and never shown as a
time), "time" for an exact time, as every article so far.

On SQLite, adding the column remakes articles_article, which the triggers of migrations
0008 and 0009 name: they are dropped first and made again after. PostgreSQL alters the
table in place. Reversible.
"""

import importlib

from django.db import migrations, models

quote_copy = importlib.import_module("articles.migrations.0008_quote_public_from")
link_copy = importlib.import_module("articles.migrations.0009_article_rounds_public_from")
on_sqlite = importlib.import_module("articles.migrations.0011_quote_channels").on_sqlite
# 0009's lists also add a column and an index, which the remake keeps: only its triggers
# (and the statement that fills the copy again).
DROP = [*quote_copy.SQLITE_BACKWARD, *link_copy.SQLITE_BACKWARD[1:5]]
MAKE = [*quote_copy.SQLITE_FORWARD, *link_copy.SQLITE_FORWARD[1:6]]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_quote_channels"),
    ]

    operations = [
        migrations.RunPython(on_sqlite(DROP), on_sqlite(MAKE), elidable=False),
        migrations.AddField(
            model_name="article",
            name="published_precision",
            field=models.CharField(
                choices=[("day", "Day only"), ("time", "Exact time")],
                default="time",
                help_text="Whether the exact time is known, or only the day (stored as 00:00 UTC on that day, never shown).",
                max_length=4,
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="published_precision",
            field=models.CharField(
                choices=[("day", "Day only"), ("time", "Exact time")],
                default="time",
                help_text="Whether the exact time is known, or only the day (stored as 00:00 UTC on that day, never shown).",
                max_length=4,
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Publication time; set on publishing when left empty. Leave the time empty if only the day is known.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Publication time; set on publishing when left empty. Leave the time empty if only the day is known.",
                null=True,
            ),
        ),
        migrations.RunPython(on_sqlite(MAKE), on_sqlite(DROP), elidable=False),
    ]
