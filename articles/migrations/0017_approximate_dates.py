"""
Approximate dates: early, mid and late in a month join the precisions (the precision
checks are made again with them), and rounds and quotes keep their dates as printed
(dates_printed, said_on_printed) beside the normalised ones.

On SQLite, the quote table is remade, which the triggers of migration 0008 name:
dropped first and made again after, as in 0011. Reversible while no date uses the new
precisions.
"""

import importlib

from django.db import migrations, models

public_copy = importlib.import_module("articles.migrations.0008_quote_public_from")
channels = importlib.import_module("articles.migrations.0011_quote_channels")


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0005_approximate_dates'),
        ('articles', '0016_roles_for_sources'),
    ]

    operations = [
        migrations.RunPython(
            channels.on_sqlite(public_copy.SQLITE_BACKWARD),
            channels.on_sqlite(public_copy.SQLITE_FORWARD),
            elidable=False,
        ),
        migrations.RemoveConstraint(
            model_name='negotiationround',
            name='round_start_precision',
        ),
        migrations.RemoveConstraint(
            model_name='negotiationround',
            name='round_end_precision',
        ),
        migrations.RemoveConstraint(
            model_name='quote',
            name='quote_said_on_precision',
        ),
        migrations.AddField(
            model_name='historicalnegotiationround',
            name='dates_printed',
            field=models.CharField(blank=True, help_text='The dates as the coverage gives them, when not a plain date: “planned for late March”, “within a fortnight”. Shown as printed; the dates above sort and filter.', max_length=200),
        ),
        migrations.AddField(
            model_name='historicalquote',
            name='said_on_printed',
            field=models.CharField(blank=True, help_text='When the words were said, as the article puts it when not a plain date: “earlier this month”.', max_length=200),
        ),
        migrations.AddField(
            model_name='negotiationround',
            name='dates_printed',
            field=models.CharField(blank=True, help_text='The dates as the coverage gives them, when not a plain date: “planned for late March”, “within a fortnight”. Shown as printed; the dates above sort and filter.', max_length=200),
        ),
        migrations.AddField(
            model_name='quote',
            name='said_on_printed',
            field=models.CharField(blank=True, help_text='When the words were said, as the article puts it when not a plain date: “earlier this month”.', max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalnegotiationround',
            name='end_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the end is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='historicalnegotiationround',
            name='start_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the start is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='historicalquote',
            name='said_on_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the date is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='negotiationround',
            name='end_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the end is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='negotiationround',
            name='start_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the start is known.', max_length=5),
        ),
        migrations.AlterField(
            model_name='quote',
            name='said_on_precision',
            field=models.CharField(blank=True, choices=[('day', 'Day'), ('early', 'Early in the month'), ('mid', 'Mid-month'), ('late', 'Late in the month'), ('month', 'Month'), ('year', 'Year')], help_text='How exactly the date is known.', max_length=5),
        ),
        migrations.AddConstraint(
            model_name='negotiationround',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('start_date__isnull', True), ('start_precision', '')), models.Q(('start_date__isnull', False), ('start_precision__in', ['day', 'early', 'mid', 'late', 'month', 'year'])), _connector='OR'), name='round_start_precision', violation_error_message='Give a precision for start date exactly when the date is known.'),
        ),
        migrations.AddConstraint(
            model_name='negotiationround',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('end_date__isnull', True), ('end_precision', '')), models.Q(('end_date__isnull', False), ('end_precision__in', ['day', 'early', 'mid', 'late', 'month', 'year'])), _connector='OR'), name='round_end_precision', violation_error_message='Give a precision for end date exactly when the date is known.'),
        ),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('said_on__isnull', True), ('said_on_precision', '')), models.Q(('said_on__isnull', False), ('said_on_precision__in', ['day', 'early', 'mid', 'late', 'month', 'year'])), _connector='OR'), name='quote_said_on_precision', violation_error_message='Give a precision for said on exactly when the date is known.'),
        ),
        migrations.RunPython(
            channels.on_sqlite(public_copy.SQLITE_FORWARD),
            channels.on_sqlite(public_copy.SQLITE_BACKWARD),
            elidable=False,
        ),
    ]
