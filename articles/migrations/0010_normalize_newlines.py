"""
Bodies, standfirsts and quotes saved from the admin before line endings were normalised
hold "\r\n" (browsers send a textarea's lines so): store "\n" only, as Article.clean()
and Quote.clean() now do, and move each located quote's offsets back by the characters
removed before it. Only rows holding a "\r" are read, a few hundred articles at a time.
Not reversible in content (the carriage returns are not kept); reversing does nothing.
"""

import re
from bisect import bisect_left

from django.db import migrations
from django.db.models import Q

BATCH = 500
_CRLF = re.compile("\r\n")


def _normalized(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _removed(text):
    """Offsets of the carriage returns that normalising drops (those before a line feed)."""
    return [match.start() for match in _CRLF.finditer(text)]


def _update(connection, model, fields, rows):
    """UPDATE `fields` of `model` from rows of (*values, pk): one statement run for every row."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def normalize_newlines(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Quote = apps.get_model("articles", "Quote")
    connection = schema_editor.connection
    with_returns = Q(body__contains="\r") | Q(standfirst__contains="\r")
    ids = list(Article.objects.filter(with_returns).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        articles = Article.objects.filter(pk__in=batch).values_list("pk", "body", "standfirst")
        removed = {}
        article_rows = []
        for pk, body, standfirst in articles:
            removed[pk] = _removed(body)
            article_rows.append((_normalized(body), _normalized(standfirst), pk))
        quotes = Quote.objects.filter(article_id__in=batch, span_start__isnull=False)
        quote_rows = []
        for pk, article_id, span_start, span_end in quotes.values_list("pk", "article_id", "span_start", "span_end"):
            dropped = removed[article_id]
            if dropped:
                quote_rows.append(
                    (span_start - bisect_left(dropped, span_start), span_end - bisect_left(dropped, span_end), pk)
                )
        _update(connection, Article, ["body", "standfirst"], article_rows)
        _update(connection, Quote, ["span_start", "span_end"], quote_rows)
    quote_rows = [
        (_normalized(text), pk) for pk, text in Quote.objects.filter(text__contains="\r").values_list("pk", "text")
    ]
    _update(connection, Quote, ["text"], quote_rows)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_article_rounds_public_from")]

    operations = [migrations.RunPython(normalize_newlines, migrations.RunPython.noop, elidable=True)]
