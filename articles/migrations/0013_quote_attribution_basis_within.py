"""
Quote.attribution_basis (stated in the quote's sentence, or inferred from the context)
and Quote.within (the paraphrase a partial quote is part of).

On SQLite, adding columns remakes articles_quote, which the triggers of migration 0008
name: dropped first and made again after, as in 0011. Reversible.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

public_copy = importlib.import_module("articles.migrations.0008_quote_public_from")
channels = importlib.import_module("articles.migrations.0011_quote_channels")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_published_precision"),
    ]

    operations = [
        migrations.RunPython(
            channels.on_sqlite(public_copy.SQLITE_BACKWARD),
            channels.on_sqlite(public_copy.SQLITE_FORWARD),
            elidable=False,
        ),
        migrations.AddField(
            model_name="historicalquote",
            name="attribution_basis",
            field=models.CharField(
                choices=[("stated", "Stated in its sentence"), ("inferred", "Inferred from the context")],
                default="stated",
                help_text="Stated: the quote's own sentence names who said it. Inferred: the context does, e.g. a quote alone in its paragraph, attributed by the paragraph before.",
                max_length=8,
                verbose_name="how the speaker is known",
            ),
        ),
        migrations.AddField(
            model_name="historicalquote",
            name="within",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a partial quote: the paraphrase of the same article whose words it quotes.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.quote",
                verbose_name="part of the paraphrase",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="attribution_basis",
            field=models.CharField(
                choices=[("stated", "Stated in its sentence"), ("inferred", "Inferred from the context")],
                default="stated",
                help_text="Stated: the quote's own sentence names who said it. Inferred: the context does, e.g. a quote alone in its paragraph, attributed by the paragraph before.",
                max_length=8,
                verbose_name="how the speaker is known",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="within",
            field=models.ForeignKey(
                blank=True,
                help_text="For a partial quote: the paraphrase of the same article whose words it quotes.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="partials",
                to="articles.quote",
                verbose_name="part of the paraphrase",
            ),
        ),
        migrations.RunPython(
            channels.on_sqlite(public_copy.SQLITE_FORWARD),
            channels.on_sqlite(public_copy.SQLITE_BACKWARD),
            elidable=False,
        ),
    ]
